"""Suggesting groups of remarks that say the same thing — a pure module (standard library only).

How a suggestion is made (the groups page explains it in these terms):

1. Only remarks on the same part of the document are compared (general remarks with each other).
2. The proposed wording and the justification of a remark are joined, lower-cased, stripped of
   Polish diacritics and punctuation, and cut into overlapping pieces of ``SHINGLE`` letters
   ("shingles"), so that different endings of a Polish word still share most pieces.
3. Two remarks are similar when the Jaccard index of their pieces (shared pieces divided by all
   pieces of the two) is at least ``THRESHOLD``.
4. Similar remarks are joined into groups (a remark similar to one member joins the group);
   a group of at least two remarks is suggested. The official confirms or edits it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

#: letters per shingle
SHINGLE = 4
#: the least Jaccard index of two similar remarks
THRESHOLD = 0.45

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


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """The overlapping pieces of ``size`` letters of the normalized text."""
    plain = normalize(text)
    if len(plain) <= size:
        return frozenset([plain]) if plain else frozenset()
    return frozenset(plain[i : i + size] for i in range(len(plain) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared pieces divided by all pieces (0 for two empty texts)."""
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


def suggest_groups(remarks: Iterable[Remark], threshold: float = THRESHOLD) -> list[Suggestion]:
    """Groups of at least two similar remarks on the same unit, largest first, then by the
    first remark's id. Pairs whose sizes alone rule out the threshold are not compared."""
    by_unit: dict[str | None, list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for remark in remarks:
        pieces = shingles(remark.text)
        if pieces:
            by_unit[remark.unit_key].append((remark.id, pieces))
    suggestions: list[Suggestion] = []
    for unit_key, items in by_unit.items():
        items.sort(key=lambda item: len(item[1]))
        parent = {remark_id: remark_id for remark_id, _ in items}
        best: dict[int, float] = defaultdict(float)
        links: dict[tuple[int, int], float] = {}

        for i, (id_a, a) in enumerate(items):
            for id_b, b in items[i + 1 :]:
                if len(a) < threshold * len(b):
                    break  # sorted by size: every later one is larger still
                score = jaccard(a, b)
                if score >= threshold:
                    links[(id_a, id_b)] = score
                    best[id_a] = max(best[id_a], score)
                    best[id_b] = max(best[id_b], score)
                    parent[_root(parent, id_a)] = _root(parent, id_b)
        members: dict[int, list[int]] = defaultdict(list)
        for remark_id, _ in items:
            members[_root(parent, remark_id)].append(remark_id)
        for ids in members.values():
            if len(ids) < 2:
                continue
            scores = [s for (x, y), s in links.items() if x in ids and y in ids]
            suggestions.append(
                Suggestion(
                    unit_key=unit_key,
                    ids=tuple(sorted(ids)),
                    lowest=min(best[i] for i in ids),
                    highest=max(scores),
                )
            )
    suggestions.sort(key=lambda s: (-len(s.ids), s.ids[0]))
    return suggestions
