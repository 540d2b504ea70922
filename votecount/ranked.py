"""Ranked methods: Borda, Schulze and instant-runoff (IRV).

Definitions (the same as ``pref_voting``, so anyone can re-check a result):

- **Borda**: with ``m`` options, on a ballot ranking ``k`` of them the option in position ``j``
  (0-based) gets ``m - 1 - j`` points and the ``m - k`` unranked options share the remaining points
  equally, ``(m - k - 1) / 2`` each (so a score may end in ``.5``). Options are ordered by total
  points; equal totals form a tied group. ``pref_voting`` calls this the symmetric Borda score for
  truncated ballots, which is ``2 * points - n * (m - 1)``: the same order.
- **Schulze**: the link from ``a`` to ``b`` is the margin (ballots preferring ``a`` minus ballots
  preferring ``b``; a ranked option is preferred to an unranked one, two unranked options are
  tied). Only positive margins are links. The strength of a path is its weakest link; ``a``
  defeats ``b`` when the strongest path from ``a`` to ``b`` is stronger than the one back. The
  winners are the undefeated options; the full ranking repeats this on the options not yet ranked
  (paths are recomputed among them).
- **Instant-runoff**: each round every ballot counts for its highest-ranked remaining option;
  all options tied for the fewest votes are removed at once; a ballot whose options are all removed
  is exhausted and counts for no one. The last option standing wins; if all remaining options tie,
  they win together. The full ranking removes the winners and runs again on the rest. A count
  stops as soon as one option holds a strict majority of the ballots still counting: that option
  is the last one standing (its votes never drop, and all the others together stay below it
  whatever the transfers), so the result is the same; the trace closes such a count with an
  ``IrvMajority`` step instead of the rounds that were not needed.

Ties are never broken: tied options share a place in the ranking and are listed in ``ties``.

Cost: Borda and the pairwise tally behind Schulze take one pass over the ballots. The Schulze
ranking recomputes strongest paths for every place, ``O(m**4)`` operations in the worst case:
instant for tens of options, slow for hundreds. Instant-runoff moves each ballot only when its
current option is removed; the full ranking repeats the count once per place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import chain, groupby, repeat
from operator import itemgetter

from .model import BallotKind, Election
from .results import (
    RankedExplanation,
    RankingResult,
    Step,
    Tie,
    TieBreak,
    TieStage,
    frozen_mapping,
)

# ---------------------------------------------------------------------------------------------
# Trace steps


@dataclass(frozen=True, kw_only=True)
class BordaTally(Step):
    """Borda points of one option, with how many ballots put it in each position."""

    kind = "borda_tally"
    option: str
    positions: tuple[int, ...]  # ballots ranking the option 1st, 2nd, ...
    unranked: int  # ballots that did not rank it (each gives it an equal share)
    points: Fraction


@dataclass(frozen=True, kw_only=True)
class PairwiseMargins(Step):
    """Margins between every pair: ``margins[i][j]`` = ballots preferring i to j minus reverse."""

    kind = "pairwise_margins"
    options: tuple[str, ...]
    margins: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, kw_only=True)
class StrongestPaths(Step):
    """Strength of the strongest path between every pair of ``options`` (0 = no path)."""

    kind = "strongest_paths"
    options: tuple[str, ...]
    strengths: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, kw_only=True)
class SchulzePlace(Step):
    """One application of Schulze to the options not yet ranked: its undefeated options."""

    kind = "schulze_place"
    position: int
    candidates: tuple[str, ...]
    winners: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class IrvRound(Step):
    """One instant-runoff round while deciding ranking ``position``."""

    kind = "irv_round"
    position: int
    round: int
    counts: dict[str, int]  # votes of every option still in the race
    exhausted: int  # ballots that count for no remaining option
    removed: tuple[str, ...]  # options with the fewest votes, removed together


@dataclass(frozen=True, kw_only=True)
class IrvMajority(Step):
    """The last round counted while deciding ranking ``position``: ``winner`` holds a strict
    majority of the ballots still counting, so it would be the last option standing (its votes
    never drop, and all the others together have fewer, whatever the later transfers)."""

    kind = "irv_majority"
    position: int
    round: int
    counts: dict[str, int]  # votes of every option still in the race
    exhausted: int  # ballots that count for no remaining option
    winner: str
    votes: int  # the winner's votes: more than half of ``sum(counts.values())``


@dataclass(frozen=True, kw_only=True)
class IrvPlace(Step):
    """The option(s) left standing take ranking ``position``."""

    kind = "irv_place"
    position: int
    winners: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _require_ranked(election: Election, method: str) -> None:
    election.require_kind(method, BallotKind.RANKED)


def _groups_by_score(ids, scores) -> list[tuple[str, ...]]:
    """Options grouped by equal score, highest first; ids sorted inside a group."""
    ordered = sorted(ids, key=lambda option: (-scores[option], option))
    return [tuple(group) for _, group in groupby(ordered, key=scores.__getitem__)]


def _ranking_ties(ranking) -> tuple[Tie, ...]:
    return tuple(
        Tie(
            stage=TieStage.RANKING,
            position=position,
            options=group,
            favoured=(),
            rule=TieBreak.SHARED,
        )
        for position, group in enumerate(ranking, 1)
        if len(group) > 1
    )


def _ranking_result(method, ranking, scores, trace) -> RankingResult:
    ranking = tuple(tuple(sorted(group)) for group in ranking)
    return RankingResult(
        method=method,
        winners=ranking[0] if ranking else (),
        ranking=ranking,
        scores=frozen_mapping(scores),
        ties=_ranking_ties(ranking),
        trace=tuple(trace),
        explanations=frozen_mapping(_explanations(method, ranking, scores, trace)),
    )


def _explanations(method, ranking, scores, trace) -> dict[str, RankedExplanation]:
    """Per option: its place and how far it was from the next better outcome (see
    :class:`~.results.RankedExplanation`)."""
    place = {option: position for position, group in enumerate(ranking, 1) for option in group}
    winner = ranking[0][0] if ranking else None
    extra: dict[str, dict] = {option: {} for option in place}
    if method == "irv":
        _irv_margins(trace, extra)
    elif method == "borda" and winner is not None:
        for option in place:
            if place[option] > 1:
                extra[option] = {"margin": scores[winner] - scores[option], "behind": winner}
    elif method == "schulze" and winner is not None:
        margins = next((step for step in trace if isinstance(step, PairwiseMargins)), None)
        if margins is not None:
            index = {option: i for i, option in enumerate(margins.options)}
            for option in place:
                if place[option] > 1:
                    margin = margins.margins[index[winner]][index[option]]
                    extra[option] = {"margin": margin, "behind": winner}
    return {
        option: RankedExplanation(
            option=option, place=place[option], score=scores.get(option), **extra[option]
        )
        for option in sorted(place, key=lambda option: (place[option], option))
    }


def _irv_margins(trace, extra: dict[str, dict]) -> None:
    """From the count for first place: the round each option was eliminated in, its votes and
    the votes it lacked to overtake the weakest option that stayed in."""
    for step in trace:
        if getattr(step, "position", None) != 1:
            continue
        if isinstance(step, IrvRound):
            staying = {o: v for o, v in step.counts.items() if o not in step.removed}
            weakest = min(staying, key=lambda o: (staying[o], o)) if staying else None
            for option in step.removed:
                votes = step.counts[option]
                extra[option] = {"round": step.round, "votes": votes}
                if weakest is not None:
                    extra[option].update(margin=staying[weakest] - votes, behind=weakest)
            if not step.removed:  # everyone tied: they share first place
                for option, votes in step.counts.items():
                    extra[option] = {"votes": votes}
        elif isinstance(step, IrvMajority):
            for option, votes in step.counts.items():
                if option == step.winner:
                    extra[option] = {"votes": votes}
                else:
                    extra[option] = {
                        "votes": votes,
                        "margin": step.votes - votes,
                        "behind": step.winner,
                    }


def _by_length(ballots) -> list[tuple[int, list[tuple[str, ...]]]]:
    """Ballots grouped by length, shortest first."""
    ordered = sorted(ballots, key=len)
    return [(length, list(group)) for length, group in groupby(ordered, key=len)]


# ---------------------------------------------------------------------------------------------
# Borda


def borda(election: Election) -> RankingResult:
    """Borda count for (possibly truncated) rankings; see the module docstring for the rule.

    Scores are exact (halves appear when ballots are truncated). Equal scores share a place.
    """
    _require_ranked(election, "borda")
    ids = election.option_ids
    m = len(ids)
    doubled = dict.fromkeys(ids, 0)  # twice the points, to stay in integers
    positions: list[Counter[str]] = []
    ranked_total: Counter[str] = Counter()
    for length, group in _by_length(election.ballots):
        ranked_here = _count_positions(group, length, m, doubled, positions)
        ranked_total.update(ranked_here)
        unranked_share = m - length - 1  # twice the equal share of each unranked option
        if length < m and unranked_share:
            size = len(group)
            for option in ids:
                doubled[option] += unranked_share * (size - ranked_here[option])
    scores = {option: Fraction(doubled[option], 2) for option in ids}
    ranking = _groups_by_score(ids, scores)
    n = len(election.ballots)
    trace = [
        BordaTally(
            option=option,
            positions=tuple(counter[option] for counter in positions),
            unranked=n - ranked_total[option],
            points=scores[option],
        )
        for group in ranking
        for option in group
    ]
    return _ranking_result("borda", ranking, scores, trace)


def _count_positions(group, length, m, doubled, positions) -> Counter[str]:
    """Add the positional points of ballots of one ``length``; return how often each is ranked."""
    ranked_here: Counter[str] = Counter()
    for j in range(length):
        at_j = Counter(map(itemgetter(j), group))
        if len(positions) <= j:
            positions.append(Counter())
        positions[j].update(at_j)
        ranked_here.update(at_j)
        weight = 2 * (m - 1 - j)
        for option, count in at_j.items():
            doubled[option] += weight * count
    return ranked_here


# ---------------------------------------------------------------------------------------------
# Schulze


def pairwise_support(election: Election) -> list[list[int]]:
    """``support[i][j]``: ballots preferring option i to option j (ranked beats unranked).

    Fast path: for each ballot, each option ``x`` adds the set of options ranked at or above it,
    encoded as one integer with a counter field per option, so one big-integer addition counts a
    whole row of the matrix at once.
    """
    ids = election.option_ids
    m = len(ids)
    width = max(len(election.ballots), 1).bit_length() + 1
    bit = {option: 1 << (width * i) for i, option in enumerate(ids)}
    above = dict.fromkeys(ids, 0)  # field j of above[x]: ballots ranking x with j at/above x
    for ballot in election.ballots:
        prefix = 0
        for option in ballot:
            prefix += bit[option]
            above[option] += prefix
    mask = (1 << width) - 1
    support = []
    for i, option in enumerate(ids):
        packed = above[option]
        row = [(packed >> (width * j)) & mask for j in range(m)]
        ranked = row[i]
        support.append([0 if j == i else ranked - row[j] for j in range(m)])
    return support


def _strongest_paths(margins, members: list[int]) -> list[list[int]]:
    """Floyd-Warshall widest paths over positive margins among ``members`` (indices)."""
    paths = [[max(margins[i][j], 0) for j in members] for i in members]
    for k in range(len(members)):
        through = paths[k]
        for i, row in enumerate(paths):
            via = row[k]
            if via and i != k:
                paths[i] = list(map(max, row, map(min, repeat(via), through)))
    for i, row in enumerate(paths):
        row[i] = 0  # a path from an option to itself is meaningless
    return paths


def _undefeated(paths) -> list[int]:
    size = len(paths)
    return [
        i for i in range(size) if all(paths[j][i] <= paths[i][j] for j in range(size) if j != i)
    ]


def schulze(election: Election) -> RankingResult:
    """Schulze method with margins; the ranking repeats it on the options not yet ranked.

    Undefeated options share a place. There is no numeric score, so ``scores`` are ``None``; the
    trace holds the pairwise margins and the strongest paths.
    """
    _require_ranked(election, "schulze")
    ids = election.option_ids
    support = pairwise_support(election)
    m = len(ids)
    margins = [[support[i][j] - support[j][i] for j in range(m)] for i in range(m)]
    trace: list[Step] = [
        PairwiseMargins(options=ids, margins=tuple(map(tuple, margins))),
    ]
    remaining = list(range(m))
    ranking: list[tuple[str, ...]] = []
    while remaining:
        paths = _strongest_paths(margins, remaining)
        if len(remaining) == m:
            trace.append(StrongestPaths(options=ids, strengths=tuple(map(tuple, paths))))
        winners = [remaining[i] for i in _undefeated(paths)]
        group = tuple(sorted(ids[i] for i in winners))
        trace.append(
            SchulzePlace(
                position=len(ranking) + 1,
                candidates=tuple(sorted(ids[i] for i in remaining)),
                winners=group,
            )
        )
        ranking.append(group)
        chosen = set(winners)
        remaining = [i for i in remaining if i not in chosen]
    return _ranking_result("schulze", ranking, dict.fromkeys(ids), trace)


# ---------------------------------------------------------------------------------------------
# Instant-runoff
#
# Ballots are encoded as byte strings, one byte per option (``index + 1``) followed by the end
# marker ``0`` (with 256 options or more, as text with one character per option). A ballot
# always sits in the pile of its current top option. Removing options moves the ballots of their
# piles: ``lstrip(removed)`` skips every removed option at the front in one C call. For the full
# ranking, a "snapshot" of the piles is kept with only the already ranked options removed, so
# each run starts from it instead of from scratch. When the next round may be the last one (a
# majority within reach, or two options left), it is counted without moving any ballot: the
# removed piles are joined into one text, the removed options deleted with ``translate`` and the
# new tops counted with ``count`` (see ``_counts_after``); the piles move only if the count goes on.


class _Alphabet:
    """One symbol per option: bytes when they fit in a byte (faster), else characters."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        if len(ids) < 256:
            self.symbols: list = list(range(1, len(ids) + 1))
            self.word = bytes  # a list of symbols -> a word
            self.end: int | str = 0
            self.strip = bytes.lstrip
        else:
            self.symbols = [chr(i + 1) for i in range(len(ids))]
            self.word = "".join
            self.end = "\0"
            self.strip = str.lstrip
        self.code = dict(zip(ids, self.symbols, strict=True))
        self.option_of = dict(zip(self.symbols, ids, strict=True))

    def encode_all(self):
        """A function encoding one ballot: its symbols, then the end marker."""
        word, symbol_of, end = self.word, self.code.__getitem__, self.end
        return lambda ballot: word([*map(symbol_of, ballot), end])

    @cached_property
    def starts(self) -> dict:
        """For each symbol, the end marker followed by it: a ballot starting with it, in a
        text of ballots joined by :meth:`joined`."""
        return {symbol: self.word([self.end, symbol]) for symbol in self.symbols}

    def joined(self, piles) -> bytes | str:
        """The ballots of ``piles`` as one text, preceded by the end marker."""
        return self.word([]).join(chain((self.word([self.end]),), chain.from_iterable(piles)))

    def delete(self, text, dead):
        """``text`` without the symbols in ``dead``."""
        if self.word is bytes:
            return text.translate(None, dead)
        return text.translate(dict.fromkeys(map(ord, dead)))

    def appenders(self, piles: dict) -> list | dict:
        """``pile.append`` of every pile, looked up by symbol (a list for byte symbols, which
        is faster to index); exhausted ballots (the end marker) are dropped."""
        drop = [].append
        if self.word is bytes:
            table: list | dict = [drop] * 256
        else:
            table = {self.end: drop}
        for symbol, pile in piles.items():
            table[symbol] = pile.append
        return table


def irv(election: Election) -> RankingResult:
    """Instant-runoff; the ranking removes the winners and runs again (see module docstring).

    Nothing is broken at random: options tied for the fewest votes are removed together, and
    options tied at the end share the place. ``scores`` are ``None``; the trace lists every
    round counted.

    Each count stops as soon as one option holds a strict majority of the ballots still counting
    (an ``IrvMajority`` step closes it): its votes never drop and all the others together have
    fewer, even after every later transfer, so it is the last option standing and the result
    equals counting to the end (``pref_voting``'s ``instant_runoff`` stops the same way).
    """
    _require_ranked(election, "irv")
    ids = election.option_ids
    alphabet = _Alphabet(ids)
    snapshot = _first_piles(alphabet, election.ballots)
    total = len(election.ballots)
    remaining = list(alphabet.symbols)
    ranked = alphabet.word([])
    ranking: list[tuple[str, ...]] = []
    trace: list[Step] = []
    while remaining:
        position = len(ranking) + 1
        winners = _IrvRun(alphabet, snapshot, remaining, ranked, total, position).count(trace)
        ranking.append(tuple(sorted(alphabet.option_of[s] for s in winners)))
        trace.append(IrvPlace(position=position, winners=ranking[-1]))
        remaining = [symbol for symbol in remaining if symbol not in winners]
        ranked += alphabet.word(winners)
        _move_piles(alphabet, snapshot, winners, ranked)
    return _ranking_result("irv", ranking, dict.fromkeys(ids), trace)


def _first_piles(alphabet: _Alphabet, ballots) -> dict:
    """The encoded ballots in the piles of their first options (empty ballots count for none)."""
    piles: dict = {symbol: [] for symbol in alphabet.symbols}
    appends = alphabet.appenders(piles)
    for ballot in map(alphabet.encode_all(), ballots):
        appends[ballot[0]](ballot)
    return piles


def _move_piles(alphabet: _Alphabet, piles: dict, removed, dead) -> None:
    """Move the ballots of the ``removed`` piles to their next option not in ``dead``."""
    appends = alphabet.appenders(piles)
    strip, dead_again = alphabet.strip, repeat(dead)
    for symbol in removed:
        for ballot in map(strip, piles.pop(symbol), dead_again):
            appends[ballot[0]](ballot)


def _counts_after(alphabet: _Alphabet, piles, alive: list, removed: list, dead) -> dict:
    """Votes of the ``alive`` options once the ``removed`` piles are transferred, counted without
    moving anything: the removed ballots are joined into one text (each ends with the end
    marker), the ``dead`` options are deleted from it, and the ballots now starting with an
    option are counted as ``end + option`` (all in C, no Python step per ballot)."""
    counts = {symbol: len(piles[symbol]) for symbol in alive}
    text = alphabet.delete(alphabet.joined(piles[symbol] for symbol in removed), dead)
    for symbol in alive:
        counts[symbol] += text.count(alphabet.starts[symbol])
    return counts


def _last_round(votes: list[int]) -> bool:
    """Whether a round with these votes ends the count: a strict majority, or everyone tied."""
    most = max(votes)
    return 2 * most > sum(votes) or min(votes) == most


class _IrvRun:
    """One instant-runoff count among the ``remaining`` options, starting from the snapshot."""

    def __init__(self, alphabet, snapshot, remaining, ranked, total, position) -> None:
        self.alphabet = alphabet
        self.alive = list(remaining)
        self.piles = {symbol: list(snapshot[symbol]) for symbol in self.alive}
        self.counts = {symbol: len(self.piles[symbol]) for symbol in self.alive}
        self.dead = ranked
        self.total = total
        self.position = position

    def count(self, trace: list[Step]) -> list:
        """Count round after round; return the option(s) left standing.

        The count stops as soon as one option holds a strict majority of the ballots still
        counting: it is then the last option standing, so the result is the same.
        """
        alive, round_number = self.alive, 0
        while len(alive) > 1:
            round_number += 1
            counts = self.counts
            votes = [counts[symbol] for symbol in alive]
            most = max(votes)
            if 2 * most > sum(votes):
                winner = alive[votes.index(most)]
                trace.append(self._majority(round_number, alive, winner))
                return [winner]
            fewest = min(votes)
            removed = [symbol for symbol in alive if counts[symbol] == fewest]
            everyone_tied = len(removed) == len(alive)
            trace.append(self._round(round_number, alive, () if everyone_tied else removed))
            if everyone_tied:
                break
            alive = [symbol for symbol in alive if counts[symbol] != fewest]
            if len(alive) > 1:
                self._remove(alive, removed)
        return alive

    def _remove(self, alive, removed) -> None:
        """Take the ``removed`` options out; when the next round may be the last one (two options
        left, or a majority within reach), count it first and leave the piles as they are if it
        is: no later round needs them."""
        self.dead += self.alphabet.word(removed)
        counts = self.counts
        votes = [counts[symbol] for symbol in alive]
        moving = sum(counts[symbol] for symbol in removed)
        # x gets a majority only if 2 * (votes[x] + g) > sum(votes) + t, where t <= moving
        # ballots are transferred and x gets g <= t of them: so only if 2 * votes[x] + moving
        # > sum(votes).
        if len(alive) == 2 or 2 * max(votes) + moving > sum(votes):
            after = _counts_after(self.alphabet, self.piles, alive, removed, self.dead)
            if _last_round(list(after.values())):
                self.counts = after
                return
        _move_piles(self.alphabet, self.piles, removed, self.dead)
        self.counts = {symbol: len(self.piles[symbol]) for symbol in alive}

    def _round(self, number: int, alive, removed) -> IrvRound:
        option_of = self.alphabet.option_of
        return IrvRound(
            position=self.position,
            round=number,
            counts={option_of[symbol]: self.counts[symbol] for symbol in alive},
            exhausted=self.total - sum(self.counts[symbol] for symbol in alive),
            removed=tuple(sorted(option_of[symbol] for symbol in removed)),
        )

    def _majority(self, number: int, alive, winner) -> IrvMajority:
        option_of = self.alphabet.option_of
        return IrvMajority(
            position=self.position,
            round=number,
            counts={option_of[symbol]: self.counts[symbol] for symbol in alive},
            exhausted=self.total - sum(self.counts[symbol] for symbol in alive),
            winner=option_of[winner],
            votes=self.counts[winner],
        )
