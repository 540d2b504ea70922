"""Outputs of the counting engine: frozen results, ties and the step-by-step trace.

A result is data, not text: the web page and the command line render the same structure. Every
result offers :meth:`TallyResult.as_dict`, a JSON-ready dict in the published shape (money and
exact fractions as strings, so that no float rounding creeps into a recount).

Number formatting used by :func:`jsonable`:

- ``Decimal`` money is written as a plain decimal string (``"1250.50"``);
- a ``Fraction`` is written as an exact decimal string when it has one (``"12.5"``), and as
  ``"numerator/denominator"`` otherwise (``"1000/3"``);
- enums are written as their value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, ClassVar


class TieBreak(StrEnum):
    """What happened to a tie."""

    #: Broken in favour of the smaller option id, comparing ids as text (pabutools' default).
    SMALLER_ID = "smaller_id"
    #: Broken in favour of the option that costs less (equalshares.net's recommendation).
    LOWER_COST = "lower_cost"
    #: Broken in favour of the option that costs more.
    HIGHER_COST = "higher_cost"
    #: Broken in favour of the option with more votes (more points on points ballots).
    MORE_VOTES = "more_votes"
    #: Broken in favour of the option listed earlier in the election (the file's order).
    FILE_ORDER = "file_order"
    #: Not broken: the tied options share a place and are reported together.
    SHARED = "shared"


class TieStage(StrEnum):
    """Where in a count a tie occurred."""

    RANKING = "ranking"  # tied options share a ranking position (ranked methods)
    GREEDY_ORDER = "greedy_order"  # equal votes/points decided who was considered first
    MES_ROUND = "mes_round"  # equal price per unit of satisfaction in a round of MES
    REMAINDER = "remainder"  # equal remainders decided who got one more rounding unit
    FILL = "fill"  # equal votes decided the order of a greedy fill after MES


@dataclass(frozen=True, kw_only=True)
class Tie:
    """A tie that decided something, and how it was resolved.

    :param stage: where it happened.
    :param position: the ranking position, greedy step or MES round (1-based).
    :param options: the tied options, sorted by id.
    :param favoured: the options the tie-break favoured (empty when the tie is shared).
    :param rule: how it was resolved.
    """

    stage: TieStage
    position: int
    options: tuple[str, ...]
    favoured: tuple[str, ...]
    rule: TieBreak

    def as_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of a trace. Subclasses set ``kind`` and add their own fields."""

    kind: ClassVar[str] = "step"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.kind}
        for f in fields(self):
            data[f.name] = jsonable(getattr(self, f.name))
        return data


@dataclass(frozen=True, kw_only=True)
class TallyResult:
    """What every method returns: the method name, the ties and the trace."""

    method: str
    ties: tuple[Tie, ...]
    trace: tuple[Step, ...]

    def trace_as_dicts(self) -> list[dict[str, Any]]:
        return [step.as_dict() for step in self.trace]

    def ties_as_dicts(self) -> list[dict[str, Any]]:
        return [tie.as_dict() for tie in self.ties]

    def as_dict(self) -> dict[str, Any]:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class RankingResult(TallyResult):
    """Result of a ranked method (Borda, Schulze, instant-runoff).

    :param winners: the options ranked first, sorted by id.
    :param ranking: groups of options from first place down; a group of several is a tie.
    :param scores: the score behind the ranking, or ``None`` where the method has no score.
    """

    winners: tuple[str, ...]
    ranking: tuple[tuple[str, ...], ...]
    scores: Mapping[str, Fraction | int | None]
    explanations: Mapping[str, RankedExplanation] = field(default_factory=dict)

    @property
    def variant(self) -> str:
        return self.method

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "winners": list(self.winners),
            "ranking": [list(group) for group in self.ranking],
            "scores": {key: json_number(value) for key, value in self.scores.items()},
            "ties": self.ties_as_dicts(),
            "trace": self.trace_as_dicts(),
            "explanations": explanations_as_dict(self.explanations),
        }


@dataclass(frozen=True, kw_only=True)
class BudgetResult(TallyResult):
    """Result of a budget method (greedy, Method of Equal Shares).

    :param method: the name the count was asked for (as stored on a vote, e.g. ``"mes"``).
    :param variant: the canonical name of the rule applied (e.g. ``"mes-pabutools-add1"``);
        ``rules.rule(variant)`` gives it back, and it is what a ``.pb`` META ``rule`` says.
    :param selected: the funded options, in the order they were selected.
    :param explanations: why each option was funded or not, in numbers (one entry per option).
    :param shares: for the Method of Equal Shares, what each ballot paid for each funded option
        ("where your share went"); ``None`` for rules without per-voter shares.
    :param voter_budget: for the Method of Equal Shares, the share per voter of the run whose
        outcome this is (after any completion); ``None`` otherwise.
    """

    budget: Decimal
    selected: tuple[str, ...]
    total_cost: Decimal
    leftover: Decimal
    variant: str = ""
    explanations: Mapping[str, BudgetExplanation] = field(default_factory=dict)
    shares: VoterShares | None = None
    voter_budget: Fraction | None = None

    def as_dict(self, *, shares: bool = False) -> dict[str, Any]:
        """The published JSON shape; ``shares=True`` adds every ballot's payments."""
        data: dict[str, Any] = {
            "method": self.method,
            "variant": self.variant or self.method,
            "selected": list(self.selected),
            "total_cost": money(self.total_cost),
            "leftover": money(self.leftover),
            "ties": self.ties_as_dicts(),
            "trace": self.trace_as_dicts(),
            "explanations": explanations_as_dict(self.explanations),
        }
        if self.voter_budget is not None:
            data["voter_budget"] = fraction_str(self.voter_budget)
        if shares and self.shares is not None:
            data["shares"] = self.shares.as_dict()
        return data


@dataclass(frozen=True, kw_only=True)
class PointsResult(TallyResult):
    """Result of the ``points`` method: totals, and the budget split when there is a budget."""

    totals: Mapping[str, int]
    allocation: Mapping[str, Decimal] | None
    budget: Decimal | None
    rounding_unit: Decimal

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"method": self.method, "totals": dict(self.totals)}
        if self.allocation is not None:
            data["allocation"] = {key: money(value) for key, value in self.allocation.items()}
        data["trace"] = self.trace_as_dicts()
        return data


# ---------------------------------------------------------------------------------------------
# Explanations: why each option was funded or not, in numbers a page can put into words


@dataclass(frozen=True, kw_only=True)
class Explanation:
    """Why one option ended where it did. Subclasses set ``kind`` and add their own numbers.

    Every amount is exact: ``Decimal`` for money that is a whole number of the smallest written
    unit, ``Fraction`` for shares of it (JSON: ``"1000/3"`` when it does not terminate).
    """

    kind: ClassVar[str] = "explanation"
    option: str

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            data[f.name] = jsonable(getattr(self, f.name))
        return data


class MesReason(StrEnum):
    """Why the Method of Equal Shares funded an option or not."""

    FUNDED = "funded"  # funded in a round of MES
    FREE = "free"  # costs nothing and somebody gave it points: funded before the rounds
    FILLED = "filled"  # funded after MES by the greedy fill of what was left (add1u/utilitarian)
    GREEDY = "greedy"  # funded because the comparison step chose the greedy outcome
    TOO_FEW_SUPPORTERS = "too_few_supporters"  # its supporters' shares never covered the cost
    SHARES_SPENT = "shares_spent"  # it could have been paid, until its supporters paid for others
    NO_SUPPORTERS = "no_supporters"  # nobody voted for it
    NOT_FUNDED = "not_funded"  # not funded: the comparison step chose the greedy outcome, or
    # it costs nothing and these ballots give it no utility


@dataclass(frozen=True, kw_only=True)
class MesExplanation(Explanation):
    """One option under the Method of Equal Shares, at the share per voter of the final run.

    :param funded: whether the option is in the outcome.
    :param reason: see :class:`MesReason`.
    :param cost: the option's cost.
    :param supporters: voters who voted for it (approval) or gave it points.
    :param round: the MES round in which it was funded (``None`` otherwise).
    :param money_at_start: its supporters' shares at the start (supporters x share per voter).
    :param money_left: what its supporters had left: for a funded option just before it was
        paid, for an unfunded one at the end of the count. Compare it with ``cost``.
    :param shortfall: ``cost - money_left`` for an option not funded (``None`` otherwise).
    :param more_supporters: for an option not funded, how many more supporters with a full
        share each it would have needed for its supporters to hold its cost at the end (``None``
        when it was funded or had no supporters: then ``shortfall`` says it).
    :param lost_round: for an option not funded, the round after which its supporters' money
        no longer covered the cost (0: it never did), and ``lost_to`` the option funded in that
        round (``None`` for round 0).
    :param paid_for: for an option not funded: what its supporters paid for the options funded
        until it lost (rounds ``1..lost_round``), the largest first, as ``(option, amount,
        supporters who paid)``, the first five; ``paid_other`` is what they paid for the rest of
        those. Once it lost, what they paid does not explain why.
    :param price: for an option funded in a round: what each supporter paid per unit of its
        utility (the trace's rho).
    """

    kind = "mes"
    funded: bool
    reason: MesReason
    cost: Decimal
    supporters: int
    round: int | None = None
    money_at_start: Fraction
    money_left: Fraction
    shortfall: Fraction | None = None
    more_supporters: int | None = None
    lost_round: int | None = None
    lost_to: str | None = None
    paid_for: tuple[tuple[str, Fraction, int], ...] = ()
    paid_other: Fraction = Fraction(0)
    price: Fraction | None = None


class GreedyReason(StrEnum):
    """Why a greedy rule funded an option or not."""

    FUNDED = "funded"  # it fitted in what was left when its turn came
    DOES_NOT_FIT = "does_not_fit"  # it cost more than what was left when its turn came
    BELOW_THRESHOLD = "below_threshold"  # fewer votes (points) than the rule's minimum
    NOT_REACHED = "not_reached"  # no-skip rule: the count stopped at an earlier option
    NO_VOTES = "no_votes"  # a greedy fill after MES and the option has no votes at all


@dataclass(frozen=True, kw_only=True)
class GreedyExplanation(Explanation):
    """One option under a greedy rule.

    :param position: its place in the order the options were considered (most votes first).
    :param score: its votes (approval ballots) or points (points ballots).
    :param available: the money left when its turn came (``None`` if it was never considered).
    :param shortfall: ``cost - available`` when it did not fit (``None`` otherwise).
    :param threshold: the minimum score of the rule, if it has one.
    """

    kind = "greedy"
    funded: bool
    reason: GreedyReason
    cost: Decimal
    score: int
    position: int
    available: Decimal | None
    shortfall: Decimal | None = None
    threshold: int | None = None


@dataclass(frozen=True, kw_only=True)
class RankedExplanation(Explanation):
    """One option under a ranked method.

    :param place: its place in the ranking (tied options share a place).
    :param score: its score (Borda points), if the method has scores.
    :param round: instant-runoff: the round of the count for first place in which it was
        eliminated (``None`` if it was not eliminated there: the winner, or the count stopped
        because another option had a majority).
    :param votes: instant-runoff: its votes in that round (or in the last round counted).
    :param margin: how far it was from the next better outcome, in the method's own unit:
        instant-runoff, the votes it lacked to overtake the weakest option that stayed (or the
        winner's lead over it when the count stopped on a majority); Borda, the points it had
        fewer than the winner; Schulze, the winner's margin over it head to head (ballots
        preferring the winner minus ballots preferring it; 0 or less means a cycle decided).
    :param behind: the option that margin is measured against.
    """

    kind = "ranked"
    place: int
    score: Fraction | int | None = None
    round: int | None = None
    votes: int | None = None
    margin: Fraction | int | None = None
    behind: str | None = None


BudgetExplanation = MesExplanation | GreedyExplanation


@dataclass(frozen=True, kw_only=True)
class Payment:
    """Ballots that paid the same ``amount`` for one funded option (ballots numbered from 1)."""

    amount: Fraction
    ballots: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"amount": fraction_str(self.amount), "ballots": list(self.ballots)}


@dataclass(frozen=True, kw_only=True)
class VoterShares:
    """Where each voter's share went under the Method of Equal Shares.

    :param voter_budget: every voter's share at the start (the final run's share per voter).
    :param ballots: the number of ballots (voters), numbered 1..n in the election's order (a
        ``.pb`` file written by :meth:`~.pabulib.PbFile.from_election` uses these numbers as
        voter ids).
    :param payments: per funded option (in the order funded), the ballots that paid for it,
        grouped by amount. Options funded by a completion without shares (a greedy fill) and
        free options have no payments.
    """

    voter_budget: Fraction
    ballots: int
    payments: Mapping[str, tuple[Payment, ...]]

    @cached_property
    def _by_ballot(self) -> dict[int, list[tuple[str, Fraction]]]:
        index: dict[int, list[tuple[str, Fraction]]] = {}
        for option, groups in self.payments.items():
            for group in groups:
                for number in group.ballots:
                    index.setdefault(number, []).append((option, group.amount))
        return index

    def of_ballot(self, number: int) -> tuple[tuple[str, Fraction], ...]:
        """What ballot ``number`` (1-based) paid, per funded option, in the order funded."""
        if not 1 <= number <= self.ballots:
            raise IndexError(f"there is no ballot {number} (ballots are 1..{self.ballots})")
        return tuple(self._by_ballot.get(number, ()))

    def unspent(self, number: int) -> Fraction:
        """What is left of ballot ``number``'s share at the end."""
        return self.voter_budget - sum(
            (amount for _, amount in self.of_ballot(number)), Fraction(0)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "voter_budget": fraction_str(self.voter_budget),
            "ballots": self.ballots,
            "payments": {
                option: [group.as_dict() for group in groups]
                for option, groups in self.payments.items()
            },
        }


class LazyMapping(Mapping):
    """A read-only mapping computed on first use, so that a result stays cheap until someone
    reads it (a recount that prints a summary never needs the per-voter shares). The result is
    still immutable: the mapping is computed once and never changes."""

    __slots__ = ("_compute", "_data")

    def __init__(self, compute) -> None:
        self._compute = compute
        self._data: dict | None = None

    def _mapping(self) -> dict:
        if self._data is None:
            self._data = dict(self._compute())
            self._compute = None
        return self._data

    def __getitem__(self, key):
        return self._mapping()[key]

    def __iter__(self):
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __repr__(self) -> str:
        return f"LazyMapping({self._mapping()!r})"


def explanations_as_dict(explanations: Mapping[str, Explanation]) -> dict[str, Any]:
    return {option: explanation.as_dict() for option, explanation in explanations.items()}


def frozen_mapping(items: Mapping[str, Any] | Any) -> Mapping[str, Any]:
    """A read-only copy of a mapping (results are immutable)."""
    return MappingProxyType(dict(items))


def money(value: Decimal) -> str:
    """A Decimal amount as a plain decimal string, never in exponent notation."""
    return format(value, "f")


def fraction_str(value: Fraction) -> str:
    """An exact rational as a decimal string when it terminates, else ``"p/q"``."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value.numerator * 10**places // value.denominator
    text = format(Decimal(scaled).scaleb(-places), "f")
    return text


def json_number(value: Fraction | int | None) -> int | float | None:
    """A score as a JSON number: an int when whole, else a float (scores are halves at most)."""
    if value is None or isinstance(value, int):
        return value
    if value.denominator == 1:
        return value.numerator
    return float(value)


def jsonable(value: Any) -> Any:
    """Convert trace values to JSON-ready data (see the module docstring for number formats)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, Fraction):
        return fraction_str(value)
    if isinstance(value, (Step, Tie, Explanation)):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        return [jsonable(item) for item in value]
    raise TypeError(f"cannot convert {type(value).__name__} to JSON data")
