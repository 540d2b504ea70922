"""Differential tests: on hundreds of random elections we give the reference libraries' outcome.

Elections come from ``strategies``: few and many options, ties (small electorates), truncated
and empty ballots, free and unaffordable options. See ``references`` for how each reference is
configured to match our definitions.

Known differences, all about *order*, never about the outcome:

- pabutools puts options that cost nothing into the outcome in an arbitrary (set) order, and its
  greedy puts them after every option with support; they always fit, so they do not change what
  else is funded. We compare the selected set, and the selection order of the options that cost
  something.
- pref_voting scores truncated Borda ballots symmetrically (``2 * ours - n * (m - 1)``): the same
  order, so we compare through that formula.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from votecount import Election, borda, greedy, irv, mes, mes_plain, schulze

from .references import (
    pabutools_selection,
    positional_borda,
    pref_voting_ranking,
    pref_voting_winners,
    symmetric_borda,
)
from .strategies import budget_elections, counting_settings, ranked_elections

BUDGET_RULES = {"greedy": greedy, "mes": mes, "mes-plain": mes_plain}


def _paid(election: Election, selection) -> list[str]:
    return [option for option in selection if election.cost_of(option) > 0]


def _assert_same_selection(election: Election, ours, theirs) -> None:
    assert set(ours) == set(theirs)
    assert _paid(election, ours) == _paid(election, theirs)


@pytest.mark.parametrize("rule", list(BUDGET_RULES))
@counting_settings(max_examples=250)
@given(election=budget_elections())
def test_budget_rules_match_pabutools(rule, election):
    ours = BUDGET_RULES[rule](election).selected
    _assert_same_selection(election, ours, pabutools_selection(election, rule))


@pytest.mark.parametrize("rule", list(BUDGET_RULES))
@counting_settings(max_examples=40)
@given(election=budget_elections(max_options=13, max_ballots=40))
def test_budget_rules_match_pabutools_with_many_options(rule, election):
    ours = BUDGET_RULES[rule](election).selected
    _assert_same_selection(election, ours, pabutools_selection(election, rule))


@counting_settings(max_examples=250)
@given(election=ranked_elections())
def test_borda_matches_pref_voting_symmetric_scores(election):
    n, m = len(election.ballots), len(election.options)
    scores = borda(election).scores
    expected = symmetric_borda(election)
    assert {option: 2 * scores[option] - n * (m - 1) for option in scores} == expected


@counting_settings(max_examples=60)
@given(election=ranked_elections(max_options=6, complete=True))
def test_borda_matches_pref_voting_on_complete_rankings(election):
    assert dict(borda(election).scores) == {
        option: Fraction(score) for option, score in positional_borda(election).items()
    }


@pytest.mark.parametrize(("method", "count"), [("schulze", schulze), ("irv", irv)])
@counting_settings(max_examples=250)
@given(election=ranked_elections())
def test_ranked_rules_match_pref_voting(method, count, election):
    result = count(election)
    if election.ballots:
        assert set(result.winners) == pref_voting_winners(election, method)
        assert [set(group) for group in result.ranking] == pref_voting_ranking(election, method)


@pytest.mark.parametrize(("method", "count"), [("schulze", schulze), ("irv", irv)])
@counting_settings(max_examples=60)
@given(election=ranked_elections(max_options=6, complete=True))
def test_ranked_winners_match_pref_voting_linear_profiles(method, count, election):
    assert set(count(election).winners) == pref_voting_winners(election, method, linear=True)


@counting_settings(max_examples=40)
@given(election=ranked_elections(max_options=12, max_ballots=40))
def test_many_options_match_pref_voting(election):
    assert [set(g) for g in schulze(election).ranking] == pref_voting_ranking(election, "schulze")
    assert [set(g) for g in irv(election).ranking] == pref_voting_ranking(election, "irv")
