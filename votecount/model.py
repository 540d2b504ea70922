"""Inputs of the counting engine: options, ballots and the election that holds them.

Everything here is a frozen dataclass of plain ids and numbers (no ORM objects), so a count can be
reproduced from a published file alone. An :class:`Election` is validated when it is built: a
ballot that names an unknown option, ranks an option twice or gives negative points is rejected
with :class:`InvalidElection`, so the counting functions can trust their input.

Ballot shapes, by :class:`BallotKind`:

- ``RANKED``: a tuple of option ids, most preferred first; it may rank only some options.
- ``APPROVAL``: a frozenset of the approved option ids.
- ``POINTS``: a tuple of ``(option id, points)`` pairs; points are whole numbers ``>= 0``.

An empty ballot is allowed for every kind: it still counts as a voter (it matters for the Method
of Equal Shares, where every voter receives an equal share of the budget).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from itertools import chain
from operator import ne

RankedBallot = tuple[str, ...]
ApprovalBallot = frozenset[str]
PointsBallot = tuple[tuple[str, int], ...]
Ballot = RankedBallot | ApprovalBallot | PointsBallot


class CountingError(ValueError):
    """Base class of the errors raised by the counting engine."""


class InvalidElection(CountingError):
    """The election data is inconsistent (unknown option, negative cost, bad ballot...)."""


class WrongBallotKind(CountingError):
    """A method was asked to count ballots it is not defined for (e.g. Borda on approvals)."""


class BallotKind(StrEnum):
    """How voters expressed themselves; decides which methods apply."""

    RANKED = "ranked"
    APPROVAL = "approval"
    POINTS = "points"


@dataclass(frozen=True, slots=True)
class Option:
    """One option (a proposal, a project). ``cost`` only matters for budget methods."""

    id: str
    cost: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidElection(f"option id must be a non-empty string, got {self.id!r}")
        cost = _as_decimal(self.cost, f"cost of option {self.id!r}")
        if cost < 0:
            raise InvalidElection(f"cost of option {self.id!r} is negative: {cost}")
        object.__setattr__(self, "cost", cost)


@dataclass(frozen=True)
class Election:
    """A closed vote: the options, every ballot cast, and the budget rules.

    :param kind: the ballot kind, see :class:`BallotKind`.
    :param options: the options in a stable order (ids must be unique).
    :param ballots: one entry per voter; lists and dicts are normalised to tuples/frozensets.
    :param budget: the money to distribute (budget methods, and ``points`` with a split).
    :param rounding_unit: amounts of the ``points`` split are multiples of this (e.g. 1 PLN).
    :param max_points: the most points one voter may distribute in total (points ballots).
    :param max_points_per_option: the most points one voter may give one option.
    :param min_score: the fewest votes (points, on points ballots) an option needs to be funded
        by the rules that have such a minimum (``greedy-threshold``, ``greedy-no-skip``);
        pabulib's ``min_project_score_threshold``.
    """

    kind: BallotKind
    options: tuple[Option, ...]
    ballots: tuple[Ballot, ...]
    budget: Decimal | None = None
    rounding_unit: Decimal = Decimal(1)
    max_points: int | None = None
    max_points_per_option: int | None = None
    min_score: int | None = None
    _index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kind = BallotKind(self.kind)
        options = tuple(self.options)
        index = _option_index(options)
        budget = None if self.budget is None else _as_decimal(self.budget, "budget")
        if budget is not None and budget < 0:
            raise InvalidElection(f"budget is negative: {budget}")
        unit = _as_decimal(self.rounding_unit, "rounding unit")
        if unit <= 0:
            raise InvalidElection(f"rounding unit must be positive, got {unit}")
        for name in ("max_points", "max_points_per_option", "min_score"):
            value = getattr(self, name)
            if value is not None and (not _is_whole(value) or value < 0):
                raise InvalidElection(f"{name} must be a whole number >= 0, got {value!r}")
        normalise = _NORMALISERS[kind]
        ballots = normalise(self.ballots)
        _VALIDATORS[kind](self, ballots, index)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "ballots", ballots)
        object.__setattr__(self, "budget", budget)
        object.__setattr__(self, "rounding_unit", unit)
        object.__setattr__(self, "_index", index)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The option ids, in the order the options were given."""
        return tuple(option.id for option in self.options)

    def cost_of(self, option_id: str) -> Decimal:
        """The cost of one option."""
        return self.options[self._index[option_id]].cost

    def require_kind(self, method: str, *kinds: BallotKind) -> None:
        """Raise :class:`WrongBallotKind` unless the ballots are of one of ``kinds``."""
        if self.kind not in kinds:
            allowed = " or ".join(kind.value for kind in kinds)
            raise WrongBallotKind(
                f"method {method!r} counts {allowed} ballots, but these are {self.kind.value}"
            )

    def require_budget(self, method: str) -> Decimal:
        """Return the budget, or raise :class:`InvalidElection` if there is none."""
        if self.budget is None:
            raise InvalidElection(f"method {method!r} needs a budget")
        return self.budget


def _as_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InvalidElection(f"{what} must be an int or a Decimal, got {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidElection(f"{what} must be a finite number, got {value!r}")
    return number


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _option_index(options: tuple[Option, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, option in enumerate(options):
        if not isinstance(option, Option):
            raise InvalidElection(f"options must be Option objects, got {option!r}")
        if option.id in index:
            raise InvalidElection(f"option id {option.id!r} appears twice")
        index[option.id] = position
    return index


def _normalise_ranked(ballots: Iterable[Iterable[str]]) -> tuple[RankedBallot, ...]:
    return tuple(map(tuple, ballots))


def _normalise_approval(ballots: Iterable[Iterable[str]]) -> tuple[ApprovalBallot, ...]:
    return tuple(map(frozenset, ballots))


def _normalise_points(
    ballots: Iterable[Mapping[str, int] | Iterable[tuple[str, int]]],
) -> tuple[PointsBallot, ...]:
    return tuple(
        tuple(ballot.items()) if isinstance(ballot, Mapping) else tuple(map(tuple, ballot))
        for ballot in ballots
    )


def _first_ballot_where(ballots: tuple[Ballot, ...], predicate) -> int:
    """1-based number of the first ballot matching ``predicate`` (used to word errors)."""
    return next(number for number, ballot in enumerate(ballots, 1) if predicate(ballot))


def _check_known_ids(ballots: tuple[Ballot, ...], ids: Iterable[str], index) -> None:
    unknown = set(ids).difference(index)
    if unknown:
        bad = min(unknown, key=str)
        number = _first_ballot_where(ballots, lambda ballot: bad in _ids_of(ballot))
        raise InvalidElection(f"ballot {number} names an unknown option {bad!r}")


def _ids_of(ballot: Ballot) -> Iterable[str]:
    if isinstance(ballot, frozenset):
        return ballot
    return [entry[0] if isinstance(entry, tuple) else entry for entry in ballot]


def _validate_ranked(election: Election, ballots, index) -> None:
    _check_known_ids(ballots, set().union(*ballots), index)
    if any(map(ne, map(len, ballots), map(len, map(set, ballots)))):
        number = _first_ballot_where(ballots, lambda ballot: len(set(ballot)) != len(ballot))
        raise InvalidElection(f"ballot {number} ranks an option more than once")


def _validate_approval(election: Election, ballots, index) -> None:
    _check_known_ids(ballots, set().union(*ballots), index)


def _validate_points(election: Election, ballots, index) -> None:
    ids = {entry[0] for entry in chain.from_iterable(ballots)}
    _check_known_ids(ballots, ids, index)
    cap = election.max_points_per_option
    total_cap = election.max_points
    for number, ballot in enumerate(ballots, 1):
        _validate_points_ballot(number, ballot, cap, total_cap)


def _validate_points_ballot(number: int, ballot, cap: int | None, total_cap: int | None) -> None:
    seen: set[str] = set()
    total = 0
    for entry in ballot:
        if len(entry) != 2:
            raise InvalidElection(f"ballot {number}: expected (option id, points) pairs")
        option_id, points = entry
        if option_id in seen:
            raise InvalidElection(f"ballot {number} gives points to {option_id!r} twice")
        seen.add(option_id)
        if not _is_whole(points) or points < 0:
            raise InvalidElection(
                f"ballot {number}: points for {option_id!r} must be a whole number >= 0, "
                f"got {points!r}"
            )
        if cap is not None and points > cap:
            raise InvalidElection(
                f"ballot {number} gives {points} points to {option_id!r}, more than {cap}"
            )
        total += points
    if total_cap is not None and total > total_cap:
        raise InvalidElection(f"ballot {number} gives {total} points, more than {total_cap}")


_NORMALISERS = {
    BallotKind.RANKED: _normalise_ranked,
    BallotKind.APPROVAL: _normalise_approval,
    BallotKind.POINTS: _normalise_points,
}

_VALIDATORS = {
    BallotKind.RANKED: _validate_ranked,
    BallotKind.APPROVAL: _validate_approval,
    BallotKind.POINTS: _validate_points,
}
