"""The ``points`` method: totals, the largest-remainder split, its ties and its trace."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given

from votecount import (
    BallotKind,
    Election,
    InvalidElection,
    Option,
    TieBreak,
    TieStage,
    points,
)
from votecount.point_totals import AllocationShare, NoAllocation, RemainderTie

from .strategies import counting_settings, points_elections


def election(options: str | list[str], ballots, budget=None, unit=1) -> Election:
    return Election(
        kind=BallotKind.POINTS,
        options=[Option(o) for o in options],
        ballots=ballots,
        budget=None if budget is None else Decimal(budget),
        rounding_unit=Decimal(unit),
    )


def test_totals_and_largest_remainder_split():
    # Totals 4, 3, 6 of 13. Exact shares of 100: 30.77, 23.08, 46.15 -> 30, 23, 46 = 99; the
    # unit left goes to the largest remainder (x: 0.77).
    result = points(election("xyz", [{"x": 3, "y": 2}, {"z": 5}, {"x": 1, "y": 1, "z": 1}], 100))
    assert result.totals == {"x": 4, "y": 3, "z": 6}
    assert result.allocation == {"x": Decimal(31), "y": Decimal(23), "z": Decimal(46)}
    assert result.ties == ()
    shares = [step for step in result.trace if isinstance(step, AllocationShare)]
    assert [(s.option, s.units, s.extra_unit) for s in shares] == [
        ("x", 30, True),
        ("y", 23, False),
        ("z", 46, False),
    ]
    assert shares[0].exact == Fraction(400, 13)


def test_rounding_unit_of_a_thousand():
    result = points(election("ab", [{"a": 1, "b": 2}], 10_000, unit=1000))
    assert result.allocation == {"a": Decimal(3000), "b": Decimal(7000)}


def test_equal_remainders_go_to_the_smaller_id_as_text_and_are_reported():
    # "10" and "9" are owed 1.5 units each; one unit is left: "10" < "9" as text.
    result = points(election(["9", "10"], [{"9": 1, "10": 1}], 3))
    assert result.allocation == {"9": Decimal(1), "10": Decimal(2)}
    (tie,) = result.ties
    assert (tie.stage, tie.rule, tie.options, tie.favoured) == (
        TieStage.REMAINDER,
        TieBreak.SMALLER_ID,
        ("10", "9"),
        ("10",),
    )
    assert any(isinstance(step, RemainderTie) for step in result.trace)


def test_no_budget_means_totals_only():
    result = points(election("ab", [{"a": 2}]))
    assert result.allocation is None
    assert set(result.as_dict()) == {"method", "totals", "trace"}


def test_no_points_no_split():
    result = points(election("ab", [{}, {"a": 0}], 100))
    assert result.allocation is None
    assert isinstance(result.trace[-1], NoAllocation)


def test_budget_must_be_a_multiple_of_the_unit():
    with pytest.raises(InvalidElection, match="multiple of the rounding unit"):
        points(election("ab", [{"a": 1}], 1500, unit=1000))


@counting_settings(max_examples=150)
@given(points_election=points_elections())
def test_allocations_sum_exactly_to_the_budget(points_election):
    result = points(points_election)
    if result.allocation is None:
        assert sum(result.totals.values()) == 0
        return
    unit = points_election.rounding_unit
    assert sum(result.allocation.values()) == points_election.budget
    total = sum(result.totals.values())
    for option, amount in result.allocation.items():
        assert amount % unit == 0
        exact = Fraction(points_election.budget) * result.totals[option] / total
        assert abs(Fraction(amount) - exact) < Fraction(unit)
    data = json.loads(json.dumps(result.as_dict()))
    assert set(data) == {"method", "totals", "allocation", "trace"}
    assert all(isinstance(amount, str) for amount in data["allocation"].values())


@counting_settings(max_examples=60)
@given(points_election=points_elections())
def test_points_do_not_depend_on_ballot_order(points_election):
    shuffled = list(points_election.ballots)
    random.Random(len(shuffled)).shuffle(shuffled)
    reordered = Election(
        kind=BallotKind.POINTS,
        options=points_election.options,
        ballots=shuffled,
        budget=points_election.budget,
        rounding_unit=points_election.rounding_unit,
    )
    assert points(reordered).as_dict() == points(points_election).as_dict()
