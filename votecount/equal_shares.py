"""The Method of Equal Shares (MES), with and without the "add1" completion.

Rule (as in ``pabutools`` and on equalshares.net):

- Each of the ``n`` voters (every ballot, including empty ones) starts with ``B / n``.
- The utility of a voter for an option is its cost if the voter approved it (approval ballots) or
  the points the voter gave it (points ballots). Supporters are the voters with positive utility;
  an option without supporters is never chosen.
- Each round, for every option that its supporters can still afford (their budgets add up to at
  least its cost), find the smallest ``rho`` such that the sum over supporters of
  ``min(budget_i, rho * u_i)`` equals the cost. Choose the option with the smallest ``rho``; each
  supporter pays ``min(budget_i, rho * u_i)``. Stop when no option is affordable.
- An option that costs nothing is chosen at the start if anybody gives it positive utility (with
  approval ballots its utility, the cost, is zero, so it is never chosen, exactly as pabutools).
- Ties (equal ``rho``) go to the smaller option id, compared as text. Every tie broken in the
  returned run is listed, whether or not another choice would have changed the final outcome.
- **add1 completion** (``mes``): the rule above is re-run from scratch with every voter's starting
  budget raised by 1 (``B/n + 1``, ``B/n + 2``, ...) as long as the outcome still costs at most
  ``B``; the last such outcome is returned. Like pabutools and equalshares.net, the search also
  stops at the first outcome that is *exhaustive* (no other supported option fits in what is
  left of ``B``). ``mes-plain`` is the rule without completion.

Exactness: money is counted in integers of the smallest written unit. Budgets are kept as
integers over one common denominator ``D`` (``budget_i = N_i / D``); when a payment would not be
a whole number of ``1/D``, ``D`` (and every ``N_i``) is multiplied by the missing factor. Prices
``rho`` are exact fractions, so floats can never change an outcome.

Speed: voters are grouped into classes of equal remaining budget. The price of an option needs
only how many of its supporters sit in each class (one C-level ``Counter`` over its supporter
list), and paying only re-labels the supporters. Prices never fall during a run, so an option is
re-priced only while its last known price could still be the best ("lazy" evaluation, as
pabutools does too).
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import repeat
from math import gcd
from operator import mul, setitem

from .model import BallotKind, Election
from .money import decimal_places, from_units, to_units
from .results import BudgetResult, Step, Tie, TieBreak, TieStage

_ZERO_CLASS = 0  # the class of voters with nothing left


class CompletionOutcome(StrEnum):
    CONTINUE = "continue"  # affordable and not exhaustive: raise the budgets again
    EXHAUSTIVE = "exhaustive"  # nothing else fits: this outcome is returned
    OVER_BUDGET = "over_budget"  # costs more than B: the previous outcome is returned


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
    """One run of the add1 completion, with each voter starting from ``voter_budget``."""

    kind = "mes_completion"
    voter_budget: Fraction
    total_cost: Decimal
    selected: int
    outcome: CompletionOutcome


@dataclass(frozen=True)
class _Run:
    """The outcome of one run of MES with a given starting budget."""

    selected: tuple[int, ...]
    spent: int  # in money units
    over_budget: bool
    steps: tuple[Step, ...]
    ties: tuple[Tie, ...]


class _Instance:
    """Everything about an election that does not change between runs."""

    def __init__(self, election: Election) -> None:
        self.ids = election.option_ids
        budget = election.require_budget("mes")
        self.places = decimal_places([budget, *(option.cost for option in election.options)])
        self.budget = to_units(budget, self.places)
        self.cost = [to_units(option.cost, self.places) for option in election.options]
        self.voters = len(election.ballots)
        self.approval = election.kind is BallotKind.APPROVAL
        self.supporters, self.utilities = _supporters(election)
        supported = [j for j, voters in enumerate(self.supporters) if voters]
        self.eligible = [j for j in supported if self.cost[j] > 0]
        # A free option is chosen up front if somebody gives it positive utility: with points
        # ballots, a point; with approval ballots never, since the utility is the cost, 0.
        free = [j for j in supported if self.cost[j] == 0 and not self.approval]
        self.free = sorted(free, key=self.ids.__getitem__)

    def first_price(self, j: int) -> Fraction:
        """The price of ``j`` while every supporter can still pay it (a lower bound)."""
        if self.approval:
            return Fraction(1, len(self.supporters[j]))
        return Fraction(self.cost[j], sum(self.utilities[j]))

    def money(self, units: int) -> Decimal:
        return from_units(units, self.places)


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


class _Budgets:
    """Voter budgets as classes: every voter of class ``c`` has the same exact budget.

    Paying moves supporters to new classes (one per old class and utility); voters who run out
    of money join class 0, which is never stored. ``sizes`` tracks how many voters each class
    has, so emptied classes are forgotten.

    Budgets are integers over a common denominator. When a payment needs a finer denominator,
    a new *scale* is opened (the denominator times a factor) instead of multiplying every
    budget at once: a class remembers the scale its value is written in and is brought to the
    current scale only when it is used (:meth:`refresh`).
    """

    def __init__(self, voters: int, numerator: int, denominator: int) -> None:
        self.scales = [denominator]  # the denominator of each scale, finest last
        self.values: dict[int, int] = {}
        self.scale_of: dict[int, int] = {}
        self.sizes: dict[int, int] = {}
        self.next_class = 1
        first = self.new_class(numerator)
        if first:
            self.sizes[first] = voters
        self.of_voter = [first] * voters

    @property
    def denominator(self) -> int:
        return self.scales[-1]

    def new_class(self, value: int) -> int:
        """A class with budget ``value / denominator`` (no class for an empty budget)."""
        if value <= 0:
            return _ZERO_CLASS
        cls = self.next_class
        self.next_class += 1
        self.values[cls] = value
        self.scale_of[cls] = len(self.scales) - 1
        self.sizes[cls] = 0
        return cls

    def refresh(self, classes) -> None:
        """Write the values of ``classes`` (class 0 excepted) over the current denominator."""
        current = len(self.scales) - 1
        values, scale_of = self.values, self.scale_of
        factors: dict[int, int] = {}
        for cls in classes:
            if not cls:
                continue
            scale = scale_of[cls]
            if scale != current:
                if scale not in factors:
                    factors[scale] = self.scales[current] // self.scales[scale]
                values[cls] *= factors[scale]
                scale_of[cls] = current

    def move(self, old: int, new: int, size: int) -> None:
        """Record that ``size`` voters left class ``old`` for class ``new``."""
        remaining = self.sizes[old] - size
        if remaining:
            self.sizes[old] = remaining
        else:
            del self.sizes[old], self.values[old], self.scale_of[old]
        if new:
            self.sizes[new] += size

    def rescale(self, factor: int) -> None:
        """Open a finer scale: the denominator times ``factor``."""
        if factor != 1:
            self.scales.append(self.scales[-1] * factor)


@dataclass(frozen=True)
class _Price:
    """An option's exact price for the current budgets.

    ``left / weight`` is the price per unit of utility, in units of ``1 / budgets.denominator``
    (for approval ballots each supporter counts as one unit, so it is the payment itself).
    ``counts`` says how many supporters sit in each class (and, for points, give each utility).
    """

    rho: Fraction
    left: int
    weight: int
    counts: dict


def _price(inst: _Instance, budgets: _Budgets, j: int) -> _Price | None:
    """Exact price of option ``j``, or ``None`` if its supporters cannot afford it any more."""
    of_voter = budgets.of_voter
    values = budgets.values
    cost = inst.cost[j] * budgets.denominator
    if inst.approval:
        counts = Counter(map(of_voter.__getitem__, inst.supporters[j]))
        counts.pop(_ZERO_CLASS, None)
        budgets.refresh(counts)
        if sum(map(mul, map(values.__getitem__, counts), counts.values())) < cost:
            return None
        left, weight = cost, sum(counts.values())
        for cls in sorted(counts, key=values.__getitem__):  # the poorest first
            value = values[cls]
            if value * weight >= left:
                break
            left -= value * counts[cls]
            weight -= counts[cls]
        rho = Fraction(left, weight * cost)  # the payment per unit of cost
        return _Price(rho, left, weight, counts)
    counts = Counter(
        zip(map(of_voter.__getitem__, inst.supporters[j]), inst.utilities[j], strict=True)
    )
    budgets.refresh(cls for cls, _ in counts)
    groups = [(values[cls], utility, size) for (cls, utility), size in counts.items() if cls]
    if sum(value * size for value, _, size in groups) < cost:
        return None
    left, weight = _equal_price(groups, cost)
    return _Price(Fraction(left, weight * budgets.denominator), left, weight, counts)


def _equal_price(groups: list[tuple[int, int, int]], cost: int) -> tuple[int, int]:
    """Solve ``sum(min(value, rho * utility) * size) == cost`` for ``rho = left / weight``.

    Start with everyone paying ``rho * utility``; whoever cannot (``value < rho * utility``)
    pays everything instead, which raises ``rho``; repeat until everyone left can pay.
    """
    left, weight = cost, sum(utility * size for _, utility, size in groups)
    rich = groups
    while True:
        poor: list[tuple[int, int, int]] = []
        still_rich: list[tuple[int, int, int]] = []
        for group in rich:
            (poor if group[0] * weight < left * group[1] else still_rich).append(group)
        if not poor:
            return left, weight
        for value, utility, size in poor:
            left -= value * size
            weight -= utility * size
        rich = still_rich


def _pay(inst: _Instance, budgets: _Budgets, j: int, price: _Price) -> tuple[int, int]:
    """Charge the supporters of ``j``; return (payers, payers who gave all they had)."""
    common = gcd(price.left, price.weight)
    budgets.rescale(price.weight // common)
    unit_price = price.left // common  # per unit of utility, now whole units of 1/denominator
    budgets.refresh(price.counts if inst.approval else (cls for cls, _ in price.counts))
    values = budgets.values
    relabel: dict = {_ZERO_CLASS: _ZERO_CLASS}  # approval keys are classes, points keys pairs
    created: dict[int, int] = {}  # supporters left with equal budgets share a new class
    payers = paid_all = 0
    for key, size in price.counts.items():
        cls, utility = (key, 1) if inst.approval else key
        if not cls:
            relabel[key] = _ZERO_CLASS
            continue
        left_over = values[cls] - unit_price * utility
        payers += size
        if left_over <= 0:
            paid_all += size
            new = _ZERO_CLASS
        else:
            if left_over not in created:
                created[left_over] = budgets.new_class(left_over)
            new = created[left_over]
        relabel[key] = new
        budgets.move(cls, new, size)
    of_voter = budgets.of_voter
    voters = inst.supporters[j]
    old = map(of_voter.__getitem__, voters)
    keys = old if inst.approval else zip(old, inst.utilities[j], strict=True)
    # of_voter[voter] = relabel[key] for every supporter, looped in C
    deque(map(setitem, repeat(of_voter), voters, map(relabel.__getitem__, keys)), maxlen=0)
    return payers, paid_all


def _run(inst: _Instance, extra_per_voter: int, stop_over_budget: bool) -> _Run:
    """One run of MES with starting budget ``B/n + extra_per_voter`` (money units)."""
    unit = 10**inst.places
    budgets = _Budgets(inst.voters, inst.budget + extra_per_voter * unit * inst.voters, inst.voters)
    selected = list(inst.free)
    steps: list[Step] = [MesFree(option=inst.ids[j]) for j in inst.free]
    ties: list[Tie] = []
    spent = 0
    queue = _Candidates(inst)
    while True:
        best, tied, prices = queue.cheapest(budgets)
        if best is None:
            break
        chosen = min(tied, key=inst.ids.__getitem__)
        payers, paid_all = _pay(inst, budgets, chosen, prices[chosen])
        queue.remove(chosen)
        selected.append(chosen)
        spent += inst.cost[chosen]
        tied_ids = tuple(sorted(inst.ids[j] for j in tied)) if len(tied) > 1 else ()
        round_number = len(selected) - len(inst.free)
        steps.append(
            MesRound(
                round=round_number,
                option=inst.ids[chosen],
                cost=inst.money(inst.cost[chosen]),
                rho=best if inst.approval else best / unit,
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
                    rule=TieBreak.SMALLER_ID,
                )
            )
        if stop_over_budget and spent > inst.budget:
            return _Run(tuple(selected), spent, True, tuple(steps), tuple(ties))
    return _Run(tuple(selected), spent, False, tuple(steps), tuple(ties))


class _Candidates:
    """The options still in play, in a heap keyed by their last known price.

    Budgets only shrink, so a last known price is a lower bound of the current one. Each round
    prices options cheapest-bound-first and stops once the next bound exceeds the best exact
    price found; options priced at exactly the best are the tie. An option its supporters can no
    longer afford is dropped for good.

    The heap is ordered by ``float(bound)``: rounding to float never reverses an order, so
    popping while ``float(bound) <= float(best)`` prices every option whose exact bound is at
    most the best (and at worst a few more). All decisions use the exact prices.
    """

    def __init__(self, inst: _Instance) -> None:
        self.inst = inst
        self.heap = [(float(inst.first_price(j)), inst.ids[j], j) for j in inst.eligible]
        heapq.heapify(self.heap)
        self.chosen: set[int] = set()

    def cheapest(self, budgets: _Budgets):
        best: Fraction | None = None
        best_float = 0.0
        tied: list[int] = []
        prices: dict[int, _Price] = {}
        heap = self.heap
        while heap and (best is None or heap[0][0] <= best_float):
            _, option_id, j = heapq.heappop(heap)
            if j in self.chosen:
                continue
            price = _price(self.inst, budgets, j)
            if price is None:
                continue
            prices[j] = price
            if best is None or price.rho < best:
                best, best_float, tied = price.rho, float(price.rho), [j]
            elif price.rho == best:
                tied.append(j)
        for j, price in prices.items():
            heapq.heappush(heap, (float(price.rho), self.inst.ids[j], j))
        return best, tied, prices

    def remove(self, j: int) -> None:
        self.chosen.add(j)


def _is_exhaustive(inst: _Instance, run: _Run) -> bool:
    left = inst.budget - run.spent
    chosen = set(run.selected)
    return not any(inst.cost[j] <= left for j in inst.eligible if j not in chosen)


def _complete(inst: _Instance) -> tuple[_Run, list[Step]]:
    """The add1 completion: raise every starting budget by 1 while the outcome stays within B."""
    steps: list[Step] = []
    extra = 0
    run = _run(inst, extra, stop_over_budget=False)  # from B/n each, MES never spends over B
    while True:
        exhaustive = _is_exhaustive(inst, run)
        steps.append(_completion_step(inst, extra, run, exhaustive))
        if exhaustive:
            return run, steps
        candidate = _run(inst, extra + 1, stop_over_budget=True)
        if candidate.over_budget:
            steps.append(_completion_step(inst, extra + 1, candidate, False))
            return run, steps
        run, extra = candidate, extra + 1


def _completion_step(inst: _Instance, extra: int, run: _Run, exhaustive: bool) -> MesCompletion:
    if run.over_budget:
        outcome = CompletionOutcome.OVER_BUDGET
    elif exhaustive:
        outcome = CompletionOutcome.EXHAUSTIVE
    else:
        outcome = CompletionOutcome.CONTINUE
    return MesCompletion(
        voter_budget=Fraction(inst.budget, 10**inst.places * inst.voters) + extra,
        total_cost=inst.money(run.spent),
        selected=len(run.selected),
        outcome=outcome,
    )


def _result(method: str, inst: _Instance, run: _Run, extra_steps: list[Step]) -> BudgetResult:
    return BudgetResult(
        method=method,
        budget=inst.money(inst.budget),
        selected=tuple(inst.ids[j] for j in run.selected),
        total_cost=inst.money(run.spent),
        leftover=inst.money(inst.budget - run.spent),
        ties=run.ties,
        trace=(*run.steps, *extra_steps),
    )


def _prepare(election: Election, method: str) -> _Instance:
    election.require_kind(method, BallotKind.APPROVAL, BallotKind.POINTS)
    election.require_budget(method)
    return _Instance(election)


def mes(election: Election) -> BudgetResult:
    """Method of Equal Shares with the add1 completion (see the module docstring)."""
    inst = _prepare(election, "mes")
    if inst.voters == 0:
        return _result("mes", inst, _Run((), 0, False, (), ()), [])
    run, steps = _complete(inst)
    return _result("mes", inst, run, steps)


def mes_plain(election: Election) -> BudgetResult:
    """Method of Equal Shares without completion: may leave part of the budget unspent."""
    inst = _prepare(election, "mes-plain")
    if inst.voters == 0:
        return _result("mes-plain", inst, _Run((), 0, False, (), ()), [])
    return _result("mes-plain", inst, _run(inst, 0, stop_over_budget=False), [])
