"""Greedy and the Method of Equal Shares: hand-checked cases, ties, properties and traces."""

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
    WrongBallotKind,
    greedy,
    mes,
    mes_plain,
)
from votecount.equal_shares import CompletionOutcome, MesCompletion, MesFree, MesRound
from votecount.greedy_rule import GreedyDecision, GreedyStep

from .strategies import budget_elections, counting_settings


def approval(costs: dict[str, int], budget: int, *ballots: str) -> Election:
    """Approval ballots over one-character option ids; ``"ab"`` approves a and b."""
    return Election(
        kind=BallotKind.APPROVAL,
        options=[Option(option, Decimal(cost)) for option, cost in costs.items()],
        ballots=[frozenset(ballot) for ballot in ballots],
        budget=Decimal(budget),
    )


# The example on pabulib.org/format (Wieliczka style), with projects renamed a..e.
PABULIB_EXAMPLE = approval(
    {"a": 600, "b": 800, "c": 1400, "d": 1000, "e": 1200},
    2500,
    *["abc", "ab", "bcd", "de", "ace", "ae", "d", "c", "bcd", "cd"],
)


def test_greedy_funds_by_approvals_and_skips_what_does_not_fit():
    result = greedy(PABULIB_EXAMPLE)
    assert result.selected == ("c", "d")  # 6 and 5 approvals
    assert (result.total_cost, result.leftover) == (Decimal(2400), Decimal(100))
    decisions = [(step.option, step.score, step.decision) for step in result.trace]
    assert decisions == [
        ("c", 6, GreedyDecision.FUNDED),
        ("d", 5, GreedyDecision.FUNDED),
        ("a", 4, GreedyDecision.DOES_NOT_FIT),  # a and b tie on 4, smaller id first
        ("b", 4, GreedyDecision.DOES_NOT_FIT),
        ("e", 3, GreedyDecision.DOES_NOT_FIT),
    ]
    # The a/b tie decided nothing: neither fits in the 100 left, whatever the order.
    assert result.ties == ()


def test_greedy_reports_a_tie_that_decided_who_was_funded():
    # "10" and "9" tie on 2 approvals; only one fits; "10" < "9" as text, so "10" is funded.
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option("10", Decimal(60)), Option("9", Decimal(60))],
        ballots=[{"10"}, {"10"}, {"9"}, {"9"}],
        budget=Decimal(100),
    )
    result = greedy(election)
    assert result.selected == ("10",)
    (tie,) = result.ties
    assert (tie.stage, tie.position, tie.rule) == (TieStage.GREEDY_ORDER, 1, TieBreak.SMALLER_ID)
    assert (tie.options, tie.favoured) == (("10", "9"), ("10",))


def test_greedy_with_points_orders_by_total_points():
    election = Election(
        kind=BallotKind.POINTS,
        options=[Option("x", Decimal(50)), Option("y", Decimal(60)), Option("z", Decimal(40))],
        ballots=[{"x": 3, "y": 1}, {"y": 3, "z": 2}, {"z": 2}],
        budget=Decimal(100),
    )
    result = greedy(election)
    assert [step.score for step in result.trace] == [4, 4, 3]  # y 4, z 4, x 3
    assert result.selected == ("y", "z")


def test_money_is_exact_with_decimal_costs():
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option("a", Decimal("0.10")), Option("b", Decimal("0.20"))],
        ballots=[{"a", "b"}],
        budget=Decimal("0.30"),
    )
    result = greedy(election)
    assert result.selected == ("a", "b")
    assert result.leftover == 0
    assert result.as_dict()["total_cost"] == "0.30"


# Four voters, B = 100 (25 each). C (30) is approved by all, A (60) by voters 1-3, B (40) by 4.
SMALL_MES = approval({"A": 60, "B": 40, "C": 30}, 100, "AC", "AC", "AC", "BC")


def test_mes_plain_by_hand():
    # Round 1: C costs 7.50 each, rho = 7.5/30 = 1/4; A would cost 20 each, rho = 1/3: C wins.
    # Then voters have 17.50: A needs 60 from 3 x 17.50 = 52.50, B 40 from 17.50: nothing more.
    result = mes_plain(SMALL_MES)
    assert result.selected == ("C",)
    (round_1,) = result.trace
    assert isinstance(round_1, MesRound)
    assert (round_1.option, round_1.rho, round_1.payers, round_1.paid_all) == (
        "C",
        Fraction(1, 4),
        4,
        0,
    )


def test_mes_add1_completion_by_hand():
    # Starting budgets 25, 26, 27 fund only C (A needs 3 x (b - 7.50) >= 60, i.e. b >= 27.50).
    # At 28 C then A are funded: 90 <= 100, and B (40) no longer fits: exhaustive, stop.
    result = mes(SMALL_MES)
    assert result.selected == ("C", "A")
    assert (result.total_cost, result.leftover) == (Decimal(90), Decimal(10))
    completion = [step for step in result.trace if isinstance(step, MesCompletion)]
    assert [step.voter_budget for step in completion] == [25, 26, 27, 28]
    assert [step.outcome for step in completion] == [CompletionOutcome.CONTINUE] * 3 + [
        CompletionOutcome.EXHAUSTIVE
    ]


def test_mes_completion_keeps_the_last_outcome_within_budget():
    # Two voters, B = 10. Both want c (4); one wants a (6), the other b (6). Starting from 5, 6
    # or 7 each, they fund c and cannot afford a or b. From 8 each they also fund a and b:
    # 16 > 10, so the outcome of the run from 7 (only c) is kept.
    result = mes(approval({"a": 6, "b": 6, "c": 4}, 10, "ac", "bc"))
    assert result.selected == ("c",)
    assert result.ties == ()  # the a/b tie happened in the discarded run
    completion = [step for step in result.trace if isinstance(step, MesCompletion)]
    assert [(step.voter_budget, step.outcome) for step in completion] == [
        (5, CompletionOutcome.CONTINUE),
        (6, CompletionOutcome.CONTINUE),
        (7, CompletionOutcome.CONTINUE),
        (8, CompletionOutcome.OVER_BUDGET),
    ]
    assert completion[-1].total_cost == 16


def test_mes_reports_and_breaks_ties_by_smaller_id():
    # Both voters (7.50 each) want a and b (10 each): equal price, "a" < "b"; then b is too dear.
    election = approval({"b": 10, "a": 10}, 15, "ab", "ab")
    result = mes_plain(election)
    assert result.selected == ("a",)
    (tie,) = result.ties
    assert (tie.stage, tie.position, tie.options, tie.favoured) == (
        TieStage.MES_ROUND,
        1,
        ("a", "b"),
        ("a",),
    )
    assert result.trace[0].tied == ("a", "b")


def test_mes_never_funds_unsupported_options_and_free_options_need_points():
    approvals = Election(
        kind=BallotKind.APPROVAL,
        options=[
            Option("free", Decimal(0)),
            Option("lonely", Decimal(1)),
            Option("x", Decimal(10)),
        ],
        ballots=[{"free", "x"}, {"x"}],
        budget=Decimal(100),
    )
    assert set(mes(approvals).selected) == {"x"}  # a free option gives no utility to approvers
    points = Election(
        kind=BallotKind.POINTS,
        options=[
            Option("free", Decimal(0)),
            Option("lonely", Decimal(1)),
            Option("x", Decimal(10)),
        ],
        ballots=[{"free": 1, "x": 2}, {"x": 1}],
        budget=Decimal(100),
    )
    result = mes(points)
    assert result.selected[0] == "free"
    assert isinstance(result.trace[0], MesFree)
    assert "lonely" not in result.selected


def test_budget_methods_need_a_budget_and_fitting_ballots():
    no_budget = Election(kind=BallotKind.APPROVAL, options=[Option("a")], ballots=[{"a"}])
    for count in (greedy, mes, mes_plain):
        with pytest.raises(InvalidElection, match="needs a budget"):
            count(no_budget)
    rankings = Election(kind=BallotKind.RANKED, options=[Option("a")], ballots=[("a",)])
    with pytest.raises(WrongBallotKind):
        mes(rankings)


def test_no_voters_no_selection():
    election = approval({"a": 0, "b": 5}, 10)
    assert mes(election).selected == ()
    assert mes_plain(election).selected == ()


# --- properties ------------------------------------------------------------------------------


def _supporters(election: Election, option: str) -> dict[int, Fraction]:
    """Voter -> utility for ``option``: its cost if approved, else the points given."""
    if election.kind is BallotKind.APPROVAL:
        cost = Fraction(election.cost_of(option))
        return {i: cost for i, ballot in enumerate(election.ballots) if option in ballot}
    return {
        i: Fraction(points)
        for i, ballot in enumerate(election.ballots)
        for opt, points in ballot
        if opt == option and points > 0
    }


def replay_mes(election: Election, selected, voter_budget: Fraction) -> None:
    """Independent check of a MES outcome: replay it with plain fractions, voter by voter.

    Every option must be affordable by its supporters when chosen, must have the smallest price
    among affordable options (ties to the smaller id), and nothing affordable may remain at the
    end.
    """
    budgets = [voter_budget] * len(election.ballots)
    remaining = {o.id for o in election.options if o.cost > 0 and _supporters(election, o.id)}
    free = [o for o in selected if election.cost_of(o) == 0]
    for option in selected[len(free) :]:
        prices = _affordable_prices(election, budgets, remaining)
        assert option in prices, f"{option} was not affordable by its supporters"
        cheapest = min(prices.values())
        assert prices[option] == cheapest
        assert option == min(o for o, price in prices.items() if price == cheapest)
        for voter, utility in _supporters(election, option).items():
            budgets[voter] -= min(budgets[voter], prices[option] * utility)
        remaining.discard(option)
    assert not _affordable_prices(election, budgets, remaining)


def _affordable_prices(election, budgets, remaining) -> dict[str, Fraction]:
    prices = {}
    for option in remaining:
        supporters = _supporters(election, option)
        cost = Fraction(election.cost_of(option))
        if sum(budgets[v] for v in supporters) < cost:
            continue
        # smallest rho with sum(min(b, rho * u)) == cost: raise rho past the poorest in turn
        order = sorted(supporters, key=lambda v: budgets[v] / supporters[v])
        paid, weight = Fraction(0), sum(supporters.values())
        for voter in order:
            rho = (cost - paid) / weight
            if rho * supporters[voter] <= budgets[voter]:
                break
            paid += budgets[voter]
            weight -= supporters[voter]
        prices[option] = rho
    return prices


@counting_settings(max_examples=120)
@given(election=budget_elections())
def test_mes_selections_are_affordable_by_their_supporters(election):
    n = len(election.ballots)
    if n == 0:
        return
    share = Fraction(election.budget) / n
    replay_mes(election, mes_plain(election).selected, share)
    result = mes(election)
    accepted = [
        step
        for step in result.trace
        if isinstance(step, MesCompletion) and step.outcome is not CompletionOutcome.OVER_BUDGET
    ]
    replay_mes(election, result.selected, accepted[-1].voter_budget)
    assert result.total_cost <= election.budget


@counting_settings(max_examples=150)
@given(election=budget_elections())
def test_greedy_never_exceeds_the_budget_and_leaves_nothing_that_fits(election):
    result = greedy(election)
    assert result.total_cost + result.leftover == election.budget
    assert result.total_cost == sum(election.cost_of(o) for o in result.selected)
    assert result.leftover >= 0
    unfunded = set(election.option_ids) - set(result.selected)
    assert all(election.cost_of(option) > result.leftover for option in unfunded)


@counting_settings(max_examples=80)
@given(election=budget_elections())
def test_budget_results_do_not_depend_on_ballot_order(election):
    shuffled = list(election.ballots)
    random.Random(len(shuffled)).shuffle(shuffled)
    reordered = Election(
        kind=election.kind, options=election.options, ballots=shuffled, budget=election.budget
    )
    for count in (greedy, mes, mes_plain):
        assert count(reordered).as_dict() == count(election).as_dict()


@counting_settings(max_examples=80)
@given(election=budget_elections())
def test_budget_traces(election):
    result = greedy(election)
    assert all(isinstance(step, GreedyStep) for step in result.trace)
    assert [s.option for s in result.trace if s.decision is GreedyDecision.FUNDED] == list(
        result.selected
    )
    for method in (mes, mes_plain):
        result = method(election)
        rounds = [step for step in result.trace if isinstance(step, MesRound)]
        free = [step.option for step in result.trace if isinstance(step, MesFree)]
        assert free + [step.option for step in rounds] == list(result.selected)
        assert [step.round for step in rounds] == list(range(1, len(rounds) + 1))
        assert [tie.options for tie in result.ties] == [s.tied for s in rounds if s.tied]
        data = json.loads(json.dumps(result.as_dict()))
        keys = {"method", "variant", "selected", "total_cost", "leftover", "ties", "trace"}
        keys |= {"explanations"} | ({"voter_budget"} if election.ballots else set())
        assert set(data) == keys
    completion = [s for s in mes(election).trace if isinstance(s, MesCompletion)]
    if election.ballots:
        assert completion[-1].outcome is not CompletionOutcome.CONTINUE
        budgets = [step.voter_budget for step in completion]
        assert budgets == [budgets[0] + k for k in range(len(budgets))]
