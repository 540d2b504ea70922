"""Draft documents as numbered units: splitting, Polish legal labels, version matching, diffs.

This module is pure (standard library only): no Flask, no database. The web layer stores the
result of :func:`split_markdown` + :func:`assign_keys` for each published version of a draft and
uses :func:`match_units` / :func:`word_diff` to render the per-unit diff between versions.

Rules in brief
--------------
Splitting (:func:`split_markdown`) is line based and deliberately simpler than CommonMark:

* ATX headings (``#`` … ``######``) and setext headings (a paragraph underlined with ``===`` for
  level 1 or ``---`` for level 2) become :attr:`UnitKind.HEADING` units. ``Unit.text`` of a
  heading is the heading text without the ``#`` marks or the underline.
* A block of consecutive non-blank lines is a :attr:`UnitKind.PARAGRAPH`. Headings, list markers
  and code fences interrupt a paragraph (Polish drafts usually write ``Celami programu są:`` and
  the list right below it, without a blank line).
* Each list item is a :attr:`UnitKind.LIST_ITEM`. Markers: ``-``, ``*``, ``+``, ``1.``, ``1)`` and
  lettered ``a)`` (as in Polish legal texts). Following lines that do not start a new block belong
  to the item (also after a blank line when indented). ``Unit.text`` is the item content without
  its marker; the marker is kept in ``Unit.marker``. Items indented deeper than the previous item
  are nested; a lettered item (``a)``) directly below a numbered or bulleted item at the same
  indentation is nested under it too, because in legal texts "litery" always sit inside "punkty".
* A fenced code block (`````` ``` `````` or ``~~~``) is kept whole as one paragraph unit;
  thematic breaks (``---``, ``***``, ``___`` on their own) produce no unit.
* A pipe table (a line starting with ``|`` followed by a delimiter row such as ``| --- | --- |``,
  then every following line starting with ``|``) is one :attr:`UnitKind.TABLE` unit whose text
  is the table's Markdown (rendered as a table); it interrupts a paragraph.

Labels follow Polish legislative drafting ("Zasady techniki prawodawczej"):

* A heading starting with ``§ N`` is labelled ``§ N``; ``Art. N`` → ``Art. N``; ``Rozdział II`` or
  ``Rozdział 2`` → ``Rozdział II`` / ``Rozdział 2`` (also ``Dział`` and ``Oddział``). These units
  are numbered throughout the act, so their label stands alone.
* Any other heading is ``Część N`` where N is its position among its sibling headings (headings
  of the same level under the same parent); below another heading the parent's label is put in
  front: ``Rozdział II, Część 1``.
* Paragraphs are ``ust. k`` and top-level list items ``pkt k``, both counted within the innermost
  section (the nearest heading above). Tables are ``tabela k``, counted the same way and always
  joined with ", " (``§ 3, tabela 1``). The unit part is joined to the section label with a space
  after ``§``/``Art.`` (``§ 3 ust. 2``, ``Art. 5 pkt 1``) and with ", " otherwise
  (``Rozdział II, pkt 4``, ``Część 1, ust. 2``). Before the first heading the section is
  ``Wstęp``: ``Wstęp, ust. 1``.
* Nested list items are counted within their parent item: ``lit. a`` (letters a…z, then aa, ab…)
  one level down, ``tiret k`` two levels down and ``podwójne tiret k`` deeper, appended to the
  parent's label: ``§ 3 pkt 4 lit. a``.

Keys and matching:

* :func:`assign_keys` gives a first version the keys ``u1``, ``u2``, … in document order; a later
  version inherits the key of every unit matched to a unit of the previous version and gives the
  others fresh numbers after the highest number used so far (never reusing a number, also not one
  of a unit removed in an earlier version when its keys are passed as ``reserved``).
* :func:`match_units` aligns the versions with :class:`difflib.SequenceMatcher` over the units
  (kind, level and text). Inside each non-equal block units of the same kind are paired greedily
  by word similarity (highest first; ties by position); a pair counts when the similarity is at
  least :data:`SIMILARITY_THRESHOLD`. Units left over in all blocks are then paired the same way
  across the whole document, which recognises moved units. A pair with identical kind, level and
  text is ``unchanged`` (also when it moved); otherwise ``changed``. The rest is ``removed``
  (``new_position`` None) or ``added`` (``old_key`` None).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

__all__ = [
    "SIMILARITY_THRESHOLD",
    "ChangeKind",
    "DiffSegment",
    "Unit",
    "UnitKind",
    "UnitMatch",
    "assign_keys",
    "match_units",
    "section_label",
    "similarity",
    "split_markdown",
    "word_diff",
]

SIMILARITY_THRESHOLD = 0.5
"""Minimum word similarity (0…1) for two units to count as the same, changed unit."""

INTRO_LABEL = "Wstęp"
PART_WORD = "Część"


class UnitKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"


class ChangeKind(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Unit:
    """One numbered unit of a draft.

    ``text`` is the unit's Markdown source, stripped (for a heading: without the ``#`` marks; for a
    list item: without its marker, continuation lines dedented). ``level`` is the heading level
    (1–6) for headings and 0 otherwise. ``marker`` is the list marker as written (``-``, ``1.``,
    ``4)``, ``a)``) and empty for other kinds.
    """

    key: str
    kind: UnitKind
    level: int
    label: str
    text: str
    position: int
    marker: str = ""


@dataclass(frozen=True)
class UnitMatch:
    """How one unit fared between two versions (see module docstring for the rules)."""

    old_key: str | None
    new_position: int | None
    change: ChangeKind
    similarity: float


@dataclass(frozen=True)
class DiffSegment:
    op: Literal["equal", "insert", "delete"]
    text: str


# --------------------------------------------------------------------------- splitting

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_1 = re.compile(r"^ {0,3}=+[ \t]*$")
_SETEXT_2 = re.compile(r"^ {0,3}-+[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)]|[a-z]\))(?:[ \t]+(.*))?$")
_TABLE_ROW = re.compile(r"^ {0,3}\|")
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


@dataclass
class _Block:
    kind: UnitKind
    lines: list[str]
    level: int = 0  # heading level, or list nesting depth for items
    marker: str = ""
    indent: float = 0.0  # marker indentation of a list item


def _item_match(line: str) -> re.Match[str] | None:
    if _THEMATIC.match(line):
        return None
    return _ITEM.match(line)


def _is_block_start(line: str) -> bool:
    return bool(_ATX.match(line) or _FENCE.match(line) or _item_match(line))


def _starts_table(lines: list[str], i: int) -> bool:
    """A pipe table starts at ``lines[i]``: a row and then a delimiter row with a ``|``."""
    return (
        i + 1 < len(lines)
        and bool(_TABLE_ROW.match(lines[i]))
        and "|" in lines[i + 1]
        and bool(_TABLE_DELIMITER.match(lines[i + 1]))
    )


def _parse_blocks(source: str) -> list[_Block]:
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[_Block] = []
    current: _Block | None = None  # open paragraph or list item accepting continuation lines
    item_stack: list[_Block] = []  # open list items, outermost first
    blank_before = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blank_before = True
            if current is not None and current.kind is UnitKind.PARAGRAPH:
                current = None
            i += 1
            continue

        fence = _FENCE.match(line)
        if fence:
            char, length = fence.group(2)[0], len(fence.group(2))
            closing = re.compile(rf"^ {{0,3}}{re.escape(char)}{{{length},}}[ \t]*$")
            body = [line]
            i += 1
            while i < len(lines):
                body.append(lines[i])
                i += 1
                if closing.match(body[-1]):
                    break
            blocks.append(_Block(UnitKind.PARAGRAPH, body))
            current, item_stack, blank_before = None, [], False
            continue

        if _starts_table(lines, i):
            body = [line.strip(), lines[i + 1].strip()]
            i += 2
            while i < len(lines) and _TABLE_ROW.match(lines[i]):
                body.append(lines[i].strip())
                i += 1
            blocks.append(_Block(UnitKind.TABLE, body))
            current, item_stack, blank_before = None, [], False
            continue

        atx = _ATX.match(line)
        if atx:
            blocks.append(_Block(UnitKind.HEADING, [atx.group(2) or ""], level=len(atx.group(1))))
            current, item_stack, blank_before = None, [], False
            i += 1
            continue

        if (
            current is not None
            and current.kind is UnitKind.PARAGRAPH
            and not blank_before
            and (_SETEXT_1.match(line) or _SETEXT_2.match(line))
        ):
            current.kind = UnitKind.HEADING
            current.level = 1 if _SETEXT_1.match(line) else 2
            current.lines = [" ".join(part.strip() for part in current.lines)]
            current = None
            i += 1
            continue

        if _THEMATIC.match(line):
            current, item_stack, blank_before = None, [], False
            i += 1
            continue

        item = _item_match(line)
        if item:
            indent: float = _indent(item.group(1))
            marker = item.group(2)
            if marker[0].isalpha():
                # a lettered item below a numbered/bulleted one at the same indentation is nested
                indent += 0.5
            while item_stack and item_stack[-1].indent >= indent:
                item_stack.pop()
            content = item.group(3) or ""
            block = _Block(
                UnitKind.LIST_ITEM,
                [content],
                level=len(item_stack),
                marker=marker,
                indent=indent,
            )
            blocks.append(block)
            item_stack.append(block)
            current, blank_before = block, False
            i += 1
            continue

        if current is not None and current.kind is UnitKind.LIST_ITEM:
            if not blank_before:
                current.lines.append(line.strip())
                i += 1
                continue
            if _indent(line) > current.indent:
                # an indented block after a blank line continues the item (a "loose" item)
                current.lines.extend(["", line.strip()])
                i += 1
                blank_before = False
                continue

        if current is not None and current.kind is UnitKind.PARAGRAPH:
            current.lines.append(line.strip())
        else:
            current = _Block(UnitKind.PARAGRAPH, [line.strip()])
            blocks.append(current)
            item_stack = []
        blank_before = False
        i += 1
    return blocks


def split_markdown(source: str) -> list[Unit]:
    """Split a Markdown draft into labelled units (keys ``u1``, ``u2``, … in order).

    See the module docstring for the splitting and labelling rules. Empty or blank input gives
    an empty list. Headings with no text are dropped.
    """
    units: list[Unit] = []
    pending: list[tuple[UnitKind, int, str, str]] = []
    for block in _parse_blocks(source or ""):
        if block.kind is UnitKind.PARAGRAPH and block.lines and _FENCE.match(block.lines[0]):
            text = "\n".join(block.lines).strip("\n")
        else:
            text = "\n".join(block.lines).strip()
        if not text:
            continue
        pending.append((block.kind, block.level, text, block.marker))

    labeller = _Labeller()
    for position, (kind, level, text, marker) in enumerate(pending):
        label = labeller.label(kind, level, text)
        units.append(
            Unit(
                key=f"u{position + 1}",
                kind=kind,
                level=level if kind is UnitKind.HEADING else 0,
                label=label,
                text=text,
                position=position,
                marker=marker,
            )
        )
    return units


# --------------------------------------------------------------------------- labels

_SECTION_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^§\s*(\d+[a-z]*)(?![\w])"), "§ {}"),
    (re.compile(r"^art(?:ykuł|\.)\s*(\d+[a-z]*)(?![\w])", re.IGNORECASE), "Art. {}"),
    (re.compile(r"^rozdział\s+([IVXLCDM]+|\d+[a-z]*)(?![\w])", re.IGNORECASE), "Rozdział {}"),
    (re.compile(r"^oddział\s+([IVXLCDM]+|\d+[a-z]*)(?![\w])", re.IGNORECASE), "Oddział {}"),
    (re.compile(r"^dział\s+([IVXLCDM]+|\d+[a-z]*)(?![\w])", re.IGNORECASE), "Dział {}"),
)


def section_label(heading_text: str) -> str | None:
    """The legal label a heading text names (``§ 3``, ``Art. 5``, ``Rozdział II``) or None.

    Leading Markdown emphasis (``**§ 3.**``) is ignored; roman numerals are upper-cased.
    """
    text = heading_text.lstrip("*_ \t")
    for pattern, template in _SECTION_PATTERNS:
        found = pattern.match(text)
        if found:
            number = found.group(1)
            if re.fullmatch(r"[ivxlcdm]+", number, re.IGNORECASE) and not number[0].isdigit():
                number = number.upper()
            return template.format(number)
    return None


def _join(section: str, part: str) -> str:
    if section.startswith(("§", "Art.")):
        return f"{section} {part}"
    return f"{section}, {part}"


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (bijective base 26)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


class _Labeller:
    """Walks the units in order, tracking the heading path and the counters."""

    def __init__(self) -> None:
        self.headings: list[tuple[int, str, int]] = []  # (level, label, serial) of open headings
        self.sibling_counts: dict[int, int] = {}  # parent serial (0: none) → headings below it
        self.serial = 0
        self.paragraphs = 0
        self.items = 0
        self.tables = 0
        self.item_path: list[tuple[str, int]] = []  # (label, child count) per open item level

    @property
    def section(self) -> str:
        return self.headings[-1][1] if self.headings else INTRO_LABEL

    def label(self, kind: UnitKind, level: int, text: str) -> str:
        if kind is UnitKind.HEADING:
            return self._heading(level, text)
        if kind is UnitKind.PARAGRAPH:
            self.paragraphs += 1
            self.item_path = []
            return _join(self.section, f"ust. {self.paragraphs}")
        if kind is UnitKind.TABLE:
            self.tables += 1
            self.item_path = []
            return f"{self.section}, tabela {self.tables}"
        return self._item(level)

    def _heading(self, level: int, text: str) -> str:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        parent = self.headings[-1][1] if self.headings else ""
        count_key = self.headings[-1][2] if self.headings else 0
        self.sibling_counts[count_key] = self.sibling_counts.get(count_key, 0) + 1
        self.serial += 1
        label = section_label(text)
        if label is None:
            label = f"{PART_WORD} {self.sibling_counts[count_key]}"
            if parent:
                label = f"{parent}, {label}"
        self.headings.append((level, label, self.serial))
        self.paragraphs = 0
        self.items = 0
        self.tables = 0
        self.item_path = []
        return label

    def _item(self, depth: int) -> str:
        depth = min(depth, len(self.item_path))
        del self.item_path[depth:]
        if depth == 0:
            self.items += 1
            label = _join(self.section, f"pkt {self.items}")
        else:
            parent_label, children = self.item_path[depth - 1]
            children += 1
            self.item_path[depth - 1] = (parent_label, children)
            if depth == 1:
                part = f"lit. {_letters(children)}"
            elif depth == 2:
                part = f"tiret {children}"
            else:
                part = f"podwójne tiret {children}"
            label = f"{parent_label} {part}"
        self.item_path.append((label, 0))
        return label


# --------------------------------------------------------------------------- keys & matching

_KEY = re.compile(r"^u(\d+)$")
_MAX_CANDIDATES = 8
_WORDS = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def similarity(old: str, new: str) -> float:
    """Word-level similarity of two texts in [0, 1] (difflib ratio over words and punctuation)."""
    a, b = _words(old), _words(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _signature(unit: Unit) -> tuple[str, int, str]:
    return (unit.kind.value, unit.level, unit.text)


def _pair_greedily(
    old: Sequence[Unit],
    new: Sequence[Unit],
    old_idx: Iterable[int],
    new_idx: Iterable[int],
    cache: dict[tuple[int, int], float],
) -> list[tuple[int, int, float]]:
    """Pair same-kind units by similarity ≥ threshold, best first; ties by positions.

    To stay fast on a rewritten document, the exact ratio is computed for at most
    :data:`_MAX_CANDIDATES` old units per new unit: those with the best ``quick_ratio`` (an upper
    bound of the ratio). ``cache`` keeps computed ratios between passes.
    """
    old_list, new_list = list(old_idx), list(new_idx)
    words_old = {i: _words(old[i].text) for i in old_list}
    candidates: list[tuple[float, int, int]] = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for j in new_list:
        words_new = _words(new[j].text)
        matcher.set_seq2(words_new)  # seq2 is analysed once per new unit
        bounds: list[tuple[float, int]] = []
        for i in old_list:
            if old[i].kind is not new[j].kind:
                continue
            if _signature(old[i]) == _signature(new[j]) or (not words_old[i] and not words_new):
                candidates.append((1.0, i, j))
                continue
            if (i, j) in cache:
                bounds.append((cache[(i, j)], i))
                continue
            matcher.set_seq1(words_old[i])
            if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
                continue
            bound = matcher.quick_ratio()
            if bound >= SIMILARITY_THRESHOLD:
                bounds.append((bound, i))
        bounds.sort(key=lambda b: (-b[0], abs(b[1] - j), b[1]))
        for _, i in bounds[:_MAX_CANDIDATES]:
            if (i, j) not in cache:
                matcher.set_seq1(words_old[i])
                cache[(i, j)] = matcher.ratio()
            if cache[(i, j)] >= SIMILARITY_THRESHOLD:
                candidates.append((cache[(i, j)], i, j))
    # identical units first, then by similarity, then by the smaller position distance
    candidates.sort(
        key=lambda c: (
            _signature(old[c[1]]) != _signature(new[c[2]]),
            -c[0],
            abs(c[1] - c[2]),
            c[1],
            c[2],
        )
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for ratio, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, ratio))
    return pairs


def _alignment(
    old: Sequence[Unit], new: Sequence[Unit]
) -> tuple[dict[int, tuple[int, float]], dict[int, float]]:
    """Map new index → (old index, similarity) for every matched unit, and new index → anchor.

    The anchor is the place on the old side where the new unit sits in the alignment: its old
    index when paired in place, else just after the old units of its block (so that removed
    units of a block are listed before the units added in it).
    """
    matcher = difflib.SequenceMatcher(
        None, [_signature(u) for u in old], [_signature(u) for u in new], autojunk=False
    )
    pairs: dict[int, tuple[int, float]] = {}
    anchors: dict[int, float] = {}
    cache: dict[tuple[int, int], float] = {}
    leftover_old: list[int] = []
    leftover_new: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                pairs[j1 + offset] = (i1 + offset, 1.0)
                anchors[j1 + offset] = i1 + offset
            continue
        block = _pair_greedily(old, new, range(i1, i2), range(j1, j2), cache)
        for j in range(j1, j2):
            anchors[j] = i2 - 0.5
        for i, j, ratio in block:
            pairs[j] = (i, ratio)
            anchors[j] = i
        paired_old = {i for i, _, _ in block}
        paired_new = {j for _, j, _ in block}
        leftover_old.extend(i for i in range(i1, i2) if i not in paired_old)
        leftover_new.extend(j for j in range(j1, j2) if j not in paired_new)
    # second pass: units moved to another place of the document
    for i, j, ratio in _pair_greedily(old, new, leftover_old, leftover_new, cache):
        pairs[j] = (i, ratio)
    return pairs, anchors


def match_units(old: Sequence[Unit], new: Sequence[Unit]) -> list[UnitMatch]:
    """Match the units of two versions; one entry per new unit plus one per removed old unit.

    Entries come in new-document order; a removed unit is listed where it used to be: before the
    first new unit aligned after it (units added in its place come after it).
    """
    pairs, anchors = _alignment(old, new)
    matched_old = {i for i, _ in pairs.values()}
    removed = [i for i in range(len(old)) if i not in matched_old]

    result: list[UnitMatch] = []
    r = 0
    for j, unit in enumerate(new):
        while r < len(removed) and removed[r] < anchors[j]:
            result.append(UnitMatch(old[removed[r]].key, None, ChangeKind.REMOVED, 0.0))
            r += 1
        if j in pairs:
            i, ratio = pairs[j]
            change = (
                ChangeKind.UNCHANGED
                if _signature(old[i]) == _signature(unit)
                else ChangeKind.CHANGED
            )
            result.append(UnitMatch(old[i].key, j, change, round(ratio, 4)))
        else:
            result.append(UnitMatch(None, j, ChangeKind.ADDED, 0.0))
    for i in removed[r:]:
        result.append(UnitMatch(old[i].key, None, ChangeKind.REMOVED, 0.0))
    return result


def _key_number(key: str) -> int:
    found = _KEY.match(key)
    return int(found.group(1)) if found else 0


def assign_keys(
    units: Sequence[Unit], previous: Sequence[Unit] | None, *, reserved: Iterable[str] = ()
) -> list[Unit]:
    """Give ``units`` stable keys.

    Without ``previous`` the keys are ``u1``, ``u2``, … in order. With it, every unit matched by
    :func:`match_units` inherits the previous unit's key and the others get ``u<n>`` numbers after
    the highest number among ``previous`` keys and ``reserved`` (pass the keys of all earlier
    versions there so that a key removed in between is never reused for another unit).
    """
    if previous is None:
        return [replace(unit, key=f"u{n}") for n, unit in enumerate(units, start=1)]
    inherited: dict[int, str] = {}
    for match in match_units(previous, units):
        if match.new_position is not None and match.old_key is not None:
            inherited[match.new_position] = match.old_key
    highest = max((_key_number(k) for k in [*(u.key for u in previous), *reserved]), default=0)
    result: list[Unit] = []
    for j, unit in enumerate(units):
        key = inherited.get(j)
        if key is None:
            highest += 1
            key = f"u{highest}"
        result.append(replace(unit, key=key))
    return result


# --------------------------------------------------------------------------- word diff

_DIFF_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> list[DiffSegment]:
    """Word-level diff: words, whitespace runs and single punctuation marks are the tokens.

    Joining the ``equal`` and ``insert`` segments gives ``new``; joining ``equal`` and ``delete``
    gives ``old``. Adjacent segments of the same kind are merged; a replacement is a ``delete``
    followed by an ``insert``.
    """
    a = _DIFF_TOKENS.findall(old)
    b = _DIFF_TOKENS.findall(new)
    segments: list[DiffSegment] = []

    def add(op: Literal["equal", "insert", "delete"], tokens: Sequence[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = DiffSegment(op, segments[-1].text + text)
        else:
            segments.append(DiffSegment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return segments
