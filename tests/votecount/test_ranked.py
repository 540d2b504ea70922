"""Hand-checked ranked elections, tie reporting and the structure of the ranked traces."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest
from hypothesis import given

from votecount import (
    BallotKind,
    Election,
    Option,
    TieBreak,
    TieStage,
    WrongBallotKind,
    borda,
    irv,
    schulze,
)
from votecount.ranked import (
    BordaTally,
    IrvMajority,
    IrvPlace,
    IrvRound,
    PairwiseMargins,
    SchulzePlace,
    StrongestPaths,
    pairwise_support,
)

from .strategies import counting_settings, ranked_elections


def ranked(options: str, *groups: tuple[int, str]) -> Election:
    """An election over one-letter options; ``(3, "abc")`` is three ballots a > b > c."""
    ballots = [tuple(order) for count, order in groups for _ in range(count)]
    return Election(kind=BallotKind.RANKED, options=[Option(o) for o in options], ballots=ballots)


CONDORCET_CYCLE = ranked("abc", (1, "abc"), (1, "bca"), (1, "cab"))
# Wikipedia's Schulze example: a cycle A > C > B > E > A ... resolved by path strengths.
SCHULZE_WIKIPEDIA = ranked(
    "ABCDE",
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
)
# Centre squeeze: the centre C beats both sides head to head but has the fewest first choices.
CENTRE_SQUEEZE = ranked("LCR", (35, "LCR"), (33, "RCL"), (32, "CLR"))
# Borda ties a and b (4 points each) while a is the Condorcet and instant-runoff winner.
BORDA_ONLY_TIE = ranked("abc", (2, "abc"), (1, "bca"))


def test_condorcet_cycle_is_a_three_way_tie_for_every_method():
    for count in (borda, schulze, irv):
        result = count(CONDORCET_CYCLE)
        assert result.winners == ("a", "b", "c")
        assert result.ranking == (("a", "b", "c"),)
        (tie,) = result.ties
        assert tie.stage is TieStage.RANKING
        assert tie.rule is TieBreak.SHARED
        assert tie.options == ("a", "b", "c")
        assert tie.favoured == ()


def test_schulze_resolves_the_wikipedia_cycle():
    result = schulze(SCHULZE_WIKIPEDIA)
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    margins = result.trace[0]
    assert isinstance(margins, PairwiseMargins)
    assert margins.margins[0][1] == -5  # A vs B: 20 prefer A, 25 prefer B
    assert margins.margins[4][3] == 17  # E vs D: 31 against 14
    paths = result.trace[1]
    assert isinstance(paths, StrongestPaths)
    # E defeats A: its strongest path to A (E > D > A ... ) is stronger than A's path back
    e, a = paths.options.index("E"), paths.options.index("A")
    assert paths.strengths[e][a] > paths.strengths[a][e]


def test_centre_squeeze_separates_instant_runoff_from_schulze():
    assert irv(CENTRE_SQUEEZE).winners == ("L",)
    assert schulze(CENTRE_SQUEEZE).winners == ("C",)
    assert borda(CENTRE_SQUEEZE).winners == ("C",)
    first_round = irv(CENTRE_SQUEEZE).trace[0]
    assert isinstance(first_round, IrvRound)
    assert first_round.counts == {"L": 35, "C": 32, "R": 33}
    assert first_round.removed == ("C",)


def test_borda_only_tie():
    result = borda(BORDA_ONLY_TIE)
    assert result.scores == {"a": 4, "b": 4, "c": 1}
    assert result.ranking == (("a", "b"), ("c",))
    assert [tie.options for tie in result.ties] == [("a", "b")]
    assert schulze(BORDA_ONLY_TIE).ranking == (("a",), ("b",), ("c",))
    assert irv(BORDA_ONLY_TIE).ranking == (("a",), ("b",), ("c",))
    assert schulze(BORDA_ONLY_TIE).ties == irv(BORDA_ONLY_TIE).ties == ()


def test_borda_truncated_ballot_shares_the_remaining_points():
    # m = 4; ranking only "a" gives it 3 points; b, c, d share 0 + 1 + 2 = 3 points: 1 each.
    # ranking "b", "c" gives 3 and 2; a and d share 1 + 0: half a point each.
    result = borda(ranked("abcd", (1, "a"), (1, "bc")))
    assert result.scores == {
        "a": Fraction(7, 2),
        "b": 4,
        "c": 3,
        "d": Fraction(3, 2),
    }
    assert result.as_dict()["scores"] == {"a": 3.5, "b": 4, "c": 3, "d": 1.5}


def test_empty_ballots_count_for_nobody():
    election = ranked("ab", (2, "ab"), (3, ""))
    assert borda(election).scores == {"a": 2 + 3 * Fraction(1, 2), "b": 3 * Fraction(1, 2)}
    assert irv(election).winners == ("a",)
    first = irv(election).trace[0]
    assert first.exhausted == 3


def test_instant_runoff_removes_all_options_tied_for_fewest_at_once():
    election = ranked("abcd", (4, "a"), (3, "bd"), (1, "c"), (1, "d"))
    trace = [step for step in irv(election).trace if step.position == 1]
    assert isinstance(trace[0], IrvRound)
    assert trace[0].counts == {"a": 4, "b": 3, "c": 1, "d": 1}
    assert trace[0].removed == ("c", "d")
    majority = trace[1]
    assert isinstance(majority, IrvMajority)
    assert majority.counts == {"a": 4, "b": 3}
    assert majority.exhausted == 2  # the "c" and "d" ballots rank nothing else
    assert (majority.winner, majority.votes) == ("a", 4)


def test_instant_runoff_stops_at_a_strict_majority():
    # a holds 5 of 9 ballots from the start: the count stops there, b, c and d are never removed.
    election = ranked("abcd", (5, "abcd"), (2, "bcda"), (1, "cdab"), (1, "dabc"))
    result = irv(election)
    first = [step for step in result.trace if step.position == 1]
    assert first == [
        IrvMajority(
            position=1,
            round=1,
            counts={"a": 5, "b": 2, "c": 1, "d": 1},
            exhausted=0,
            winner="a",
            votes=5,
        ),
        IrvPlace(position=1, winners=("a",)),
    ]
    assert first[0].as_dict()["step"] == "irv_majority"
    assert result.ranking == (("a",), ("b",), ("c",), ("d",))


def test_instant_runoff_half_is_not_a_majority():
    # a holds exactly half the ballots: the count goes on, c is removed, and a and b tie.
    election = ranked("abc", (3, "a"), (2, "b"), (1, "cb"))
    result = irv(election)
    trace = [step for step in result.trace if step.position == 1]
    assert [type(step) for step in trace] == [IrvRound, IrvRound, IrvPlace]
    assert trace[0].removed == ("c",)
    assert (trace[1].counts, trace[1].removed) == ({"a": 3, "b": 3}, ())
    assert result.ranking == (("a", "b"), ("c",))


def test_ranked_methods_refuse_other_ballots():
    approval = Election(kind=BallotKind.APPROVAL, options=[Option("a")], ballots=[{"a"}])
    for count in (borda, schulze, irv):
        with pytest.raises(WrongBallotKind, match="counts ranked ballots"):
            count(approval)


def test_pairwise_support_counts_ranked_over_unranked():
    support = pairwise_support(ranked("abc", (2, "ab"), (1, "c")))
    # a over b: 2; a over c: 2 (c unranked there); c over a and b: 1 each; b over c: 2
    assert support == [[0, 2, 2], [0, 0, 2], [1, 1, 0]]


# --- properties ------------------------------------------------------------------------------


@counting_settings(max_examples=80)
@given(election=ranked_elections())
def test_ranked_results_do_not_depend_on_ballot_order(election):
    shuffled = list(election.ballots)
    random.Random(len(shuffled)).shuffle(shuffled)
    reordered = Election(kind=election.kind, options=election.options, ballots=shuffled)
    for count in (borda, schulze, irv):
        assert count(reordered).as_dict() == count(election).as_dict()


@counting_settings(max_examples=80)
@given(election=ranked_elections())
def test_rankings_partition_the_options(election):
    for count in (borda, schulze, irv):
        result = count(election)
        ranked_ids = [option for group in result.ranking for option in group]
        assert sorted(ranked_ids) == sorted(election.option_ids)
        assert result.winners == result.ranking[0]
        assert [tie.options for tie in result.ties] == [g for g in result.ranking if len(g) > 1]
        json.dumps(result.as_dict())  # the whole result is JSON data


@counting_settings(max_examples=80)
@given(election=ranked_elections())
def test_borda_trace(election):
    result = borda(election)
    tallies = result.trace
    assert all(isinstance(step, BordaTally) for step in tallies)
    assert [step.option for step in tallies] == [o for group in result.ranking for o in group]
    for step in tallies:
        assert sum(step.positions) + step.unranked == len(election.ballots)
        assert step.points == result.scores[step.option]


@counting_settings(max_examples=80)
@given(election=ranked_elections())
def test_schulze_trace(election):
    result = schulze(election)
    margins, paths, *places = result.trace
    m = len(election.options)
    assert isinstance(margins, PairwiseMargins)
    assert isinstance(paths, StrongestPaths)
    assert all(margins.margins[i][j] == -margins.margins[j][i] for i in range(m) for j in range(m))
    assert [place.winners for place in places] == list(result.ranking)
    assert all(isinstance(place, SchulzePlace) for place in places)
    assert places[0].candidates == tuple(sorted(election.option_ids))


@counting_settings(max_examples=80)
@given(election=ranked_elections())
def test_instant_runoff_trace(election):
    result = irv(election)
    places = [step for step in result.trace if isinstance(step, IrvPlace)]
    assert [place.winners for place in places] == list(result.ranking)
    for step in result.trace:
        if isinstance(step, (IrvRound, IrvMajority)):
            assert sum(step.counts.values()) + step.exhausted == len(election.ballots)
        if isinstance(step, IrvRound):
            most, fewest = max(step.counts.values()), min(step.counts.values())
            assert 2 * most <= sum(step.counts.values())  # else the count would have stopped
            expected = sorted(o for o, votes in step.counts.items() if votes == fewest)
            everyone_tied = len(expected) == len(step.counts)
            assert list(step.removed) == ([] if everyone_tied else expected)
        if isinstance(step, IrvMajority):
            assert step.votes == step.counts[step.winner] == max(step.counts.values())
            assert 2 * step.votes > sum(step.counts.values())
    # Every count ends with its place; a majority step, if any, is the last round before it.
    for before, after in zip(result.trace, result.trace[1:], strict=False):
        if isinstance(before, IrvMajority):
            assert after == IrvPlace(position=before.position, winners=(before.winner,))


def test_hundreds_of_options():
    # IRV encodes options as characters: 300 options go beyond one byte per character.
    ids = [f"o{i:03}" for i in range(300)]
    ballots = [tuple(ids[i:] + ids[:i]) for i in (0, 0, 1, 299)]
    election = Election(kind=BallotKind.RANKED, options=[Option(i) for i in ids], ballots=ballots)
    assert irv(election).winners == ("o000",)  # 2 first choices of 4, then o001's ballot
    assert borda(election).winners == ("o001",)  # 1192 points against o000's 896
    assert len(irv(election).ranking) == 300


def test_schulze_with_many_options():
    # The full ranking recomputes strongest paths among the options left: O(m**4) in all.
    ids = [f"o{i:02}" for i in range(40)]
    ballots = [tuple(ids[i:] + ids[:i]) for i in (0, 0, 1, 39)]
    election = Election(kind=BallotKind.RANKED, options=[Option(i) for i in ids], ballots=ballots)
    assert schulze(election).winners == ("o00",)


def _naive_irv_ranking(election: Election) -> tuple[tuple[str, ...], ...]:
    """Instant-runoff counted to the very end, ballot by ballot, for the full ranking."""
    remaining = set(election.option_ids)
    ranking = []
    while remaining:
        alive = set(remaining)
        while len(alive) > 1:
            votes = dict.fromkeys(alive, 0)
            for ballot in election.ballots:
                top = next((option for option in ballot if option in alive), None)
                if top is not None:
                    votes[top] += 1
            fewest = min(votes.values())
            if all(count == fewest for count in votes.values()):
                break
            alive -= {option for option, count in votes.items() if count == fewest}
        ranking.append(tuple(sorted(alive)))
        remaining -= alive
    return tuple(ranking)


@pytest.mark.parametrize(("options", "seed"), [(5, 1), (12, 2), (40, 3), (300, 4)])
def test_instant_runoff_matches_a_count_to_the_end(options, seed):
    # Byte symbols below 256 options, characters above; truncated and empty ballots included.
    rng = random.Random(seed)
    ids = [f"o{i:03}" for i in range(options)]
    weights = [rng.paretovariate(1.5) for _ in ids]
    ballots = []
    for _ in range(300):
        order = sorted(ids, key=lambda option: rng.expovariate(1.0) / weights[int(option[1:])])
        ballots.append(tuple(order[: rng.randint(0, min(options, 8))]))
    election = Election(kind=BallotKind.RANKED, options=[Option(i) for i in ids], ballots=ballots)
    assert irv(election).ranking == _naive_irv_ranking(election)
