"""The Method of Equal Shares (MES) and its completions (pabutools' and equalshares.net's).

**The rule** (one *run*, every variant):

- Each of the ``n`` voters (every ballot, including empty ones) starts with the same share ``b``
  (``B / n`` unless a completion raises it).
- The utility of a voter for an option is its cost if the voter approved it (approval ballots) or
  the points the voter gave it (points ballots). Supporters are the voters with positive utility.
- Each round, for every option that its supporters can still afford (their money adds up to at
  least its cost), find the smallest ``rho`` such that the sum over supporters of
  ``min(money_i, rho * u_i)`` equals the cost. Fund the option with the smallest ``rho``; each
  supporter pays ``min(money_i, rho * u_i)``. Stop when no option is affordable. (With approval
  ballots every supporter pays the same amount, capped by what they have; equalshares.net calls
  ``cost / payment`` the option's *effective vote count*: the smallest ``rho`` is the largest
  effective vote count.)
- Options that cost nothing: pabutools funds them before the rounds when somebody gives them
  positive utility (with approval ballots the utility is the cost, 0, so never);
  equalshares.net never funds them in a run (its greedy fill may).
- Ties (equal ``rho``) are broken by the variant's chain (see :class:`TieRule`), ending with the
  smaller option id (ids compared as text). Every tie broken in the returned run is listed.

**Completions** (what the variants name, see :mod:`.rules`):

- pabutools' add1 (``mes``, also called ``mes-pabutools-add1``): runs from ``B/n``,
  ``B/n + 1``, ``B/n + 2``, ... (currency units per voter); it returns the first outcome that is
  *exhaustive* (no unfunded option with supporters and a positive cost fits in what is left of
  ``B``), or the last outcome before one that costs more than ``B``. ``mes-plain`` is one run.
- equalshares.net's add1 (``equalshares/add1...``), as its computation tool and published code
  define it: if all options together cost at most ``B``, one run from ``B/n`` and nothing else.
  Otherwise the first run is from ``B/n`` (option ``integral``: from ``B/n`` rounded down to a
  whole currency unit), each next run adds the increment (default 1 currency unit) to every
  share, and the last outcome that costs at most ``B`` is kept: the search stops at the first run
  over ``B``, or (option ``exhaustive``) at an outcome after which no unfunded option, of any
  cost or support, fits in what is left of ``B``. Where the tool would never stop (every
  option with supporters fits in ``B``), the search stops at the first run that funds all of
  them. Then, for ``add1u`` and ``utilitarian`` (the latter without add1), a greedy *fill*
  funds, most votes first (points on points ballots; equal votes in the election's order), every
  option that still fits. Finally the optional *comparison step* compares the outcome with
  plain greedy (the same fill from nothing): with ``satisfaction``, a voter prefers the outcome
  that funds more of the options they voted for (more of their points); with ``exclusion``, a
  voter prefers the outcome that funds at least one of them when the other funds none; the greedy
  outcome replaces MES only if more voters prefer it.

**Exact completion in few runs** (the "ADD-OPT" idea). A run records, besides its outcome, how
every quantity would move if every share grew by ``d``: within one run the money of each voter
is then ``a + s * d`` (``s`` is exact), until a supporter of a funded option crosses between
"pays the full price" and "pays all they have". From these the run computes ``d*``, a lower
bound of the smallest increase at which any decision of the run could change: an option's price
could reach the funded one's (prices are convex in ``d`` while the money is affine, so a
tangent bounds them from below), an unaffordable option could become affordable, or a supporter
could cross. Every share ``b + d`` with ``d < d*`` gives the same sequence of decisions, so the
same outcome; the completion jumps straight to the first point of its own grid (``start + k *
increment``) at or beyond ``b + d*`` and runs again. The outcome, the share it ends at and every
number reported are those of stepping one increment at a time (a test checks both ways); the
trace lists every grid point, with ``computed=False`` for the points the jump proved identical.

**Exactness**: money is counted in integers of the smallest written unit. Budgets are kept as
integers over one common denominator ``D`` (``money_i = N_i / D``); when a payment would not be
a whole number of ``1/D``, ``D`` (and every ``N_i``) is multiplied by the missing factor. Prices
are exact fractions, so floats never decide anything (they only order a heap, safely).

**Speed**: voters are grouped into classes of equal money (and equal rate of change). The price
of an option needs only how many of its supporters sit in each class (one C-level ``Counter``
over its supporter list), and paying only re-labels the supporters. Prices never fall during a
run, so an option is re-priced only while its last known price could still be the best ("lazy"
evaluation, as pabutools and equalshares.net do too).
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby, repeat
from math import ceil, gcd
from operator import itemgetter, mul, neg, setitem

from .model import BallotKind, Election, InvalidElection
from .money import decimal_places, from_units, to_units
from .results import (
    BudgetResult,
    GreedyExplanation,
    GreedyReason,
    LazyMapping,
    MesExplanation,
    MesReason,
    Payment,
    Step,
    Tie,
    TieBreak,
    TieStage,
    VoterShares,
    frozen_mapping,
)

_ZERO_CLASS = 0  # the class of voters with nothing left (and nothing to gain)
#: A completion lists one trace step per grid point; when the grid has more points than this,
#: each stretch of points proven identical is written as one step with ``repeat`` (a demo-sized
#: vote can walk tens of thousands of points, which would make the stored outcome megabytes long).
TRACE_POINTS_LIMIT = 200


class CompletionOutcome(StrEnum):
    CONTINUE = "continue"  # within B and not final: the shares are raised again
    EXHAUSTIVE = "exhaustive"  # nothing else fits: this outcome is returned
    OVER_BUDGET = "over_budget"  # costs more than B: the previous outcome is returned
    ALL_FUNDED = "all_funded"  # every option with supporters is funded: this one is returned
    FINAL = "final"  # no larger share can change this outcome: it is returned


class TieRule(StrEnum):
    """A link of a tie-breaking chain; the chain always ends with the smaller id (as text)."""

    MIN_COST = "mincost"  # the option that costs less
    MAX_VOTES = "maxvotes"  # the option with more supporters (more points on points ballots)
    MAX_COST = "maxcost"  # the option that costs more


_TIE_LABEL = {
    TieRule.MIN_COST: TieBreak.LOWER_COST,
    TieRule.MAX_VOTES: TieBreak.MORE_VOTES,
    TieRule.MAX_COST: TieBreak.HIGHER_COST,
}


class Comparison(StrEnum):
    SATISFACTION = "satisfaction"
    EXCLUSION = "exclusion"


@dataclass(frozen=True)
class MesSpec:
    """The parameters of one MES variant (see the module docstring; :mod:`.rules` names them).

    :param add1: raise the shares until the outcome would cost more than the budget.
    :param style: ``"pabutools"`` or ``"equalshares"`` (free options, exhaustiveness, the
        all-affordable shortcut and the all-funded stop differ, see the module docstring).
    :param integral: equalshares: start from ``B/n`` rounded down to a whole currency unit.
    :param increment: currency units added to every share per step of the completion.
    :param exhaustive: stop the completion at the first exhaustive outcome.
    :param ties: the tie-breaking chain (the smaller id always ends it).
    :param fill: after MES, fund what still fits, most votes first (add1u, utilitarian).
    :param comparison: the comparison step with plain greedy, if any.
    :param jump: skip the grid points a run proves identical (``False``: step through all of
        them, as the published definitions do; the outcome is the same).
    """

    add1: bool = False
    style: str = "pabutools"
    integral: bool = False
    increment: Decimal = Decimal(1)
    exhaustive: bool = True
    ties: tuple[TieRule, ...] = ()
    fill: bool = False
    comparison: Comparison | None = None
    jump: bool = True

    def __post_init__(self) -> None:
        if self.style not in ("pabutools", "equalshares"):
            raise ValueError(f"unknown MES style {self.style!r}")
        if not self.increment > 0:
            raise ValueError("the increment must be positive")


PABUTOOLS_ADD1 = MesSpec(add1=True)
PABUTOOLS_PLAIN = MesSpec(add1=False)


# ---------------------------------------------------------------------------------------------
# Trace steps


@dataclass(frozen=True, kw_only=True)
class MesFree(Step):
    """An option that costs nothing, chosen before the rounds because somebody supports it."""

    kind = "mes_free"
    option: str


@dataclass(frozen=True, kw_only=True)
class MesRound(Step):
    """One round of MES: the chosen option and its price per unit of utility."""

    kind = "mes_round"
    round: int
    option: str
    cost: Decimal
    rho: Fraction  # per unit of cost (approval ballots) or money per point (points ballots)
    payers: int  # supporters who paid something
    paid_all: int  # of these, the ones who paid everything they had left
    tied: tuple[str, ...]  # options with the same rho (empty when there was no tie)


@dataclass(frozen=True, kw_only=True)
class MesCompletion(Step):
    """One point of the completion's grid: each voter starting from ``voter_budget``.

    ``computed`` is ``False`` for a point whose outcome a previous run proved identical (no run
    was needed); ``repeat`` counts further identical points folded into this step (only for
    very long stretches, see ``TRACE_POINTS_LIMIT``).
    """

    kind = "mes_completion"
    voter_budget: Fraction
    total_cost: Decimal
    selected: int
    outcome: CompletionOutcome
    computed: bool = True
    repeat: int = 0


@dataclass(frozen=True, kw_only=True)
class MesFill(Step):
    """An option funded after MES by the greedy fill (most votes first) of what was left."""

    kind = "mes_fill"
    option: str
    votes: int  # supporters (approval ballots) or points
    cost: Decimal
    available: Decimal  # the money left before it


@dataclass(frozen=True, kw_only=True)
class MesComparison(Step):
    """The comparison step: how many voters prefer each outcome, and which one was kept."""

    kind = "mes_comparison"
    criterion: Comparison
    prefers_mes: int
    prefers_greedy: int
    greedy_selected: tuple[str, ...]
    kept: str  # "mes" or "greedy"


# ---------------------------------------------------------------------------------------------
# The election, prepared once for every run


class _Instance:
    """Everything about an election that does not change between runs."""

    def __init__(self, election: Election, spec: MesSpec) -> None:
        self.election = election
        self.spec = spec
        self.ids = election.option_ids
        budget = election.require_budget(spec.style)
        self.places = decimal_places(
            [budget, spec.increment, *(option.cost for option in election.options)]
        )
        self.unit = 10**self.places
        self.budget = to_units(budget, self.places)
        self.increment = to_units(spec.increment, self.places)
        self.cost = [to_units(option.cost, self.places) for option in election.options]
        self.voters = len(election.ballots)
        self.approval = election.kind is BallotKind.APPROVAL
        self.supporters, self.utilities = _supporters(election)
        if self.approval:
            self.votes = [len(voters) for voters in self.supporters]
        else:
            self.votes = [sum(points) for points in self.utilities or ()]
        supported = [j for j, voters in enumerate(self.supporters) if voters]
        self.eligible = [j for j in supported if self.cost[j] > 0]
        # pabutools funds a free option up front if somebody gives it positive utility: with
        # points ballots, a point; with approval ballots never, since the utility is the cost.
        free = []
        if spec.style == "pabutools" and not self.approval:
            free = [j for j in supported if self.cost[j] == 0]
        self.free = sorted(free, key=self.ids.__getitem__)
        self.tie_keys = [self._tie_key(j) for j in range(len(self.ids))]

    def _tie_key(self, j: int) -> tuple:
        key: list = []
        for rule in self.spec.ties:
            if rule is TieRule.MIN_COST:
                key.append(self.cost[j])
            elif rule is TieRule.MAX_VOTES:
                key.append(-self.votes[j])
            else:
                key.append(-self.cost[j])
        key.append(self.ids[j])
        return tuple(key)

    def first_price(self, j: int) -> Fraction:
        """The price of ``j`` while every supporter can still pay it (a lower bound)."""
        if self.approval:
            return Fraction(1, len(self.supporters[j]))
        return Fraction(self.cost[j], self.votes[j])

    def money(self, units: int) -> Decimal:
        return from_units(units, self.places)

    def money_fraction(self, units: Fraction) -> Fraction:
        return units / self.unit

    @property
    def ballot_options(self) -> list[list[int]]:
        """Per voter, the options they support (for explanations)."""
        cached = getattr(self, "_ballot_options", None)
        if cached is None:
            cached = [[] for _ in range(self.voters)]
            for j, voters in enumerate(self.supporters):
                for voter in voters:
                    cached[voter].append(j)
            self._ballot_options = cached
        return cached


def _supporters(election: Election) -> tuple[list[list[int]], list[list[int]] | None]:
    """Per option, the voters with positive utility (and, for points, their points)."""
    position = {option: j for j, option in enumerate(election.option_ids)}
    supporters: list[list[int]] = [[] for _ in position]
    if election.kind is BallotKind.APPROVAL:
        for voter, ballot in enumerate(election.ballots):
            for option in ballot:
                supporters[position[option]].append(voter)
        return supporters, None
    utilities: list[list[int]] = [[] for _ in position]
    for voter, ballot in enumerate(election.ballots):
        for option, given in ballot:
            if given > 0:
                j = position[option]
                supporters[j].append(voter)
                utilities[j].append(given)
    return supporters, utilities


# ---------------------------------------------------------------------------------------------
# Money of the voters during a run


class _Budgets:
    """Voter money as classes: every voter of class ``c`` has the same exact money.

    A class's money at the run's share ``b`` is ``values[c] / denominator``. When the run also
    tracks how money moves with the share (``track``), ``slopes[c] / slope_denominator`` is how
    fast it grows if every share grows by ``d`` (money ``values[c] / D + d * slopes[c] / Ds``,
    ``d`` in money units; exact as long as no supporter crosses between paying the price and
    paying all, see the module docstring). Slopes have their own denominator so that tracking
    them does not make the money's denominator grow faster.

    Paying moves supporters to new classes (one per old class and utility); voters who are left
    with nothing (and would gain nothing from a larger share) join class 0, which is never
    stored. ``sizes`` tracks how many voters each class has, so emptied classes are forgotten.

    When a payment needs a finer denominator, a new *scale* is opened (the denominator times a
    factor) instead of multiplying every class at once: a class remembers the scale its numbers
    are written in and is brought to the current scale only when it is used (:meth:`refresh`).
    """

    def __init__(self, voters: int, numerator: int, denominator: int, track: bool) -> None:
        self.track = track
        self.scales = [denominator]  # the denominator of each scale, finest last
        self.slope_scales = [1]
        self.values: dict[int, int] = {}
        self.slopes: dict[int, int] = {}
        self.scale_of: dict[int, int] = {}
        self.slope_scale_of: dict[int, int] = {}
        self.factors: dict[int, int] = {}
        self.sizes: dict[int, int] = {}
        self.next_class = 1
        first = self.new_class(numerator, 1 if track else 0)
        if first:
            self.sizes[first] = voters
        self.of_voter = [first] * voters

    @property
    def denominator(self) -> int:
        return self.scales[-1]

    @property
    def slope_denominator(self) -> int:
        return self.slope_scales[-1]

    def new_class(self, value: int, slope: int) -> int:
        """A class with ``value`` (and ``slope``) over the current denominators; none for a
        voter left with nothing to spend now or later."""
        if value <= 0 and (value < 0 or slope <= 0 or not self.track):
            return _ZERO_CLASS
        cls = self.next_class
        self.next_class += 1
        self.values[cls] = value
        self.scale_of[cls] = len(self.scales) - 1
        if self.track:
            self.slopes[cls] = slope
            self.slope_scale_of[cls] = len(self.slope_scales) - 1
        self.sizes[cls] = 0
        return cls

    def refresh(self, classes: Iterable[int]) -> None:
        """Write the numbers of ``classes`` (class 0 excepted) over the current denominators."""
        current = len(self.scales) - 1
        values, scale_of = self.values, self.scale_of
        factors = self.factors  # from each older scale to the current one (reset by rescale)
        if self.track:
            classes = list(classes)
            self._refresh_slopes(classes)
        for cls in classes:
            if not cls:
                continue
            scale = scale_of[cls]
            if scale != current:
                factor = factors.get(scale)
                if factor is None:
                    factor = factors[scale] = self.scales[current] // self.scales[scale]
                values[cls] *= factor
                scale_of[cls] = current

    def _refresh_slopes(self, classes: list[int]) -> None:
        current = len(self.slope_scales) - 1
        slopes, scale_of = self.slopes, self.slope_scale_of
        factors: dict[int, int] = {}
        for cls in classes:
            if not cls:
                continue
            scale = scale_of[cls]
            if scale != current:
                factor = factors.get(scale)
                if factor is None:
                    factor = self.slope_scales[current] // self.slope_scales[scale]
                    factors[scale] = factor
                slopes[cls] *= factor
                scale_of[cls] = current

    def move(self, old: int, new: int, size: int) -> None:
        """Record that ``size`` voters left class ``old`` for class ``new``."""
        remaining = self.sizes[old] - size
        if remaining:
            self.sizes[old] = remaining
        else:
            del self.sizes[old], self.values[old], self.scale_of[old]
            if self.track:
                del self.slopes[old], self.slope_scale_of[old]
        if new:
            self.sizes[new] += size

    def rescale(self, factor: int, slope_factor: int) -> None:
        """Open finer scales: the denominators times these factors."""
        if factor != 1:
            self.scales.append(self.scales[-1] * factor)
            self.factors = {}
        if slope_factor != 1:
            self.slope_scales.append(self.slope_scales[-1] * slope_factor)


# ---------------------------------------------------------------------------------------------
# The earliest change: a running minimum of exact distances, screened with floats


class _Earliest:
    """The smallest ``d = num / den`` offered (``den > 0``; ``num <= 0`` counts as 0); ``None``
    while nothing was offered.

    Most candidates are discarded by a float comparison; only near-minimal ones are compared
    exactly, so the minimum is exact.
    """

    __slots__ = ("den", "float", "num")

    def __init__(self) -> None:
        self.num = 0
        self.den = 0
        self.float = float("inf")

    def offer(self, num: int, den: int) -> None:
        """A decision may change once every share grew by ``num / den`` (``den > 0``)."""
        if num <= 0:
            self.num, self.den, self.float = 0, 1, 0.0
            return
        if self.float == 0.0:
            return
        try:
            value = num / den
        except OverflowError:
            value = float("inf")
        if value > self.float * 1.000001 and value != float("inf"):
            return
        if self.den == 0 or num * self.den < self.num * den:
            self.num, self.den, self.float = num, den, value

    def result(self) -> Fraction | None:
        return None if self.den == 0 else Fraction(self.num, self.den)


# ---------------------------------------------------------------------------------------------
# Prices


@dataclass(frozen=True)
class _Price:
    """An option's exact price for the current budgets.

    The price per unit of utility is ``left / den`` (for approval ballots per unit of cost, the
    payment divided by the cost; for points ballots money per point), and it changes by
    ``left_slope / slope_den`` per money unit added to every share (tracked runs only).
    ``weight`` is the utility of the supporters who pay the full price; ``counts`` says how many
    supporters sit in each class (and, for points, give each utility); ``money`` is what the
    supporters hold before paying (money units).
    """

    rho: Fraction
    left: int
    weight: int
    den: int
    left_slope: int
    slope_den: int
    counts: dict
    money: Fraction

    def line(self) -> tuple:
        """``(left, den, left_slope, slope_den, value as float, slope as float)``."""
        return (
            self.left,
            self.den,
            self.left_slope,
            self.slope_den,
            self.left / self.den,
            self.left_slope / self.slope_den,
        )


def _price(inst: _Instance, budgets: _Budgets, j: int, earliest: _Earliest | None):
    """Exact price of option ``j``, or ``None`` if its supporters cannot afford it any more."""
    of_voter = budgets.of_voter
    values, slopes = budgets.values, budgets.slopes
    denominator = budgets.denominator
    cost = inst.cost[j] * denominator
    track = budgets.track
    if inst.approval:
        counts = Counter(map(of_voter.__getitem__, inst.supporters[j]))
        counts.pop(_ZERO_CLASS, None)
        budgets.refresh(counts)
        total = sum(map(mul, map(values.__getitem__, counts), counts.values()))
        if total < cost:
            if earliest is not None:
                total_slope = sum(map(mul, map(slopes.__getitem__, counts), counts.values()))
                if total_slope > 0:
                    earliest.offer(
                        (cost - total) * budgets.slope_denominator, total_slope * denominator
                    )
            return None
        left, left_slope, weight = cost, 0, sum(counts.values())
        # the poorest first (equal money: the slower growing first)
        order = sorted(counts, key=slopes.__getitem__) if track else counts
        for cls in sorted(order, key=values.__getitem__):
            value = values[cls] * weight
            if value > left:
                break
            if value == left and (not track or slopes[cls] * weight >= left_slope):
                break
            size = counts[cls]
            left -= values[cls] * size
            if track:
                left_slope -= slopes[cls] * size
            weight -= size
        money = Fraction(total, denominator)
        den = weight * cost  # the payment per unit of cost
        slope_den = weight * inst.cost[j] * budgets.slope_denominator
        return _Price(Fraction(left, den), left, weight, den, left_slope, slope_den, counts, money)
    counts = Counter(
        zip(map(of_voter.__getitem__, inst.supporters[j]), inst.utilities[j], strict=True)
    )
    budgets.refresh(cls for cls, _ in counts)
    if track:
        groups = [
            (values[cls], slopes[cls], utility, size)
            for (cls, utility), size in counts.items()
            if cls
        ]
    else:
        groups = [(values[cls], 0, utility, size) for (cls, utility), size in counts.items() if cls]
    total = sum(value * size for value, _, _, size in groups)
    if total < cost:
        if earliest is not None:
            total_slope = sum(slope * size for _, slope, _, size in groups)
            if total_slope > 0:
                earliest.offer(
                    (cost - total) * budgets.slope_denominator, total_slope * denominator
                )
        return None
    left, left_slope, weight = _equal_price(groups, cost, track)
    den = weight * denominator
    slope_den = weight * budgets.slope_denominator
    money = Fraction(total, denominator)
    return _Price(Fraction(left, den), left, weight, den, left_slope, slope_den, counts, money)


def _equal_price(groups, cost: int, track: bool) -> tuple[int, int, int]:
    """Solve ``sum(min(money, rho * utility) * size) == cost`` for ``rho = left / weight``.

    Start with everyone paying ``rho * utility``; whoever cannot (``money < rho * utility``,
    compared together with the rates of change when the money is equal) pays everything
    instead, which raises ``rho``; repeat until everyone left can pay.
    """
    left, left_slope = cost, 0
    weight = sum(utility * size for _, _, utility, size in groups)
    rich = groups
    while True:
        poor = []
        still_rich = []
        for group in rich:
            value, slope, utility, _ = group
            a, b = value * weight, left * utility
            if a < b or (track and a == b and slope * weight < left_slope * utility):
                poor.append(group)
            else:
                still_rich.append(group)
        if not poor:
            return left, left_slope, weight
        for value, slope, utility, size in poor:
            left -= value * size
            left_slope -= slope * size
            weight -= utility * size
        rich = still_rich


# ---------------------------------------------------------------------------------------------
# One run


@dataclass
class _Record:
    """What a run keeps of a funded option, to explain it afterwards."""

    option: int
    keys: list  # per supporter (in inst.supporters order): its class (approval) or (class, u)
    pay: dict  # key -> payment at the run's share, over ``denominator``
    denominator: int
    rho: Fraction
    money: Fraction  # the supporters' money before paying, in money units


@dataclass
class _Run:
    """The outcome of one run of MES with a given starting share."""

    share: Fraction  # per voter, in money units
    selected: list[int]
    spent: int  # in money units
    steps: list[Step]
    ties: list[Tie]
    records: list[_Record]
    next_change: Fraction | None  # no decision changes for shares below share + next_change
    tracked: bool = False  # whether next_change was computed (else it is 0: the next point)
    budgets: _Budgets | None = None  # the voters' money at the end (recorded runs)


def _pay(inst, budgets: _Budgets, j: int, price: _Price, earliest, record: bool):
    """Charge the supporters of ``j``; return (payers, payers who gave all, the record)."""
    common = gcd(price.left, price.weight)
    slope_common = gcd(price.left_slope, price.weight) if budgets.track else price.weight
    budgets.rescale(price.weight // common, price.weight // slope_common)
    unit_price = price.left // common  # per unit of utility, in units of 1/denominator
    unit_slope = price.left_slope // slope_common  # in units of 1/slope_denominator
    budgets.refresh(price.counts if inst.approval else (cls for cls, _ in price.counts))
    values, slopes = budgets.values, budgets.slopes
    # a distance d = (money gap / D) / (slope gap / Ds)
    scale_num, scale_den = budgets.slope_denominator, budgets.denominator
    relabel: dict = {_ZERO_CLASS: _ZERO_CLASS}  # approval keys are classes, points keys pairs
    created: dict = {}  # supporters left with equal money (and slope) share a new class
    pay: dict = {}
    payers = paid_all = 0
    track = budgets.track
    for key, size in price.counts.items():
        cls, utility = (key, 1) if inst.approval else key
        if not cls:
            relabel[key] = _ZERO_CLASS
            continue
        value = values[cls]
        owed = unit_price * utility
        left_over = value - owed
        left_slope = slopes[cls] - unit_slope * utility if track else 0
        payers += size
        poor = left_over < 0 or (track and left_over == 0 and left_slope < 0)
        if earliest is not None:
            if poor and left_slope > 0:  # pays all now; pays the price once the share grows
                earliest.offer(-left_over * scale_num, left_slope * scale_den)
            elif not poor and left_slope < 0:  # pays the price now; all it has, later
                earliest.offer(left_over * scale_num, -left_slope * scale_den)
        if poor:
            new = _ZERO_CLASS
            paid_all += size
            if record:
                pay[key] = value
        else:
            if left_over <= 0:
                paid_all += size
            pair = (left_over, left_slope)
            new = created.get(pair)
            if new is None:
                new = created[pair] = budgets.new_class(left_over, left_slope)
            if record:
                pay[key] = owed
        relabel[key] = new
        budgets.move(cls, new, size)
    of_voter = budgets.of_voter
    voters = inst.supporters[j]
    old = map(of_voter.__getitem__, voters)
    keys = old if inst.approval else zip(old, inst.utilities[j], strict=True)
    kept = None
    if record:
        keys = kept = list(keys)
    # of_voter[voter] = relabel[key] for every supporter, looped in C
    deque(map(setitem, repeat(of_voter), voters, map(relabel.__getitem__, keys)), maxlen=0)
    saved = None
    if record:
        saved = _Record(j, kept, pay, budgets.denominator, price.rho, price.money)
    return payers, paid_all, saved


class _Candidates:
    """The options still in play, in a heap keyed by their last known price.

    Budgets only shrink, so a last known price is a lower bound of the current one. Each round
    prices options cheapest-bound-first and stops once the next bound exceeds the best exact
    price found; options priced at exactly the best are the tie. An option its supporters can no
    longer afford is dropped for good.

    The heap is ordered by ``float(bound)``: rounding to float never reverses an order, so
    popping while ``float(bound) <= float(best)`` prices every option whose exact bound is at
    most the best (and at worst a few more). All decisions use the exact prices.

    For the earliest change, every bound is kept as a line in ``d`` (:meth:`_Price.line`).
    """

    def __init__(self, inst: _Instance) -> None:
        self.inst = inst
        self.heap = []
        self.bounds: dict[int, tuple] = {}
        for j in inst.eligible:
            first = inst.first_price(j)
            self.heap.append((float(first), inst.ids[j], j))
            self.bounds[j] = (first.numerator, first.denominator, 0, 1, float(first), 0.0)
        heapq.heapify(self.heap)

    def cheapest(self, budgets: _Budgets, earliest: _Earliest | None):
        best: Fraction | None = None
        best_float = 0.0
        tied: list[int] = []
        prices: dict[int, _Price] = {}
        heap = self.heap
        inst = self.inst
        bounds = self.bounds
        while heap and (best is None or heap[0][0] <= best_float):
            _, option_id, j = heapq.heappop(heap)
            if j not in bounds:
                continue  # funded (a stale heap entry)
            price = _price(inst, budgets, j, earliest)
            if price is None:
                del bounds[j]  # dropped for good
                continue
            prices[j] = price
            if best is None or price.rho < best:
                best, best_float, tied = price.rho, float(price.rho), [j]
            elif price.rho == best:
                tied.append(j)
        for j, price in prices.items():
            heapq.heappush(heap, (float(price.rho), inst.ids[j], j))
            if earliest is not None:
                bounds[j] = price.line()
        return best, tied, prices

    def remove(self, j: int) -> None:
        del self.bounds[j]

    def offer_overtakes(self, chosen: int, earliest: _Earliest) -> None:
        """Every option still in play could overtake ``chosen`` once its price line meets the
        chosen price: offer that distance."""
        c_left, c_den, c_slope, c_slope_den, c_float, c_slope_float = self.bounds[chosen]
        for j, (left, den, slope, slope_den, value_float, slope_float) in self.bounds.items():
            if j == chosen:
                continue
            # lines meet at d = (rho_j - rho_c) / (slope_c - slope_j), if slope_j < slope_c
            rate_float = c_slope_float - slope_float
            scale = abs(c_slope_float) + abs(slope_float)
            if rate_float < -1e-9 * scale:
                continue  # j's price falls slower than the chosen one's: it never catches up
            if rate_float > 1e-9 * scale:
                gap_float = value_float - c_float
                if (
                    gap_float > 1e-9 * abs(c_float)
                    and gap_float / rate_float > earliest.float * 1.000001
                ):
                    continue  # clearly later than the earliest change known
            rate = c_slope * slope_den - slope * c_slope_den  # over c_slope_den * slope_den
            if rate <= 0:
                continue
            gap = left * c_den - c_left * den  # over den * c_den
            earliest.offer(gap * c_slope_den * slope_den, rate * den * c_den)


def _run(inst: _Instance, share: Fraction, *, events: bool, record: bool) -> _Run:
    """One run of MES with every voter starting from ``share`` (money units)."""
    budgets = _Budgets(inst.voters, share.numerator, share.denominator, events)
    selected = list(inst.free)
    steps: list[Step] = [MesFree(option=inst.ids[j]) for j in inst.free]
    ties: list[Tie] = []
    records: list[_Record] = []
    spent = 0
    earliest = _Earliest() if events else None
    queue = _Candidates(inst)
    while True:
        best, tied, prices = queue.cheapest(budgets, earliest)
        if best is None:
            break
        chosen, rule = _break_tie(inst, tied)
        if earliest is not None:
            queue.offer_overtakes(chosen, earliest)
        payers, paid_all, saved = _pay(inst, budgets, chosen, prices[chosen], earliest, record)
        queue.remove(chosen)
        selected.append(chosen)
        spent += inst.cost[chosen]
        if saved is not None:
            records.append(saved)
        tied_ids = tuple(sorted(inst.ids[j] for j in tied)) if len(tied) > 1 else ()
        round_number = len(selected) - len(inst.free)
        steps.append(
            MesRound(
                round=round_number,
                option=inst.ids[chosen],
                cost=inst.money(inst.cost[chosen]),
                rho=best if inst.approval else best / inst.unit,
                payers=payers,
                paid_all=paid_all,
                tied=tied_ids,
            )
        )
        if tied_ids:
            ties.append(
                Tie(
                    stage=TieStage.MES_ROUND,
                    position=round_number,
                    options=tied_ids,
                    favoured=(inst.ids[chosen],),
                    rule=rule,
                )
            )
    next_change = earliest.result() if earliest is not None else Fraction(0)
    return _Run(
        share,
        selected,
        spent,
        steps,
        ties,
        records,
        next_change,
        events,
        budgets if record else None,
    )


def _break_tie(inst: _Instance, tied: list[int]) -> tuple[int, TieBreak]:
    """The winner of a tie by the variant's chain, and the link of the chain that decided."""
    if len(tied) == 1:
        return tied[0], TieBreak.SMALLER_ID
    keys = inst.tie_keys
    winner = min(tied, key=keys.__getitem__)
    for position, rule in enumerate(inst.spec.ties):
        others = [j for j in tied if keys[j][: position + 1] == keys[winner][: position + 1]]
        if len(others) == 1:
            return winner, _TIE_LABEL[rule]
    return winner, TieBreak.SMALLER_ID


# ---------------------------------------------------------------------------------------------
# Completions


def _fits_nothing(inst: _Instance, selected: Iterable[int], spent: int) -> bool:
    left = inst.budget - spent
    chosen = set(selected)
    if inst.spec.style == "pabutools":
        candidates: Iterable[int] = inst.eligible
    else:
        candidates = range(len(inst.ids))
    return not any(inst.cost[j] <= left for j in candidates if j not in chosen)


def _all_funded(inst: _Instance, run: _Run) -> bool:
    return len(set(inst.eligible) - set(run.selected)) == 0


class _Grid:
    """The completion's shares: ``start + k * increment`` (money units per voter)."""

    def __init__(self, inst: _Instance) -> None:
        n = inst.voters
        if inst.spec.integral:
            start = Fraction(inst.budget // (n * inst.unit) * inst.unit)
        else:
            start = Fraction(inst.budget, n)
        self.start = start
        self.increment = inst.increment

    def share(self, k: int) -> Fraction:
        return self.start + k * self.increment

    def steps_to(self, distance: Fraction | None) -> int | None:
        """The first grid step at or beyond ``distance`` (at least 1); ``None`` for never."""
        if distance is None:
            return None
        return max(1, ceil(distance / self.increment))


def _complete(inst: _Instance) -> tuple[_Run, list[Step]]:
    """The add1 search (see the module docstring); returns the kept run and the grid steps.

    A run that tracks how its decisions move with the share costs about a third more; when
    such a run could not skip a single grid point, the next ones do without for a while (1, 2,
    4, ... up to 16 runs), since nearby decisions are then usually as dense. Either way every
    grid point not skipped is counted, so the outcome is the same.
    """
    spec = inst.spec
    grid = _Grid(inst)
    points: list[tuple[int, _Run, CompletionOutcome, bool]] = []  # (k, run, outcome, computed)
    k = 0
    wait = backoff = 0
    run = _run(inst, grid.share(0), events=spec.jump, record=False)
    kept_k = 0
    while True:  # every way out is a break
        if spec.exhaustive and _fits_nothing(inst, run.selected, run.spent):
            points.append((k, run, CompletionOutcome.EXHAUSTIVE, True))
            break
        if spec.style == "equalshares" and _all_funded(inst, run):
            points.append((k, run, CompletionOutcome.ALL_FUNDED, True))
            break
        skip = grid.steps_to(run.next_change) if spec.jump else 1
        if skip is None:  # no larger share changes anything: the search would never stop
            points.append((k, run, CompletionOutcome.FINAL, True))
            break
        if spec.jump and run.tracked:
            if skip == 1:
                backoff = min(2 * backoff or 1, 16)
                wait = backoff
            else:
                backoff = 0
        points.append((k, run, CompletionOutcome.CONTINUE, True))
        track = spec.jump and wait == 0
        if wait:
            wait -= 1
        candidate = _run(inst, grid.share(k + skip), events=track, record=False)
        if candidate.spent > inst.budget:
            if skip > 1:  # the point before the over-budget one has the outcome of ``run``
                points.append((k + skip - 1, run, CompletionOutcome.CONTINUE, False))
            kept_k = k + skip - 1
            points.append((k + skip, candidate, CompletionOutcome.OVER_BUDGET, True))
            break
        k, run = k + skip, candidate
    if points[-1][2] is not CompletionOutcome.OVER_BUDGET:
        kept_k = points[-1][0]
    # the kept point once more, keeping what explains it (the search keeps nothing)
    kept = _run(inst, grid.share(kept_k), events=False, record=True)
    return kept, _completion_steps(inst, grid, points)


def _completion_steps(inst: _Instance, grid: _Grid, points) -> list[Step]:
    """One step per grid point from the first to the last one decided (see MesCompletion).

    On a long grid, consecutive points with the same outcome are folded into one step with
    ``repeat``; folding looks only at the outcomes, so stepping and jumping fold alike."""
    fold = points[-1][0] + 1 > TRACE_POINTS_LIMIT
    steps: list[Step] = []
    pending: list = []  # [k, run, computed, repeat] of a continuing point not yet written

    def flush() -> None:
        if pending:
            k, run, computed, repeat = pending
            steps.append(_grid_step(inst, grid, k, run, repeat, None, computed))
            pending.clear()

    def add(k: int, run: _Run, outcome, computed: bool, count: int = 1) -> None:
        continuing = outcome in (None, CompletionOutcome.CONTINUE)
        if fold and continuing and pending and _same_outcome(pending[1], run):
            pending[3] += count
            return
        flush()
        if not continuing:
            steps.append(_grid_step(inst, grid, k, run, 0, outcome, computed))
        elif fold:
            pending.extend([k, run, computed, count - 1])
        else:
            for offset in range(count):
                first_computed = computed and not offset
                steps.append(_grid_step(inst, grid, k + offset, run, 0, None, first_computed))

    previous_k = -1
    previous_run: _Run | None = None
    for k, run, outcome, computed in points:
        gap = k - previous_k - 1  # points between two listed ones: same outcome as the previous
        if gap and previous_run is not None:
            add(previous_k + 1, previous_run, None, False, gap)
        add(k, run, outcome, computed)
        previous_k, previous_run = k, run
    flush()
    return steps


def _same_outcome(one: _Run, other: _Run) -> bool:
    return one.selected == other.selected and one.spent == other.spent


def _grid_step(inst, grid, k, run, repeat_count, outcome=None, computed=False) -> MesCompletion:
    return MesCompletion(
        voter_budget=inst.money_fraction(grid.share(k)),
        total_cost=inst.money(run.spent),
        selected=len(run.selected),
        outcome=outcome or CompletionOutcome.CONTINUE,
        computed=computed,
        repeat=repeat_count,
    )


def _fill_order(inst: _Instance) -> list[int]:
    """Most votes (points) first; equal votes in the election's order."""
    return sorted(range(len(inst.ids)), key=lambda j: -inst.votes[j])


def _fill(inst: _Instance, selected: list[int], spent: int):
    """Fund, most votes first, every option that still fits; return the additions and where
    each option stood when its turn came."""
    chosen = set(selected)
    added: list[int] = []
    available: dict[int, int] = {}
    for j in _fill_order(inst):
        if j in chosen:
            continue
        available[j] = inst.budget - spent
        if spent + inst.cost[j] <= inst.budget:
            chosen.add(j)
            added.append(j)
            spent += inst.cost[j]
    return added, spent, available


def _fill_ties(inst: _Instance, before: list[int], added: list[int], available) -> list[Tie]:
    """Equal votes among the fill's candidates are taken in the election's order; a tie is
    reported where that order decided something: a candidate of the group was not funded
    although it would have fitted in what was left when the group's turn came."""
    ties = []
    chosen, earlier = set(added), set(before)
    candidates = [j for j in _fill_order(inst) if j not in earlier]
    for position, (_, members) in enumerate(groupby(candidates, key=inst.votes.__getitem__), 1):
        group = list(members)
        if len(group) < 2:
            continue
        at_start = available[group[0]]
        lost = [j for j in group if j not in chosen and inst.cost[j] <= at_start]
        if lost:
            ties.append(
                Tie(
                    stage=TieStage.FILL,
                    position=position,
                    options=tuple(sorted(inst.ids[j] for j in group)),
                    favoured=tuple(inst.ids[j] for j in group if j in chosen),
                    rule=TieBreak.FILE_ORDER,
                )
            )
    return ties


def _satisfaction(inst: _Instance, selected: Iterable[int], criterion: Comparison) -> list[int]:
    per_voter = [0] * inst.voters
    for j in selected:
        weights = inst.utilities[j] if inst.utilities is not None else repeat(1)
        for voter, weight in zip(inst.supporters[j], weights, strict=False):
            if criterion is Comparison.SATISFACTION:
                per_voter[voter] += weight
            else:
                per_voter[voter] = 1
    return per_voter


def _compare(inst: _Instance, mes_selected: list[int], greedy_selected: list[int]):
    criterion = inst.spec.comparison or Comparison.SATISFACTION
    ours = _satisfaction(inst, mes_selected, criterion)
    theirs = _satisfaction(inst, greedy_selected, criterion)
    prefers_mes = sum(1 for a, b in zip(ours, theirs, strict=True) if a > b)
    prefers_greedy = sum(1 for a, b in zip(ours, theirs, strict=True) if b > a)
    return prefers_mes, prefers_greedy


# ---------------------------------------------------------------------------------------------
# Explanations and "where your share went"


_PLUS_ONE = (1).__add__
_SECOND = itemgetter(1)


def _explain_run(inst: _Instance, run: _Run, funded: set[int], filled: set[int]):
    """MES explanations of every option, and the shares, from the kept (recorded) run.

    Amounts are added up as integers over the run's last denominator (a multiple of every
    earlier one) and turned into fractions of money only at the end. An option not funded in
    the run is followed round by round only until its supporters' money falls below its cost
    (what they paid afterwards does not explain why it lost); its money at the end is what they
    paid in all subtracted from what they started with.
    """
    share = inst.money_fraction(run.share)
    last = run.records[-1].denominator if run.records else 1
    to_money = Fraction(1, last * inst.unit)
    share_last = run.share * last  # a voter's share over the last denominator (may be a fraction)
    supporters = inst.supporters
    payments: dict[str, tuple[Payment, ...]] = {}
    record_of: dict[int, tuple[int, _Record]] = {}
    # the options not funded in the run: followed until their supporters' money (over ``last``)
    # falls below their cost
    money: dict[int, Fraction] = {}
    lost: dict[int, int] = {}  # option -> the round after which it could not be paid
    paid_for: dict[int, list[tuple[int, int, int]]] = {}
    for j in range(len(inst.ids)):
        if j not in funded or j in filled:
            money[j] = share_last * len(supporters[j])
            paid_for[j] = []
            if money[j] < inst.cost[j] * last or not supporters[j]:
                lost[j] = 0
    alive = [j for j in money if j not in lost]
    for number, rec in enumerate(run.records, 1):
        j = rec.option
        record_of[j] = (number, rec)
        # (-payment, voter): the largest payments first, each group's voters in order
        paid = map(neg, map(rec.pay.get, rec.keys, repeat(0)))
        pairs = sorted(zip(paid, supporters[j], strict=True))
        scale = rec.denominator * inst.unit
        groups = []
        for amount, members in groupby(pairs, key=itemgetter(0)):
            if amount >= 0:
                break
            ballots = tuple(map(_PLUS_ONE, map(_SECOND, members)))
            groups.append(Payment(amount=Fraction(-amount, scale), ballots=ballots))
        payments[inst.ids[j]] = tuple(groups)
        if not alive:
            continue
        to_last = last // rec.denominator
        pay_of = {voter: -amount * to_last for amount, voter in pairs if amount < 0}
        still = []
        for option in alive:
            if option == j:
                continue
            values = list(map(pay_of.get, supporters[option], repeat(0)))
            total = sum(values)
            if total:
                money[option] -= total
                paid_for[option].append((number, total, len(values) - values.count(0)))
                if money[option] < inst.cost[option] * last:
                    lost[option] = number
                    continue
            still.append(option)
        alive = still
    final = run.budgets
    if final is not None:  # the money at the end, from the voters' final classes
        scales = final.scales
        values = {
            cls: value * (final.denominator // scales[final.scale_of[cls]])
            for cls, value in final.values.items()
        }
        of_voter = final.of_voter
        at_end = Fraction(last, final.denominator)
        for j in money:
            held = sum(map(values.get, map(of_voter.__getitem__, supporters[j]), repeat(0)))
            money[j] = held * at_end
    explanations = {}
    for j, option in enumerate(inst.ids):
        count = len(supporters[j])
        at_start = share * count
        common = {
            "option": option,
            "funded": j in funded,
            "cost": inst.money(inst.cost[j]),
            "supporters": count,
            "money_at_start": at_start,
        }
        if j in record_of:
            number, rec = record_of[j]
            explanations[option] = MesExplanation(
                **common,
                reason=MesReason.FUNDED if j in funded else MesReason.NOT_FUNDED,
                round=number,
                money_left=inst.money_fraction(rec.money),
                price=rec.rho if inst.approval else rec.rho / inst.unit,
            )
            continue
        if j in inst.free:
            explanations[option] = MesExplanation(
                **common,
                reason=MesReason.FREE if j in funded else MesReason.NOT_FUNDED,
                money_left=at_start,
            )
            continue
        lost_round = lost.get(j)
        lost_to = inst.ids[run.records[lost_round - 1].option] if lost_round else None
        if j in filled:
            reason = MesReason.FILLED
        elif j in funded:
            reason = MesReason.GREEDY
        elif count == 0:
            reason = MesReason.NO_SUPPORTERS
        elif inst.cost[j] == 0:
            reason = MesReason.NOT_FUNDED
        elif lost_round == 0:
            reason = MesReason.TOO_FEW_SUPPORTERS
        elif lost_round is not None:
            reason = MesReason.SHARES_SPENT
        else:  # could still be paid for at the end: never happens in a finished run
            reason = MesReason.NOT_FUNDED
        contributions = sorted(
            (
                (run.records[number - 1].option, amount, how_many)
                for number, amount, how_many in paid_for[j]
            ),
            key=lambda item: (-item[1], inst.ids[item[0]]),
        )
        money_left = money[j] * to_money
        shortfall = Fraction(inst.cost[j], inst.unit) - money_left if j not in funded else None
        more = None
        if shortfall is not None and shortfall > 0 and share > 0 and count:
            more = ceil(shortfall / share)
        explanations[option] = MesExplanation(
            **common,
            reason=reason,
            money_left=money_left,
            shortfall=shortfall,
            more_supporters=more,
            lost_round=lost_round if j not in funded else None,
            lost_to=lost_to if j not in funded else None,
            paid_for=tuple(
                (inst.ids[c], amount * to_money, how_many)
                for c, amount, how_many in contributions[:5]
            ),
            paid_other=sum(amount for _, amount, _ in contributions[5:]) * to_money,
        )
    return explanations, payments


def _greedy_explanations(inst: _Instance, added: list[int], available: dict[int, int]):
    """Explanations when the comparison step kept the greedy outcome."""
    chosen = set(added)
    explanations = {}
    for position, j in enumerate(_fill_order(inst), 1):
        funded = j in chosen
        left = available.get(j)
        fits = left is not None and inst.cost[j] <= left
        reason = GreedyReason.FUNDED if funded else GreedyReason.DOES_NOT_FIT
        explanations[inst.ids[j]] = GreedyExplanation(
            option=inst.ids[j],
            funded=funded,
            reason=reason,
            cost=inst.money(inst.cost[j]),
            score=inst.votes[j],
            position=position,
            available=None if left is None else inst.money(left),
            shortfall=None if funded or fits or left is None else inst.money(inst.cost[j] - left),
        )
    return explanations


# ---------------------------------------------------------------------------------------------
# Entry points


def count_mes(election: Election, spec: MesSpec, method: str, variant: str) -> BudgetResult:
    """Count ``election`` with the MES variant ``spec``; ``method`` is the name asked for and
    ``variant`` the canonical name of ``spec`` (both are reported)."""
    election.require_kind(method, BallotKind.APPROVAL, BallotKind.POINTS)
    election.require_budget(method)
    inst = _Instance(election, spec)
    if inst.voters == 0:
        return _empty_result(inst, method, variant)
    extra_steps: list[Step] = []
    if not spec.add1 or (spec.style == "equalshares" and sum(inst.cost) <= inst.budget):
        run = _run(inst, Fraction(inst.budget, inst.voters), events=False, record=True)
    else:
        run, extra_steps = _complete(inst)
    selected = list(run.selected)
    spent = run.spent
    ties = list(run.ties)
    filled: list[int] = []
    if spec.fill:
        filled, spent_after, available = _fill(inst, selected, spent)
        left = inst.budget - spent
        for j in filled:
            extra_steps.append(
                MesFill(
                    option=inst.ids[j],
                    votes=inst.votes[j],
                    cost=inst.money(inst.cost[j]),
                    available=inst.money(left),
                )
            )
            left -= inst.cost[j]
        ties += _fill_ties(inst, selected, filled, available)
        selected += filled
        spent = spent_after
    explanations = None
    shares: VoterShares | None = None
    if spec.comparison is not None:
        greedy_added, greedy_spent, available = _fill(inst, [], 0)
        prefers_mes, prefers_greedy = _compare(inst, selected, greedy_added)
        kept = "greedy" if prefers_greedy > prefers_mes else "mes"
        extra_steps.append(
            MesComparison(
                criterion=spec.comparison,
                prefers_mes=prefers_mes,
                prefers_greedy=prefers_greedy,
                greedy_selected=tuple(inst.ids[j] for j in greedy_added),
                kept=kept,
            )
        )
        if kept == "greedy":
            selected, spent, filled = greedy_added, greedy_spent, []
            ties = _fill_ties(inst, [], greedy_added, available)
            explanations = _greedy_explanations(inst, greedy_added, available)
    if explanations is None:
        explanations, shares = _lazy_explanations(inst, run, set(selected), set(filled))
    return BudgetResult(
        method=method,
        variant=variant,
        budget=inst.money(inst.budget),
        selected=tuple(inst.ids[j] for j in selected),
        total_cost=inst.money(spent),
        leftover=inst.money(inst.budget - spent),
        ties=tuple(ties),
        trace=(*run.steps, *extra_steps),
        explanations=explanations
        if isinstance(explanations, LazyMapping)
        else frozen_mapping(explanations),
        shares=shares,
        voter_budget=inst.money_fraction(run.share),
    )


def _lazy_explanations(inst: _Instance, run: _Run, funded: set[int], filled: set[int]):
    """The explanations and the shares of ``run``, computed together on first use."""
    computed: list = []

    def both():
        if not computed:
            computed.extend(_explain_run(inst, run, funded, filled))
        return computed

    explanations = LazyMapping(lambda: both()[0])
    shares = VoterShares(
        voter_budget=inst.money_fraction(run.share),
        ballots=inst.voters,
        payments=LazyMapping(lambda: both()[1]),
    )
    return explanations, shares


def _empty_result(inst: _Instance, method: str, variant: str) -> BudgetResult:
    explanations = {
        option: MesExplanation(
            option=option,
            funded=False,
            reason=MesReason.NO_SUPPORTERS,
            cost=inst.money(inst.cost[j]),
            supporters=0,
            money_at_start=Fraction(0),
            money_left=Fraction(0),
            shortfall=Fraction(inst.money(inst.cost[j])),
        )
        for j, option in enumerate(inst.ids)
    }
    return BudgetResult(
        method=method,
        variant=variant,
        budget=inst.money(inst.budget),
        selected=(),
        total_cost=inst.money(0),
        leftover=inst.money(inst.budget),
        ties=(),
        trace=(),
        explanations=frozen_mapping(explanations),
        shares=VoterShares(voter_budget=Fraction(0), ballots=0, payments=frozen_mapping({})),
        voter_budget=None,
    )


def mes(election: Election) -> BudgetResult:
    """Method of Equal Shares with pabutools' add1 completion (``mes-pabutools-add1``)."""
    return count_mes(election, PABUTOOLS_ADD1, "mes", "mes-pabutools-add1")


def mes_plain(election: Election) -> BudgetResult:
    """Method of Equal Shares without completion: may leave part of the budget unspent."""
    return count_mes(election, PABUTOOLS_PLAIN, "mes-plain", "mes-plain")


def share_per_voter(election: Election) -> Fraction:
    """``B / n`` in currency units (0 without voters)."""
    budget = election.require_budget("mes")
    n = len(election.ballots)
    return Fraction(budget) / n if n else Fraction(0)


__all__ = [
    "PABUTOOLS_ADD1",
    "PABUTOOLS_PLAIN",
    "Comparison",
    "CompletionOutcome",
    "InvalidElection",
    "MesComparison",
    "MesCompletion",
    "MesFill",
    "MesFree",
    "MesRound",
    "MesSpec",
    "TieRule",
    "count_mes",
    "mes",
    "mes_plain",
]
