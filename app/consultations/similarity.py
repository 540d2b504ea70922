"""Suggesting groups of remarks that say the same thing — a pure module (standard library only).

How a suggestion is made (the groups page explains it in these terms):

1. Only remarks on the same part of the document are compared (general remarks with each other).
2. The proposed wording and the justification of a remark are joined, lower-cased, stripped of
   Polish diacritics and punctuation and cut into words; words of one or two letters are left
   out and each word is cut to its first ``STEM`` letters, so that different endings of a Polish
   word ("organizacji", "organizacja") still match.
3. Two remarks are similar when the Jaccard index of their word sets (shared words divided by
   all words of the two) is at least ``THRESHOLD``.
4. Similar remarks are joined into groups (a remark similar to one member joins the group);
   a group of at least two remarks is suggested. The official confirms or edits it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

#: letters kept of each word (a crude stem: Polish endings differ, beginnings seldom do)
STEM = 6
#: the least Jaccard index of two similar remarks
THRESHOLD = 0.6

_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Remark:
    """What the comparison needs of a remark."""

    id: int
    unit_key: str | None
    text: str


@dataclass(frozen=True)
class Suggestion:
    """A suggested group: the remarks' ids (ascending) and how alike they are (0–1)."""

    unit_key: str | None
    ids: tuple[int, ...]
    #: the lowest similarity of a remark to its closest fellow member
    lowest: float
    #: the highest similarity of two members
    highest: float


def normalize(text: str) -> str:
    """Lower case, no diacritics (ł as l), words separated by single spaces."""
    folded = text.casefold().replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain).replace("_", " ").split())


def stems(text: str, size: int = STEM) -> frozenset[str]:
    """The words of the normalized text longer than two letters, each cut to ``size`` letters."""
    return frozenset(word[:size] for word in normalize(text).split() if len(word) > 2)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words divided by all words (0 for two empty texts)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _root(parent: dict[int, int], node: int) -> int:
    """The representative of ``node``'s group (union-find, with path halving)."""
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _candidate_pairs(sets: list[frozenset[str]], threshold: float):
    """The pairs (i, j), i < j, that may reach ``threshold``: the prefix filter of set
    similarity joins. With each set's words ordered rarest first, two sets whose Jaccard index
    is at least t share a piece among the first ``len - ceil(t * len) + 1`` of either; so only
    pairs sharing such a piece are compared (exactly, afterwards), not all n² of them."""
    frequency: dict[str, int] = defaultdict(int)
    for pieces in sets:
        for piece in pieces:
            frequency[piece] += 1
    index: dict[str, list[int]] = defaultdict(list)
    for i, pieces in enumerate(sets):
        ordered = sorted(pieces, key=lambda piece: (frequency[piece], piece))
        prefix = ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        seen: set[int] = set()
        for piece in prefix:
            for j in index[piece]:
                if j not in seen:
                    seen.add(j)
                    yield j, i
            index[piece].append(i)


def suggest_groups(remarks: Iterable[Remark], threshold: float = THRESHOLD) -> list[Suggestion]:
    """Groups of at least two similar remarks on the same unit, largest first, then by the
    first remark's id. Only pairs that can reach the threshold are compared (see
    :func:`_candidate_pairs`); the comparison itself is exact."""
    by_unit: dict[str | None, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for remark in remarks:
        pieces = stems(remark.text)
        if pieces:
            by_unit[remark.unit_key].append((remark.id, pieces))
    suggestions: list[Suggestion] = []
    for unit_key, items in by_unit.items():
        parent = {remark_id: remark_id for remark_id, _ in items}
        best: dict[int, float] = defaultdict(float)
        links: dict[tuple[int, int], float] = {}
        sets = [pieces for _, pieces in items]
        for i, j in _candidate_pairs(sets, threshold):
            (id_a, a), (id_b, b) = items[i], items[j]
            score = jaccard(a, b)
            if score >= threshold:
                links[(id_a, id_b)] = score
                best[id_a] = max(best[id_a], score)
                best[id_b] = max(best[id_b], score)
                parent[_root(parent, id_a)] = _root(parent, id_b)
        members: dict[int, list[int]] = defaultdict(list)
        for remark_id, _ in items:
            members[_root(parent, remark_id)].append(remark_id)
        highest: dict[int, float] = defaultdict(float)
        for (id_a, _id_b), score in links.items():
            group = _root(parent, id_a)
            highest[group] = max(highest[group], score)
        for group, ids in members.items():
            if len(ids) < 2:
                continue
            suggestions.append(
                Suggestion(
                    unit_key=unit_key,
                    ids=tuple(sorted(ids)),
                    lowest=min(best[i] for i in ids),
                    highest=highest[group],
                )
            )
    suggestions.sort(key=lambda s: (-len(s.ids), s.ids[0]))
    return suggestions
