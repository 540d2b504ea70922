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
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar


class TieBreak(StrEnum):
    """What happened to a tie."""

    #: Broken in favour of the smaller option id, comparing ids as text (pabutools' default).
    SMALLER_ID = "smaller_id"
    #: Not broken: the tied options share a place and are reported together.
    SHARED = "shared"


class TieStage(StrEnum):
    """Where in a count a tie occurred."""

    RANKING = "ranking"  # tied options share a ranking position (ranked methods)
    GREEDY_ORDER = "greedy_order"  # equal votes/points decided who was considered first
    MES_ROUND = "mes_round"  # equal price per unit of satisfaction in a round of MES
    REMAINDER = "remainder"  # equal remainders decided who got one more rounding unit


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "winners": list(self.winners),
            "ranking": [list(group) for group in self.ranking],
            "scores": {key: json_number(value) for key, value in self.scores.items()},
            "ties": self.ties_as_dicts(),
            "trace": self.trace_as_dicts(),
        }


@dataclass(frozen=True, kw_only=True)
class BudgetResult(TallyResult):
    """Result of a budget method (greedy, Method of Equal Shares).

    :param selected: the funded options, in the order they were selected.
    """

    budget: Decimal
    selected: tuple[str, ...]
    total_cost: Decimal
    leftover: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "selected": list(self.selected),
            "total_cost": money(self.total_cost),
            "leftover": money(self.leftover),
            "ties": self.ties_as_dicts(),
            "trace": self.trace_as_dicts(),
        }


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
    if isinstance(value, (Step, Tie)):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        return [jsonable(item) for item in value]
    raise TypeError(f"cannot convert {type(value).__name__} to JSON data")
