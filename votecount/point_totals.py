"""The ``points`` method: totals per option, and a budget split in proportion to points.

Rules:

- The total of an option is the sum of the points every ballot gave it.
- With a budget ``B`` and a rounding unit ``U``, option ``i`` is owed ``B * points_i / total``.
  Each option first gets that amount rounded *down* to a multiple of ``U``; the units left over
  (``B / U`` minus the units handed out) go one each to the options with the largest remainders
  (largest-remainder, or Hamilton, method). The amounts therefore add up to exactly ``B``.
- Equal remainders are broken in favour of the smaller option id (ids compared as text). A tie
  that decided who got a unit is reported as a :class:`~.results.Tie` and in the trace.
- ``B`` must be a multiple of ``U``. If nobody gave any points there is nothing to be
  proportional to, and no split is made (``allocation`` is ``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import groupby

from .model import BallotKind, Election, InvalidElection
from .results import PointsResult, Step, Tie, TieBreak, TieStage, frozen_mapping


@dataclass(frozen=True, kw_only=True)
class PointsTotal(Step):
    """The points an option received."""

    kind = "points_total"
    option: str
    points: int


@dataclass(frozen=True, kw_only=True)
class AllocationShare(Step):
    """How one option's amount was rounded (money in the budget's currency)."""

    kind = "allocation_share"
    option: str
    exact: Fraction  # B * points / total, before rounding
    units: int  # whole rounding units below the exact amount
    remainder: Fraction  # the fraction of a unit left over, which decides the extra units
    extra_unit: bool
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class RemainderTie(Step):
    """Options with equal remainders, of which only the ``favoured`` got an extra unit."""

    kind = "remainder_tie"
    options: tuple[str, ...]
    favoured: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NoAllocation(Step):
    """The budget was not split because no points were given."""

    kind = "no_allocation"


def points(election: Election) -> PointsResult:
    """Totals per option and, when the election has a budget, the largest-remainder split."""
    election.require_kind("points", BallotKind.POINTS)
    ids = election.option_ids
    totals = dict.fromkeys(ids, 0)
    for ballot in election.ballots:
        for option, given in ballot:
            totals[option] += given
    trace: list[Step] = [PointsTotal(option=option, points=totals[option]) for option in ids]
    allocation = None
    ties: tuple[Tie, ...] = ()
    if election.budget is not None:
        if sum(totals.values()) == 0:
            trace.append(NoAllocation())
        else:
            allocation, ties, steps = _split(totals, election.budget, election.rounding_unit)
            trace.extend(steps)
    return PointsResult(
        method="points",
        totals=frozen_mapping(totals),
        allocation=None if allocation is None else frozen_mapping(allocation),
        budget=election.budget,
        rounding_unit=election.rounding_unit,
        ties=ties,
        trace=tuple(trace),
    )


def _split(totals: dict[str, int], budget: Decimal, unit: Decimal):
    """Largest-remainder split of ``budget`` in multiples of ``unit``; see the module rules."""
    units_total = Fraction(budget) / Fraction(unit)
    if units_total.denominator != 1:
        raise InvalidElection(f"budget {budget} is not a multiple of the rounding unit {unit}")
    all_points = sum(totals.values())
    exact = {
        option: Fraction(given * units_total.numerator, all_points)
        for option, given in totals.items()
    }
    units = {option: share.numerator // share.denominator for option, share in exact.items()}
    remainder = {option: exact[option] - units[option] for option in totals}
    left_over = units_total.numerator - sum(units.values())
    order = sorted(totals, key=lambda option: (-remainder[option], option))
    extra = set(order[:left_over])
    ties = _remainder_ties(order, remainder, extra)
    allocation = {option: (units[option] + (option in extra)) * unit for option in totals}
    steps: list[Step] = [
        AllocationShare(
            option=option,
            exact=exact[option] * Fraction(unit),
            units=units[option],
            remainder=remainder[option],
            extra_unit=option in extra,
            amount=allocation[option],
        )
        for option in totals
    ]
    steps.extend(RemainderTie(options=tie.options, favoured=tie.favoured) for tie in ties)
    return allocation, ties, steps


def _remainder_ties(order, remainder, extra) -> tuple[Tie, ...]:
    """Groups of equal remainders that were split by the cut-off (some got a unit, some not)."""
    ties = []
    for _, group in groupby(order, key=remainder.__getitem__):
        members = tuple(group)
        favoured = tuple(option for option in members if option in extra)
        if favoured and len(favoured) < len(members):
            ties.append(
                Tie(
                    stage=TieStage.REMAINDER,
                    position=order.index(members[0]) + 1,
                    options=tuple(sorted(members)),
                    favoured=favoured,
                    rule=TieBreak.SMALLER_ID,
                )
            )
    return tuple(ties)
