"""Named rule variants: the registry, the equalshares.net variants against an independent
reference, and the exact completion (jumping over grid points) against stepping through all."""

from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votecount import (
    METHOD_BALLOT_KINDS,
    TALLY_METHODS,
    BallotKind,
    CountingError,
    Election,
    InvalidElection,
    Option,
    TieBreak,
    UnknownRule,
    count,
    known_names,
    mes,
    rule,
)
from votecount.equal_shares import (
    PABUTOOLS_ADD1,
    CompletionOutcome,
    MesComparison,
    MesCompletion,
    MesFill,
    count_mes,
)
from votecount.rules import equalshares_spec

from . import equalshares_reference as ref
from .strategies import budget_elections, counting_settings


def approval(costs: dict[str, int], budget: int, *ballots: str) -> Election:
    """Approval ballots over one-character option ids; ``"ab"`` approves a and b."""
    return Election(
        kind=BallotKind.APPROVAL,
        options=[Option(option, Decimal(cost)) for option, cost in costs.items()],
        ballots=[frozenset(ballot) for ballot in ballots],
        budget=Decimal(budget),
    )


# Four voters, B = 100 (25 each). C (30) is approved by all, A (60) by voters 1-3, B (40) by 4.
SMALL = approval({"A": 60, "B": 40, "C": 30}, 100, "AC", "AC", "AC", "BC")

# The demo's vote: six organisations, 400 000 zl (pabutools' add1 took 12 085 runs).
DEMO = Election(
    kind=BallotKind.APPROVAL,
    options=[
        Option(str(number), Decimal(cost))
        for number, cost in enumerate([180000, 150000, 90000, 40000, 120000, 60000], 1)
    ],
    ballots=[
        frozenset(str(j + 1) for j in choice)
        for choice in ([0, 1, 4], [3, 5], [2, 3], [0, 1], [1, 4, 5], [0, 1, 4])
    ],
    budget=Decimal(400000),
)


def completion_steps(result) -> list[MesCompletion]:
    return [step for step in result.trace if isinstance(step, MesCompletion)]


# --- the registry ------------------------------------------------------------------------------


def test_every_known_name_resolves_and_counts():
    for name in known_names():
        named = rule(name)
        assert named.kinds, name
        assert named.summary.endswith("."), name
        assert rule(named.name).name == named.name  # canonical names are stable
    assert set(TALLY_METHODS) == set(known_names())
    assert METHOD_BALLOT_KINDS["mes"] == frozenset({BallotKind.APPROVAL, BallotKind.POINTS})
    assert METHOD_BALLOT_KINDS["irv"] == frozenset({BallotKind.RANKED})


def test_stored_names_keep_their_meaning():
    assert rule("mes").name == "mes-pabutools-add1"
    result = count(SMALL, "mes")
    assert (result.method, result.variant) == ("mes", "mes-pabutools-add1")
    assert result.as_dict() == mes(SMALL).as_dict() == TALLY_METHODS["mes"](SMALL).as_dict()
    assert count(SMALL, "mes-plain").variant == "mes-plain"
    assert count(SMALL, "greedy").variant == "greedy"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("equalshares/add1", "equalshares/add1"),
        ("equalshares/add1-comparison", "equalshares/add1-comparison"),
        ("equalshares/add1-exhaustive-integral", "equalshares/add1-integral-exhaustive"),
        ("equalshares/add1u-inc10-integral", "equalshares/add1u-integral-inc10"),
        ("equalshares/add1-tie-mincost+maxvotes", "equalshares/add1"),  # the default chain
        ("equalshares/add1-tie-maxvotes+mincost", "equalshares/add1-tie-maxvotes+mincost"),
        (
            "equalshares/utilitarian-comparison-exclusion",
            "equalshares/utilitarian-comparison-exclusion",
        ),
        ("equalshares", "equalshares"),
        ("equalshares/add1-inc0.5", "equalshares/add1-inc0.5"),
        ("greedy-tie-file", "greedy-tie-file"),
        ("greedy-no-skip-tie-mincost", "greedy-no-skip-tie-mincost"),
        ("greedy-tie-id", "greedy"),
        (" mes ", "mes-pabutools-add1"),
    ],
)
def test_canonical_names(name, canonical):
    assert rule(name).name == canonical


def test_equalshares_options():
    spec, _ = equalshares_spec("equalshares/add1u-integral-exhaustive-inc5-comparison")
    assert (spec.add1, spec.fill, spec.integral, spec.exhaustive) == (True, True, True, True)
    assert spec.increment == 5
    assert spec.comparison == "satisfaction"
    plain, _ = equalshares_spec("equalshares")
    assert (plain.add1, plain.fill, plain.comparison) == (False, False, None)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("dhondt", "unknown rule 'dhondt' (known rules: borda, schulze"),
        ("", "unknown rule ''"),
        ("greedy-custom", "rule 'greedy-custom' cannot be applied: a city's own rule"),
        ("greedy-exclusive", "cannot be applied: greedy with projects that exclude each other"),
        ("unknown", "rule 'unknown' cannot be applied"),
        ("equalshares/add2", "unknown rule 'equalshares/add2'"),
        ("equalshares/add1-fast", "unknown option 'fast'"),
        ("equalshares/add1-integral-integral", "option 'integral' given twice"),
        ("equalshares-integral", "needs the add1 or add1u completion"),
        ("equalshares/utilitarian-exhaustive", "needs the add1 or add1u completion"),
        ("equalshares/add1-incX", "the increment 'X' is not a number"),
        ("equalshares/add1-inc0", "the increment must be positive"),
        ("equalshares/add1-tie-random", "unknown tie-breaking 'random'"),
        ("equalshares/add1-tie-mincost+mincost", "tie-breaking 'mincost' given twice"),
        ("greedy-tie-lottery", "unknown order of equal votes 'lottery'"),
    ],
)
def test_unknown_names_are_refused_clearly(name, message):
    with pytest.raises(UnknownRule, match=message.replace("(", r"\(").replace("+", r"\+")):
        rule(name)


def test_rules_refuse_ballots_they_do_not_count():
    ranked = Election(kind=BallotKind.RANKED, options=[Option("a")], ballots=[("a",)])
    with pytest.raises(CountingError, match="counts approval or points ballots"):
        count(ranked, "equalshares/add1")
    with pytest.raises(InvalidElection, match="needs the minimum number of votes"):
        count(SMALL, "greedy-threshold")


# --- the equalshares.net variants by hand ---------------------------------------------------------


def test_add1_goes_on_past_an_exhaustive_outcome_unless_told_to_stop():
    # 25, 26, 27: C only; from 28: C and A (90), after which B (40) does not fit.
    stopped = count(SMALL, "equalshares/add1-exhaustive")
    assert (stopped.selected, stopped.voter_budget) == (("C", "A"), 28)
    assert completion_steps(stopped)[-1].outcome is CompletionOutcome.EXHAUSTIVE
    # without the stop: B becomes affordable from 47.50 (voter 4 keeps 40 after C's 7.50), and
    # at 48 C, A and B cost 130 > 100: the run from 47 is kept (the same options, a larger
    # share).
    going_on = count(SMALL, "equalshares/add1")
    assert (going_on.selected, going_on.voter_budget) == (("C", "A"), 47)
    steps = completion_steps(going_on)
    assert [step.voter_budget for step in steps] == list(range(25, 49))
    assert steps[-1].outcome is CompletionOutcome.OVER_BUDGET
    assert steps[-1].total_cost == 130
    assert sum(step.computed for step in steps) < 8  # the rest was proved identical


def test_integral_start_and_increment():
    three = approval({"x": 50, "y": 70}, 100, "x", "xy", "y")  # B/n = 33.33...
    exact = count(three, "equalshares/add1")
    whole = count(three, "equalshares/add1-integral")
    assert completion_steps(exact)[0].voter_budget == Fraction(100, 3)
    assert completion_steps(whole)[0].voter_budget == 33
    by_five = count(three, "equalshares/add1-integral-inc5")
    budgets = [step.voter_budget for step in completion_steps(by_five)]
    assert budgets == [33 + 5 * k for k in range(len(budgets))]


def test_everything_affordable_is_one_run():
    # all options together cost 30 <= 100: one run from 33.33 each, no completion
    cheap = approval({"a": 10, "b": 20}, 100, "a", "b", "")
    result = count(cheap, "equalshares/add1")
    assert completion_steps(result) == []
    assert result.voter_budget == Fraction(100, 3)
    # each is paid in full by its only supporter (payment / cost = 1 for both: a tie, the
    # cheaper first)
    assert result.selected == ("a", "b")
    assert result.ties[0].rule is TieBreak.LOWER_COST


def test_comparison_keeps_greedy_when_more_voters_prefer_it():
    # Voters 1-3 want "big" (90); voter 4 wants s1, voter 5 s2 (25 each). B = 100. MES: from 25
    # each s1 and s2 are paid by their voters, big (3 x 25 < 90) is not; from 30 all three are
    # affordable, 140 > 100: MES keeps s1 and s2 (the run from 29). Greedy: big (3 votes), then
    # s1 and s2 do not fit. Three voters prefer greedy, two prefer MES: greedy is kept.
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option("big", Decimal(90)), Option("s1", Decimal(25)), Option("s2", Decimal(25))],
        ballots=[{"big"}, {"big"}, {"big"}, {"s1"}, {"s2"}],
        budget=Decimal(100),
    )
    plain = count(election, "equalshares/add1")
    assert (plain.selected, plain.voter_budget) == (("s1", "s2"), 29)
    for name in ("equalshares/add1-comparison", "equalshares/add1-comparison-exclusion"):
        compared = count(election, name)
        (step,) = [s for s in compared.trace if isinstance(s, MesComparison)]
        assert (step.prefers_mes, step.prefers_greedy, step.kept) == (2, 3, "greedy")
        assert step.greedy_selected == ("big",)
        assert compared.selected == ("big",)
        assert compared.explanations["big"].kind == "greedy"
        assert compared.explanations["s1"].reason == "does_not_fit"
        assert compared.shares is None


def test_fill_after_mes():
    result = count(SMALL, "equalshares/add1u-exhaustive")
    fills = [step for step in result.trace if isinstance(step, MesFill)]
    assert [step.option for step in fills] == []  # B (40) does not fit in the 10 left
    # one run from 25 each funds C (7.50 each); A (60) then needs 3 x 17.50 = 52.50: no. The
    # fill, most votes first: A (3 votes) fits in 70, then B (no votes, 10) fits in the 10 left.
    small_fill = approval({"A": 60, "B": 10, "C": 30}, 100, "AC", "AC", "AC", "C")
    result = count(small_fill, "equalshares/utilitarian")
    fills = [(step.option, step.available) for step in result.trace if isinstance(step, MesFill)]
    assert fills == [("A", 70), ("B", 10)]
    assert result.selected == ("C", "A", "B")
    assert result.explanations["A"].reason == "filled"
    assert result.shares.of_ballot(1) == (("C", Fraction(15, 2)),)  # the fill has no shares


def test_tie_chain_is_recorded():
    # a and b: equal price per unit of cost (both approved by both voters), b is cheaper
    election = approval({"a": 10, "b": 9}, 15, "ab", "ab")
    result = count(election, "equalshares")
    (tie,) = result.ties
    assert (tie.options, tie.favoured, tie.rule) == (("a", "b"), ("b",), TieBreak.LOWER_COST)
    by_id = count(election, "mes-plain")  # pabutools: the smaller id
    assert by_id.ties[0].rule is TieBreak.SMALLER_ID


def test_the_demo_completion_takes_a_handful_of_runs():
    started = time.perf_counter()
    result = mes(DEMO)
    steps = completion_steps(result)
    # every point of the grid is in the trace, as when stepping; identical stretches folded
    assert sum(1 + step.repeat for step in steps) == 12085
    assert len(steps) < 20
    assert sum(step.computed for step in steps) <= 6
    assert result.as_dict()["selected"] == ["2", "5", "4", "6"]
    stepping = count_mes(DEMO, replace(PABUTOOLS_ADD1, jump=False), "mes", "mes-pabutools-add1")
    assert _comparable(result) == _comparable(stepping)
    assert time.perf_counter() - started < 30


def test_an_outcome_that_can_no_longer_change_ends_the_search():
    # every option with supporters fits: the published search would never stop
    election = approval({"a": 10, "b": 20, "z": 500}, 100, "a", "ab", "")
    result = count(election, "equalshares/add1")
    assert set(result.selected) == {"a", "b"}
    assert completion_steps(result)[-1].outcome is CompletionOutcome.ALL_FUNDED


# --- the engine against the reference ---------------------------------------------------------

REFERENCE_VARIANTS = {
    "equalshares": {"completion": "none"},
    "equalshares/add1": {},
    "equalshares/add1-integral-exhaustive": {"integral": True, "exhaustive": True},
    "equalshares/add1-exhaustive-inc3": {"exhaustive": True, "increment": 3},
    "equalshares/add1u-integral": {"completion": "add1u", "integral": True},
    "equalshares/utilitarian": {"completion": "utilitarian"},
    "equalshares/add1-comparison": {"comparison": "satisfaction"},
    "equalshares/add1u-exhaustive-comparison-exclusion": {
        "completion": "add1u",
        "exhaustive": True,
        "comparison": "exclusion",
    },
    "equalshares/add1-tie-maxvotes+maxcost": {"chain": ("maxvotes", "maxcost")},
}


@counting_settings(max_examples=300)
@given(
    election=budget_elections(max_options=6, max_ballots=10),
    name=st.sampled_from(sorted(REFERENCE_VARIANTS)),
)
def test_equalshares_variants_match_the_reference(election, name):
    ours = count(election, name)
    expected, share = ref.equal_shares(election, **REFERENCE_VARIANTS[name])
    assert list(ours.selected) == expected
    if election.ballots:
        assert ours.voter_budget == share


# --- jumping over grid points gives what stepping gives -----------------------------------------

JUMP_VARIANTS = [
    "mes",
    "equalshares/add1",
    "equalshares/add1-integral-exhaustive",
    "equalshares/add1u-inc3",
    "equalshares/add1-exhaustive-comparison",
]


def _comparable(result):
    """Everything but which grid points were counted and which were proved identical."""
    data = result.as_dict(shares=True)
    for step in data["trace"]:
        step.pop("computed", None)
    return data


def _both_ways(election, name):
    named = rule(name)
    mes_spec = PABUTOOLS_ADD1 if name == "mes" else equalshares_spec(name)[0]
    jumping = count_mes(election, mes_spec, name, named.name)
    stepping = count_mes(election, replace(mes_spec, jump=False), name, named.name)
    return jumping, stepping


@counting_settings(max_examples=2000)
@given(
    election=budget_elections(max_options=7, max_ballots=12),
    name=st.sampled_from(JUMP_VARIANTS),
)
def test_jumping_gives_what_stepping_gives(election, name):
    jumping, stepping = _both_ways(election, name)
    assert _comparable(jumping) == _comparable(stepping)
    computed = [step.computed for step in completion_steps(stepping)]
    assert all(computed)


def test_fill_ties_follow_the_election_order():
    # 50 each: neither X nor Y (60 each, one supporter) is affordable; the fill takes equal
    # votes in the election's order: X, then Y no longer fits in the 40 left.
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option("Y", Decimal(60)), Option("X", Decimal(60))],
        ballots=[{"X"}, {"Y"}],
        budget=Decimal(100),
    )
    result = count(election, "equalshares/utilitarian")
    assert result.selected == ("Y",)
    (tie,) = result.ties
    assert (tie.options, tie.favoured, tie.rule) == (("X", "Y"), ("Y",), TieBreak.FILE_ORDER)
