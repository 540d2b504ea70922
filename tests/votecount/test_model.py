"""Elections are validated when built, and the registry lists every method."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from votecount import (
    METHOD_BALLOT_KINDS,
    TALLY_METHODS,
    BallotKind,
    Election,
    InvalidElection,
    Option,
)


def build(kind, ballots, **extra) -> Election:
    return Election(kind=kind, options=[Option("a"), Option("b")], ballots=ballots, **extra)


@pytest.mark.parametrize(
    ("kind", "ballots", "extra", "message"),
    [
        (BallotKind.RANKED, [("a", "x")], {}, "ballot 1 names an unknown option 'x'"),
        (
            BallotKind.RANKED,
            [("a",), ("b", "a", "b")],
            {},
            "ballot 2 ranks an option more than once",
        ),
        (BallotKind.APPROVAL, [set(), {"c"}], {}, "ballot 2 names an unknown option 'c'"),
        (BallotKind.POINTS, [{"a": -1}], {}, "must be a whole number >= 0"),
        (BallotKind.POINTS, [{"a": 1.5}], {}, "must be a whole number >= 0"),
        (BallotKind.POINTS, [[("a", 1), ("a", 2)]], {}, "gives points to 'a' twice"),
        (BallotKind.POINTS, [{"a": 4}], {"max_points_per_option": 3}, "more than 3"),
        (BallotKind.POINTS, [{"a": 3, "b": 3}], {"max_points": 5}, "gives 6 points, more than 5"),
        (BallotKind.APPROVAL, [], {"budget": Decimal(-1)}, "budget is negative"),
        (BallotKind.APPROVAL, [], {"rounding_unit": Decimal(0)}, "must be positive"),
    ],
)
def test_invalid_elections_are_rejected(kind, ballots, extra, message):
    with pytest.raises(InvalidElection, match=message):
        build(kind, ballots, **extra)


def test_options_need_unique_ids_and_non_negative_costs():
    with pytest.raises(InvalidElection, match="appears twice"):
        Election(kind=BallotKind.RANKED, options=[Option("a"), Option("a")], ballots=[])
    with pytest.raises(InvalidElection, match="negative"):
        Option("a", Decimal(-5))
    with pytest.raises(InvalidElection, match="int or a Decimal"):
        Option("a", 1.5)


def test_ballots_are_normalised_and_frozen():
    election = build(BallotKind.POINTS, [{"a": 2}, [("b", 1)]])
    assert election.ballots == ((("a", 2),), (("b", 1),))
    assert Option("a", 3).cost == Decimal(3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        election.budget = Decimal(1)


def test_registry_covers_every_method():
    stored = {"borda", "schulze", "irv", "points", "greedy", "mes", "mes-plain"}
    assert stored <= set(TALLY_METHODS)  # the names votes store keep working
    assert {"greedy-no-skip", "mes-pabutools-add1", "equalshares/add1-comparison"} <= set(
        TALLY_METHODS
    )
    assert set(METHOD_BALLOT_KINDS) == set(TALLY_METHODS)
