"""Why each option was funded or not, in numbers; and where each voter's share went."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from votecount import (
    BallotKind,
    Election,
    GreedyExplanation,
    MesExplanation,
    Option,
    RankedExplanation,
    count,
    greedy,
    irv,
    mes_plain,
)
from votecount.results import GreedyReason, MesReason

from .strategies import budget_elections, counting_settings, ranked_elections


def approval(costs: dict[str, int], budget: int, *ballots: str) -> Election:
    return Election(
        kind=BallotKind.APPROVAL,
        options=[Option(option, Decimal(cost)) for option, cost in costs.items()],
        ballots=[frozenset(ballot) for ballot in ballots],
        budget=Decimal(budget),
    )


# Four voters, B = 100 (25 each). C (30) is approved by all, A (60) by voters 1-3, B (40) by 4.
SMALL = approval({"A": 60, "B": 40, "C": 30}, 100, "AC", "AC", "AC", "BC")


def test_mes_explains_each_option_by_hand():
    result = mes_plain(SMALL)
    assert result.selected == ("C",)
    c, a, b = (result.explanations[option] for option in "CAB")
    # C: funded in round 1; its 4 supporters held 100 and each paid 7.50 (1/4 of 30 per unit)
    assert isinstance(c, MesExplanation)
    assert (c.funded, c.reason, c.round, c.supporters) == (True, MesReason.FUNDED, 1, 4)
    assert (c.money_at_start, c.money_left, c.price) == (100, 100, Fraction(1, 4))
    # A: 3 x 25 = 75 >= 60 at the start; after paying 7.50 each for C, 3 x 17.50 = 52.50 < 60:
    # it lost in round 1, to C; 7.50 short, which one more supporter with a full share covers.
    assert (a.funded, a.reason) == (False, MesReason.SHARES_SPENT)
    assert (a.money_at_start, a.money_left, a.shortfall) == (75, Fraction(105, 2), Fraction(15, 2))
    assert (a.lost_round, a.lost_to, a.more_supporters) == (1, "C", 1)
    assert a.paid_for == (("C", Fraction(45, 2), 3),)
    # B: its one supporter never had 40: too few supporters from the start (round 0)
    assert (b.reason, b.lost_round, b.lost_to) == (MesReason.TOO_FEW_SUPPORTERS, 0, None)
    assert (b.money_left, b.shortfall, b.more_supporters) == (
        Fraction(35, 2),
        Fraction(45, 2),
        1,
    )


def test_where_each_share_went():
    result = mes_plain(SMALL)
    shares = result.shares
    assert shares.voter_budget == 25
    assert shares.of_ballot(1) == (("C", Fraction(15, 2)),)
    assert shares.unspent(4) == Fraction(35, 2)
    (group,) = shares.payments["C"]
    assert (group.amount, group.ballots) == (Fraction(15, 2), (1, 2, 3, 4))
    assert json.loads(json.dumps(result.as_dict(shares=True)))["shares"]["payments"]["C"] == [
        {"amount": "7.5", "ballots": [1, 2, 3, 4]}
    ]


def test_the_completion_explains_at_its_final_share():
    result = count(SMALL, "equalshares/add1")  # kept run: 47 each (see test_variants)
    assert result.voter_budget == 47
    b = result.explanations["B"]
    # voter 4 had 47 >= 40, paid 7.50 for C in round 1 and kept 39.50 < 40: half a unit short
    assert (b.money_left, b.shortfall) == (Fraction(79, 2), Fraction(1, 2))
    assert (b.reason, b.lost_round, b.lost_to) == (MesReason.SHARES_SPENT, 1, "C")


@counting_settings(max_examples=150)
@given(
    election=budget_elections(),
    name=st.sampled_from(["mes", "mes-plain", "equalshares/add1", "equalshares/add1u-exhaustive"]),
)
def test_mes_explanations_and_shares_add_up(election, name):
    result = count(election, name)
    data = json.loads(json.dumps(result.as_dict(shares=True)))
    assert set(data["explanations"]) == set(election.option_ids)
    funded = set(result.selected)
    for option, explanation in result.explanations.items():
        assert explanation.funded == (option in funded)
        cost = Fraction(election.cost_of(option))
        if explanation.round is not None:  # funded in a round: its supporters could pay it
            assert explanation.money_left >= cost
        elif explanation.reason in (MesReason.TOO_FEW_SUPPORTERS, MesReason.SHARES_SPENT):
            assert explanation.money_left < cost
            assert explanation.shortfall == cost - explanation.money_left
            assert explanation.lost_round is not None
            paid = sum((amount for _, amount, _ in explanation.paid_for), Fraction(0))
            spent = paid + explanation.paid_other  # until the round it lost
            if explanation.lost_round == 0:
                assert spent == 0 and explanation.money_at_start < cost
            else:
                assert explanation.money_at_start - spent < cost  # lost in that round
                assert explanation.money_at_start - spent >= explanation.money_left
    shares = result.shares
    if shares is None or not election.ballots:
        return
    for option, groups in shares.payments.items():
        paid = sum((group.amount * len(group.ballots) for group in groups), Fraction(0))
        assert paid == Fraction(election.cost_of(option))
    for number in range(1, len(election.ballots) + 1):
        assert shares.unspent(number) >= 0


def test_greedy_explains_what_was_left_when_its_turn_came():
    election = approval(
        {"a": 600, "b": 800, "c": 1400, "d": 1000, "e": 1200},
        2500,
        *["abc", "ab", "bcd", "de", "ace", "ae", "d", "c", "bcd", "cd"],
    )
    result = greedy(election)
    a = result.explanations["a"]
    assert isinstance(a, GreedyExplanation)
    # c (6 votes) and d (5) were funded: 100 left when a (4 votes) came third
    assert (a.funded, a.reason, a.position, a.score) == (False, GreedyReason.DOES_NOT_FIT, 3, 4)
    assert (a.available, a.shortfall) == (100, 500)
    assert result.explanations["c"].available == 2500


def test_no_skip_and_threshold_reasons():
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option("a", Decimal(70)), Option("b", Decimal(50)), Option("c", Decimal(10))],
        ballots=[{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b"}, {"a"}],
        budget=Decimal(100),
        min_score=3,
    )
    no_skip = count(election, "greedy-no-skip")
    assert no_skip.selected == ("a",)
    assert no_skip.explanations["b"].reason is GreedyReason.DOES_NOT_FIT
    assert no_skip.explanations["c"].reason is GreedyReason.NOT_REACHED
    assert no_skip.explanations["c"].available is None
    threshold = count(election, "greedy-threshold")
    assert threshold.selected == ("a",)
    assert threshold.explanations["c"].reason is GreedyReason.BELOW_THRESHOLD
    assert threshold.explanations["c"].threshold == 3
    assert count(election, "greedy").selected == ("a", "c")  # no minimum for plain greedy


def test_irv_explains_the_round_and_the_margin():
    # first choices: A 4, B 3, C 2, D 1. Round 1 removes D (1): its ballot goes to C (3); round 2
    # removes B or C... here B 3, C 3: both removed together; A wins.
    ballots = [("A",)] * 4 + [("B",)] * 3 + [("C",)] * 2 + [("D", "C")]
    election = Election(
        kind=BallotKind.RANKED, options=[Option(o) for o in "ABCD"], ballots=ballots
    )
    result = irv(election)
    d = result.explanations["D"]
    assert isinstance(d, RankedExplanation)
    assert (d.round, d.votes, d.margin, d.behind) == (1, 1, 1, "C")
    b, c = result.explanations["B"], result.explanations["C"]
    assert (b.round, b.votes, b.margin, b.behind) == (2, 3, 1, "A")
    assert (c.round, c.votes) == (2, 3)
    assert result.explanations["A"].place == 1


def test_borda_and_schulze_margins():
    ballots = [("A", "B", "C")] * 3 + [("B", "C", "A")] * 2
    election = Election(kind=BallotKind.RANKED, options=[Option(o) for o in "ABC"], ballots=ballots)
    borda = count(election, "borda")
    # A: 3 x 2 = 6 points; B: 3 x 1 + 2 x 2 = 7; C: 2 x 1 = 2
    assert borda.winners == ("B",)
    assert (borda.explanations["C"].margin, borda.explanations["C"].behind) == (5, "B")
    assert borda.explanations["B"].margin is None
    schulze = count(election, "schulze")
    assert schulze.winners == ("A",)
    # A beats C 3 to 2 head to head: margin 1
    assert (schulze.explanations["C"].margin, schulze.explanations["C"].behind) == (1, "A")


@counting_settings(max_examples=100)
@given(election=ranked_elections())
def test_every_ranked_option_is_explained(election):
    for name in ("borda", "schulze", "irv"):
        result = count(election, name)
        assert set(result.explanations) == set(election.option_ids)
        json.dumps(result.as_dict())
        for group_place, group in enumerate(result.ranking, 1):
            for option in group:
                assert result.explanations[option].place == group_place
