"""The reference implementation of the equalshares.net definitions, checked by hand.

The engine is compared with this reference in ``test_variants``; these cases check the
reference itself against numbers worked out on paper.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from votecount import BallotKind, Election, Option

from . import equalshares_reference as ref


def approval(costs: dict[str, int], budget: int, *ballots: str) -> Election:
    return Election(
        kind=BallotKind.APPROVAL,
        options=[Option(option, Decimal(cost)) for option, cost in costs.items()],
        ballots=[frozenset(ballot) for ballot in ballots],
        budget=Decimal(budget),
    )


def test_price_splits_equally_and_caps_the_poor():
    money = [Fraction(10), Fraction(2), Fraction(10)]
    # 18 among three: 6 each, but voter 1 has only 2: the other two pay 8 each
    assert ref.price(Fraction(18), {0: 1, 1: 1, 2: 1}, money) == 8
    assert ref.price(Fraction(23), {0: 1, 1: 1, 2: 1}, money) is None


def test_run_funds_the_largest_effective_vote_count_first():
    # four voters, 25 each. C (30) by all: 7.50 each (1/4 of its cost); A (60) by three: 20 each
    # (1/3): C first; then A needs 60 from three voters with 17.50: unaffordable.
    election = approval({"A": 60, "B": 40, "C": 30}, 100, "AC", "AC", "AC", "BC")
    assert ref.run(election, Fraction(25), ("mincost", "maxvotes")) == ["C"]
    # from 28 each: C (7 each... 7.50) then A (3 x 20.50 >= 60): funded; B 40 > 20.50 left
    assert ref.run(election, Fraction(28), ("mincost", "maxvotes")) == ["C", "A"]


def test_add1_goes_on_after_an_exhaustive_outcome_unless_told_to_stop():
    election = approval({"A": 60, "B": 40, "C": 30}, 100, "AC", "AC", "AC", "BC")
    # 25, 26, 27: only C. 28: C, A (90); B no longer fits: exhaustive.
    stopped, share = ref.equal_shares(election, exhaustive=True)
    assert (stopped, share) == (["C", "A"], 28)
    # without the stop the search goes on while the outcome fits in 100: voter 4 can pay B's 40
    # after C's 7.50 only from a share of 47.50; at 48, C, A and B cost 130 > 100, so the run
    # from 47 is kept.
    going_on, share = ref.equal_shares(election, exhaustive=False)
    assert (going_on, share) == (["C", "A"], 47)


def test_ties_by_the_chain_then_the_id():
    # both cost 10, both approved by both voters (7.50 each): equal prices
    election = approval({"b": 10, "a": 10}, 15, "ab", "ab")
    assert ref.run(election, Fraction(15, 2), ("mincost", "maxvotes")) == ["a"]
    cheaper = approval({"b": 9, "a": 10}, 15, "ab", "ab")
    # b: 4.50 each = 1/2 of its cost; a: 5 each = 1/2 of its cost: tied, the cheaper wins
    assert ref.run(cheaper, Fraction(15, 2), ("mincost",)) == ["b"]
    assert ref.run(cheaper, Fraction(15, 2), ("maxcost",)) == ["a"]


def test_fill_and_comparison():
    # three voters: x (60) by voters 0 and 1, y (60) by voter 2, z (30) by voter 2
    election = approval({"x": 60, "y": 60, "z": 30}, 90, "x", "x", "yz")
    greedy = ref.fill(election, [])
    assert greedy == ["x", "z"]  # 2 votes, then y and z have 1 each: y (60) does not fit, z does
    # MES: 30 each; x: 30 + 30 = 60 from voters 0 and 1; z: 30 from voter 2
    outcome, _ = ref.equal_shares(election, completion="add1", comparison="satisfaction")
    assert sorted(outcome) == ["x", "z"]
    mes_side, greedy_side = ref.prefers(election, ["y"], ["x"], "satisfaction")
    assert (mes_side, greedy_side) == (1, 2)
    mes_side, greedy_side = ref.prefers(election, ["x"], ["x", "z"], "exclusion")
    assert (mes_side, greedy_side) == (0, 1)
