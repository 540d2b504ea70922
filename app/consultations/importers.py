"""Reading uploaded DOCX and ODT drafts into Markdown for :mod:`app.consultations.drafting`.

Uses python-docx for DOCX and odfpy for ODT (both parse XML without resolving external entities;
odfpy goes through defusedxml). No Flask or database imports.

Rules
-----
* The document's body is read in order. Headings become ``#`` … ``######`` lines: in DOCX a
  paragraph style named "Heading N" / "Nagłówek N" (any case; "Title"/"Tytuł" counts as level 1)
  or an outline level in the paragraph properties; in ODT a ``text:h`` with its
  ``text:outline-level`` (default 1). Levels are clamped to 1–6.
* List items become lines indented by two spaces per nesting level: in DOCX a paragraph whose
  style name contains "list" (List Paragraph, List Bullet, Lista, Akapit z listą …) or that has
  numbering properties (``w:numPr`` on the paragraph or its style, level from ``w:ilvl``); in
  ODT ``text:list-item`` (nested ``text:list`` → deeper). Consecutive items form one list; other
  blocks are separated by a blank line.
* A numbered item keeps its number as the marker the draft splitter reads as a point
  (:mod:`app.consultations.drafting`): the DOCX numbering definitions (``word/numbering.xml``:
  the level's ``w:numFmt``, ``w:lvlText`` and ``w:start``, a ``w:startOverride`` of the
  ``w:num``) or the ODT list style (``text:list-level-style-number``: ``style:num-format``,
  ``style:num-suffix``, ``text:start-value``) give ``1)``/``1.`` for numbers and ``a)`` for
  letters (roman numerals become arabic: ``3)``). Counting follows Word: per abstract
  definition and level, a level restarts after an item of a higher level. Bulleted items (and
  items without a definition) become ``- ``. A DOCX heading with numbering gets its rendered
  number in front (``§ 3.`` from ``§ %1.``), so that its legal label is recognised.
* Other paragraphs become paragraphs; empty ones are dropped. A table becomes one Markdown pipe
  table (its first row is the header row; ``|`` in a cell is escaped, a cell's paragraphs are
  joined by spaces, a merged cell is kept once and the row padded, nested tables are read as
  text of their cell), so that the splitter keeps it as one unit.
* Inline: bold runs → ``**text**``, italic → ``_text_`` (direct formatting or the character
  styles Strong/Emphasis; in ODT the text style's ``fo:font-weight``/``fo:font-style``), links
  with an http(s)/mailto target → ``[text](url)``. Markdown characters ``\\ * _ `` ` in the
  text are escaped, as is a ``#`` at the start of a paragraph; whitespace next to emphasis
  markers is moved outside them. Line breaks stay line breaks, tabs become spaces. Deleted
  tracked changes, comments/annotations and footnotes are left out.
* Problems raise :class:`ImportProblem` with a :class:`ImportProblemReason`: NOT_A_DOCUMENT for
  bytes that are not a readable document of the expected type, EMPTY for an empty file or a
  document without text, TOO_LARGE when the archive would unpack to more than
  ``max_unpacked_bytes`` (a guard against ZIP bombs; header sizes are binding for
  :mod:`zipfile`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

__all__ = [
    "DEFAULT_MAX_UNPACKED_BYTES",
    "ImportProblem",
    "ImportProblemReason",
    "detect_format",
    "docx_to_markdown",
    "document_to_markdown",
    "odt_to_markdown",
]

DEFAULT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


class ImportProblemReason(StrEnum):
    NOT_A_DOCUMENT = "not_a_document"
    EMPTY = "empty"
    TOO_LARGE = "too_large"


class ImportProblem(Exception):
    """An upload that cannot be turned into a draft; ``reason`` says why."""

    def __init__(self, reason: ImportProblemReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------- shared helpers


@dataclass(frozen=True)
class _Piece:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class _Block:
    kind: Literal["heading", "paragraph", "item", "table"]
    text: str
    level: int = 0  # heading level or list nesting depth
    marker: str = ""  # a list item's number as written ("1)", "a)"), empty for a bullet
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row


_ROMAN_FORMATS = {"lowerRoman", "upperRoman", "i", "I"}
_LETTER_FORMATS = {"lowerLetter", "upperLetter", "a", "A"}


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (as list letters count)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _item_marker(number_format: str, value: int, suffix: str) -> str:
    """The splitter's marker for item ``value`` of a list numbered in ``number_format``
    (DOCX ``w:numFmt`` or ODT ``style:num-format``); "" for bullets and unnumbered items."""
    if number_format in _LETTER_FORMATS:
        return f"{_letters(max(value, 1))})"
    if number_format in _ROMAN_FORMATS:
        return f"{value})"
    if number_format in {"", "bullet", "none"}:
        return ""
    return f"{value}{'.' if suffix == '.' else ')'}"


def _table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    """A Markdown pipe table of ``rows``, the first being the header row."""
    width = max(len(row) for row in rows)

    def line(cells: tuple[str, ...]) -> str:
        padded = [c.replace("|", "\\|") for c in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(padded) + " |"

    return "\n".join([line(rows[0]), "|" + " --- |" * width, *(line(row) for row in rows[1:])])


_ESCAPE = re.compile(r"([\\*_`])")
_SAFE_LINK = re.compile(r"^(https?://|mailto:)\S+$", re.IGNORECASE)


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _wrap(text: str, marker: str) -> str:
    """Wrap in an emphasis marker, keeping surrounding whitespace outside of it."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _render_inline(pieces: list[_Piece], *, plain: bool = False) -> str:
    """Merge pieces of equal formatting and render them as Markdown (``plain``: no emphasis)."""
    merged: list[_Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if plain:
            piece = _Piece(piece.text, href=piece.href)
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            piece.bold,
            piece.italic,
            piece.href,
        ):
            merged[-1] = _Piece(merged[-1].text + piece.text, piece.bold, piece.italic, piece.href)
        else:
            merged.append(piece)
    out: list[str] = []
    for piece in merged:
        text = _escape(piece.text)
        if piece.italic:
            text = _wrap(text, "_")
        if piece.bold:
            text = _wrap(text, "**")
        if piece.href and _SAFE_LINK.match(piece.href) and text.strip():
            text = f"[{text}]({piece.href})"
        out.append(text)
    rendered = "".join(out).replace("\t", " ")
    rendered = re.sub(r"[ \u00a0]*\n[ \u00a0]*", "\n", rendered)
    return rendered.strip()


def _to_markdown(blocks: Iterator[_Block]) -> str:
    parts: list[str] = []
    previous_item = False
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if block.kind == "heading":
            line = "#" * block.level + " " + " ".join(text.split())
        elif block.kind == "item":
            indent = "  " * block.level
            marker = block.marker or "-"
            continuation = "\n" + indent + " " * (len(marker) + 1)
            line = indent + marker + " " + text.replace("\n", continuation)
        elif block.kind == "table":
            line = _table_markdown(block.rows)
        else:
            line = "\\" + text if text.startswith("#") else text
        if parts:
            parts.append("\n" if previous_item and block.kind == "item" else "\n\n")
        parts.append(line)
        previous_item = block.kind == "item"
    markdown = "".join(parts).strip()
    if not markdown:
        raise ImportProblem(ImportProblemReason.EMPTY, "the document has no text")
    return markdown + "\n"


def _open_zip(data: bytes, max_unpacked_bytes: int) -> zipfile.ZipFile:
    if not data:
        raise ImportProblem(ImportProblemReason.EMPTY, "the file is empty")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "not a ZIP package") from exc
    if total > max_unpacked_bytes:
        raise ImportProblem(ImportProblemReason.TOO_LARGE, f"unpacks to {total} bytes")
    return archive


def detect_format(data: bytes) -> Literal["docx", "odt"] | None:
    """Recognise a DOCX or ODT package by its content (not its file name), else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
                if mimetype == ODT_MIMETYPE:
                    return "odt"
            if "word/document.xml" in names or "[Content_Types].xml" in names:
                content_types = archive.read("[Content_Types].xml")[:100_000]
                if b"wordprocessingml.document.main+xml" in content_types:
                    return "docx"
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        return None
    return None


def document_to_markdown(
    data: bytes, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
) -> str:
    """Convert a DOCX or ODT upload, recognised by its content, to Markdown."""
    if not data:
        raise ImportProblem(ImportProblemReason.EMPTY, "the file is empty")
    kind = detect_format(data)
    if kind == "docx":
        return docx_to_markdown(data, max_unpacked_bytes=max_unpacked_bytes)
    if kind == "odt":
        return odt_to_markdown(data, max_unpacked_bytes=max_unpacked_bytes)
    raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "neither DOCX nor ODT")


# --------------------------------------------------------------------------- DOCX

_HEADING_STYLE = re.compile(r"^(?:heading|nagłówek)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "tytuł"}
_BOLD_STYLES = {"strong", "pogrubienie", "strong emphasis"}
_ITALIC_STYLES = {"emphasis", "uwydatnienie", "wyróżnienie"}


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _w_int(element: Any, default: int) -> int:
    value = element.get(_w("val")) if element is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class _Level:
    number_format: str
    text: str  # w:lvlText, e.g. "%1)" or "§ %1."
    start: int


class _DocxNumbering:
    """The numbering definitions of a DOCX (``word/numbering.xml``) and Word's counters.

    Counters belong to an abstract definition (several ``w:num`` sharing one continue each
    other's count, as in Word) and restart below a level when an item of that level comes; a
    ``w:num`` with a ``w:startOverride`` restarts its level when it is first used.
    """

    def __init__(self, numbering_element: Any) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering_element is None:
            return
        for abstract in numbering_element.iterchildren(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                levels[_w_int_attr(lvl, "ilvl", 0)] = _Level(
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    _w_int(lvl.find(_w("start")), 1),
                )
            self.abstracts[abstract.get(_w("abstractNumId"), "")] = levels
        for num in numbering_element.iterchildren(_w("num")):
            abstract_id = num.find(_w("abstractNumId"))
            overrides = {
                _w_int_attr(o, "ilvl", 0): _w_int(o.find(_w("startOverride")), 1)
                for o in num.iterchildren(_w("lvlOverride"))
                if o.find(_w("startOverride")) is not None
            }
            if abstract_id is not None:
                self.nums[num.get(_w("numId"), "")] = (abstract_id.get(_w("val"), ""), overrides)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        entry = self.nums.get(num_id)
        return self.abstracts.get(entry[0], {}).get(ilvl) if entry else None

    def count(self, num_id: str, ilvl: int) -> tuple[_Level, dict[int, int]] | None:
        """Count one item of ``num_id`` at ``ilvl``: its level and the counters of all levels."""
        entry = self.nums.get(num_id)
        level = self.level(num_id, ilvl)
        if entry is None or level is None:
            return None
        abstract_id, overrides = entry
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override_level, start in overrides.items():
                counters[override_level] = start - 1
                for deeper in [k for k in counters if k > override_level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return level, counters

    def marker(self, num_id: str, ilvl: int) -> str:
        """The next item's marker ("1)", "a)"; "" for a bullet or an unknown list)."""
        counted = self.count(num_id, ilvl)
        if counted is None:
            return ""
        level, counters = counted
        own = f"%{ilvl + 1}"
        after = level.text.split(own, 1)[1][:1] if own in level.text else ")"
        return _item_marker(level.number_format, counters[ilvl], after)

    def heading_number(self, num_id: str, ilvl: int) -> str:
        """The next numbered heading's number as Word shows it ("§ 3.", "Rozdział 2")."""
        counted = self.count(num_id, ilvl)
        if counted is None:
            return ""
        level, counters = counted
        entry = self.nums[num_id]
        text = level.text
        for n in range(9, 0, -1):  # %10 does not exist; go down so that %1 never eats %1x
            if f"%{n}" not in text:
                continue
            part = self.abstracts.get(entry[0], {}).get(n - 1)
            value = counters.get(n - 1, part.start if part else 1)
            fmt = part.number_format if part else "decimal"
            if fmt in _LETTER_FORMATS:
                shown = _letters(value)
            elif fmt in _ROMAN_FORMATS:
                shown = _roman(value)
            else:
                shown = str(value)
            text = text.replace(f"%{n}", shown)
        return text.strip()


def _w_int_attr(element: Any, name: str, default: int) -> int:
    value = element.get(_w(name))
    return int(value) if value is not None and value.isdigit() else default


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def docx_to_markdown(data: bytes, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> str:
    """Convert a DOCX document to Markdown (rules in the module docstring)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.styles import BabelFish
    from docx.text.run import Run

    _open_zip(data, max_unpacked_bytes).close()
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles_element = document.styles.element
        numbering_part = next(
            (
                rel.target_part
                for rel in document.part.rels.values()
                if rel.reltype == RT.NUMBERING and not rel.is_external
            ),
            None,
        )
        numbering = _DocxNumbering(getattr(numbering_part, "element", None))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "not a DOCX document") from exc

    skip_tags = {qn("w:del"), qn("w:moveFrom")}
    tag_p, tag_tbl, tag_sdt = qn("w:p"), qn("w:tbl"), qn("w:sdt")
    tag_hyperlink, tag_r = qn("w:hyperlink"), qn("w:r")
    rels = document.part.rels

    def style_name(style_id: str | None) -> str:
        """The UI name of a style ("Heading 1"), or its id when it is not defined."""
        if not style_id:
            return ""
        style = styles_element.get_by_id(style_id) if styles_element is not None else None
        if style is None or not style.name_val:
            return str(style_id)
        return BabelFish.internal2ui(style.name_val)

    def run_flags(run_el: Any) -> tuple[bool, bool]:
        run = Run(run_el, None)  # type: ignore[arg-type]
        bold, italic = bool(run.bold), bool(run.italic)
        name = style_name(run_el.style).lower()
        return bold or name in _BOLD_STYLES, italic or name in _ITALIC_STYLES

    def pieces(paragraph_el: Any) -> list[_Piece]:
        out: list[_Piece] = []
        for run_el in paragraph_el.iter(tag_r):
            href = None
            ancestor = run_el.getparent()
            skipped = False
            while ancestor is not None and ancestor is not paragraph_el:
                if ancestor.tag in skip_tags:
                    skipped = True
                    break
                if ancestor.tag == tag_hyperlink and href is None:
                    rel_id = ancestor.get(qn("r:id"))
                    if rel_id and rel_id in rels and rels[rel_id].is_external:
                        href = rels[rel_id].target_ref
                ancestor = ancestor.getparent()
            if skipped:
                continue
            text = run_el.text or ""
            bold, italic = run_flags(run_el)
            out.append(_Piece(text, bold, italic, href))
        return out

    def numbering_of(paragraph_el: Any) -> tuple[str, int | None] | None:
        """(numId, ilvl or None) from the paragraph's numbering or its style's (basedOn
        followed); None when not numbered (also for numId 0, which switches numbering off)."""
        ppr = paragraph_el.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style_id = paragraph_el.style
        seen: set[str] = set()
        while num_pr is None and style_id and style_id not in seen and styles_element is not None:
            seen.add(style_id)
            style = styles_element.get_by_id(style_id)
            if style is None:
                break
            style_ppr = style.find(qn("w:pPr"))
            num_pr = style_ppr.find(qn("w:numPr")) if style_ppr is not None else None
            based_on = style.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else None
        if num_pr is None:
            return None
        num_id = num_pr.find(qn("w:numId"))
        if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return None
        ilvl = num_pr.find(qn("w:ilvl"))
        return num_id.get(qn("w:val")), _w_int(ilvl, 0) if ilvl is not None else None

    def paragraph_block(paragraph_el: Any) -> _Block:
        name = style_name(paragraph_el.style).strip()
        lowered = name.lower()
        ppr = paragraph_el.pPr
        numbered = numbering_of(paragraph_el)
        heading = _HEADING_STYLE.match(name)
        level = 0
        if heading:
            level = int(heading.group(1))
        elif lowered in _TITLE_STYLES:
            level = 1
        elif ppr is not None:
            outline = ppr.find(qn("w:outlineLvl"))
            if outline is not None and (outline.get(qn("w:val")) or "").isdigit():
                value = int(outline.get(qn("w:val")))
                level = value + 1 if value < 9 else 0  # 9 means "body text"
        if level:
            text = _render_inline(pieces(paragraph_el), plain=True)
            if numbered is not None and text:
                number = numbering.heading_number(numbered[0], numbered[1] or 0)
                text = f"{number} {text}" if number else text
            return _Block("heading", text, min(max(level, 1), 6))
        if numbered is not None or "list" in lowered or "lista" in lowered:
            depth = 0
            if numbered is not None and numbered[1] is not None:
                depth = min(numbered[1], 8)
            elif numbered_style := re.search(r"\s([2-9])$", name):  # "List Bullet 2"
                depth = int(numbered_style.group(1)) - 1
            text = _render_inline(pieces(paragraph_el))
            marker = ""
            if numbered is not None and text:  # an empty numbered paragraph shows no number
                marker = numbering.marker(numbered[0], numbered[1] or 0)
            return _Block("item", text, depth, marker=marker)
        return _Block("paragraph", _render_inline(pieces(paragraph_el)))

    def table_blocks(table_el: Any) -> Iterator[_Block]:
        rows: list[tuple[str, ...]] = []
        for row in table_el.iterchildren(qn("w:tr")):
            cells: list[str] = []
            for cell in row.iterchildren(qn("w:tc")):
                # paragraphs of nested tables are read too, as text of this cell
                texts = [_render_inline(pieces(p)) for p in cell.iter(tag_p)]
                text = " ".join(t.replace("\n", " ") for t in texts if t)
                tc_pr = cell.find(qn("w:tcPr"))
                merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
                if merge is not None and merge.get(qn("w:val")) != "restart":
                    text = ""  # the continuation of a cell merged with the one above
                cells.append(text)
                span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
                cells.extend([""] * (min(_w_int(span, 1), 50) - 1))
            if any(cells):
                rows.append(tuple(cells))
        if rows:
            text = " ".join(cell for row in rows for cell in row if cell)
            yield _Block("table", text, rows=tuple(rows))

    def blocks(container: Any) -> Iterator[_Block]:
        for child in container.iterchildren():
            if child.tag == tag_p:
                yield paragraph_block(child)
            elif child.tag == tag_tbl:
                yield from table_blocks(child)
            elif child.tag == tag_sdt:
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from blocks(content)

    try:
        collected = list(blocks(body))
    except ImportProblem:
        raise
    except Exception as exc:
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "unreadable DOCX") from exc
    return _to_markdown(iter(collected))


# --------------------------------------------------------------------------- ODT

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODT_SKIP = {
    (_TEXT_NS, "tracked-changes"),
    (_TEXT_NS, "note"),
    (_TEXT_NS, "sequence-decls"),
    (_TEXT_NS, "variable-decls"),
    (_TEXT_NS, "user-field-decls"),
    (_TEXT_NS, "table-of-content"),
    (_OFFICE_NS, "annotation"),
    (_OFFICE_NS, "forms"),
    (_TABLE_NS, "table-columns"),
}


def _attr(element: Any, namespace: str, name: str) -> str | None:
    value = element.attributes.get((namespace, name))
    return None if value is None else str(value)


def odt_to_markdown(data: bytes, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> str:
    """Convert an ODT (OpenDocument text) document to Markdown (rules in the module docstring)."""
    from odf import opendocument

    _open_zip(data, max_unpacked_bytes).close()
    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises KeyError, SAX errors, zipfile errors …
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "not an ODT document") from exc
    if not (document.mimetype or "").startswith(ODT_MIMETYPE) or document.text is None:
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "not an OpenDocument text")

    styles: dict[str, Any] = {}
    #: list style name → level (1…) → (num-format, num-suffix, start value); "" for bullets
    list_styles: dict[str, dict[int, tuple[str, str, int]]] = {}
    for container in (document.styles, document.automaticstyles):
        for style in container.childNodes:
            if style.qname == (_STYLE_NS, "style"):
                name = _attr(style, _STYLE_NS, "name")
                if name:
                    styles[name] = style
            elif style.qname == (_TEXT_NS, "list-style"):
                levels: dict[int, tuple[str, str, int]] = {}
                for level_style in style.childNodes:
                    if level_style.nodeType != level_style.ELEMENT_NODE:
                        continue
                    level_text = _attr(level_style, _TEXT_NS, "level") or "1"
                    level = int(level_text) if level_text.isdigit() else 1
                    if level_style.qname == (_TEXT_NS, "list-level-style-number"):
                        start = _attr(level_style, _TEXT_NS, "start-value") or "1"
                        levels[level] = (
                            _attr(level_style, _STYLE_NS, "num-format") or "",
                            _attr(level_style, _STYLE_NS, "num-suffix") or "",
                            int(start) if start.isdigit() else 1,
                        )
                    else:
                        levels[level] = ("", "", 1)
                list_styles[_attr(style, _STYLE_NS, "name") or ""] = levels
    last_counters: dict[int, int] = {}  # of the last top-level list, for continue-numbering

    def text_flags(style_name: str | None) -> tuple[bool, bool]:
        bold = italic = False
        decided_bold = decided_italic = False
        seen: set[str] = set()
        while style_name and style_name in styles and style_name not in seen:
            seen.add(style_name)
            style = styles[style_name]
            for props in style.childNodes:
                if props.qname != (_STYLE_NS, "text-properties"):
                    continue
                weight = _attr(props, _FO_NS, "font-weight")
                if weight is not None and not decided_bold:
                    bold, decided_bold = weight in {"bold", "600", "700", "800", "900"}, True
                posture = _attr(props, _FO_NS, "font-style")
                if posture is not None and not decided_italic:
                    italic, decided_italic = posture in {"italic", "oblique"}, True
            style_name = _attr(style, _STYLE_NS, "parent-style-name")
        return bold, italic

    def inline(element: Any, bold: bool, italic: bool, href: str | None) -> Iterator[_Piece]:
        for node in element.childNodes:
            if node.nodeType == node.TEXT_NODE:
                yield _Piece(re.sub(r"[ \t\r\n]+", " ", str(node.data)), bold, italic, href)
                continue
            if node.nodeType != node.ELEMENT_NODE or node.qname in _ODT_SKIP:
                continue
            namespace, name = node.qname
            if namespace != _TEXT_NS:
                continue
            if name == "s":
                count = _attr(node, _TEXT_NS, "c")
                yield _Piece(" " * (int(count) if count and count.isdigit() else 1))
            elif name == "tab":
                yield _Piece(" ")
            elif name == "line-break":
                yield _Piece("\n")
            elif name == "span":
                span_bold, span_italic = text_flags(_attr(node, _TEXT_NS, "style-name"))
                yield from inline(node, bold or span_bold, italic or span_italic, href)
            elif name == "a":
                yield from inline(node, bold, italic, _attr(node, _XLINK_NS, "href"))
            else:
                yield from inline(node, bold, italic, href)

    def paragraph_text(element: Any, *, plain: bool = False) -> str:
        return _render_inline(list(inline(element, False, False, None)), plain=plain)

    def blocks(container: Any, depth: int = -1) -> Iterator[_Block]:
        for node in container.childNodes:
            if node.nodeType != node.ELEMENT_NODE or node.qname in _ODT_SKIP:
                continue
            namespace, name = node.qname
            if (namespace, name) == (_TEXT_NS, "h"):
                level_text = _attr(node, _TEXT_NS, "outline-level") or "1"
                level = int(level_text) if level_text.isdigit() else 1
                yield _Block("heading", paragraph_text(node, plain=True), min(max(level, 1), 6))
            elif (namespace, name) == (_TEXT_NS, "p"):
                if depth >= 0:
                    yield _Block("item", paragraph_text(node), depth)
                else:
                    yield _Block("paragraph", paragraph_text(node))
            elif (namespace, name) == (_TEXT_NS, "list"):
                yield from list_blocks(node, depth + 1, "", {})
            elif (namespace, name) == (_TABLE_NS, "table"):
                yield from table_blocks(node)
            else:  # sections, frames' text boxes, soft page breaks …
                yield from blocks(node, depth)

    def list_blocks(
        list_node: Any, depth: int, style_name: str, counters: dict[int, int]
    ) -> Iterator[_Block]:
        """Items of a list; a nested list inherits the style and the counters of its list."""
        nonlocal last_counters
        style_name = _attr(list_node, _TEXT_NS, "style-name") or style_name
        if depth == 0:
            continues = _attr(list_node, _TEXT_NS, "continue-numbering") == "true"
            counters = last_counters if continues else {}
            last_counters = counters
        for item in list_node.childNodes:
            if item.nodeType != item.ELEMENT_NODE:
                continue
            if item.qname == (_TEXT_NS, "list-item"):
                yield from list_item(item, depth, style_name, counters)
            elif item.qname == (_TEXT_NS, "list-header"):  # an unnumbered item
                yield from list_item(item, depth, style_name, None)

    def item_marker(depth: int, style_name: str, counters: dict[int, int], item: Any) -> str:
        number_format, suffix, start = list_styles.get(style_name, {}).get(depth + 1, ("", "", 1))
        if not number_format:
            return ""
        override = _attr(item, _TEXT_NS, "start-value") or ""
        value = int(override) if override.isdigit() else counters.get(depth, start - 1) + 1
        counters[depth] = value
        for deeper in [k for k in counters if k > depth]:
            del counters[deeper]
        return _item_marker(number_format, value, suffix)

    def list_item(
        item: Any, depth: int, style_name: str, counters: dict[int, int] | None
    ) -> Iterator[_Block]:
        texts: list[str] = []
        marker = item_marker(depth, style_name, counters, item) if counters is not None else ""
        for child in item.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in {(_TEXT_NS, "p"), (_TEXT_NS, "h")}:
                text = paragraph_text(child)
                if text:
                    texts.append(text)
            elif child.qname == (_TEXT_NS, "list"):
                if texts:
                    yield _Block("item", "\n".join(texts), depth, marker=marker)
                    texts, marker = [], ""
                yield from list_blocks(child, depth + 1, style_name, counters or {})
        if texts:
            yield _Block("item", "\n".join(texts), depth, marker=marker)

    def table_blocks(table: Any) -> Iterator[_Block]:
        rows: list[tuple[str, ...]] = []
        for row in _descendants(table, (_TABLE_NS, "table-row"), stop=(_TABLE_NS, "table")):
            cells: list[str] = []
            for cell in row.childNodes:
                if cell.nodeType != cell.ELEMENT_NODE or cell.qname not in {
                    (_TABLE_NS, "table-cell"),
                    (_TABLE_NS, "covered-table-cell"),  # the rest of a merged cell
                }:
                    continue
                parts = [
                    paragraph_text(p).replace("\n", " ")
                    for p in _descendants(cell, (_TEXT_NS, "p"), stop=(_TEXT_NS, "note"))
                ]
                text = " ".join(part for part in parts if part)
                if cell.qname == (_TABLE_NS, "covered-table-cell"):
                    text = ""
                repeated = _attr(cell, _TABLE_NS, "number-columns-repeated") or "1"
                cells.extend([text] * min(int(repeated) if repeated.isdigit() else 1, 50))
            while cells and not cells[-1]:
                cells.pop()  # empty repeated cells at the end of a row
            if cells:
                rows.append(tuple(cells))
        if rows:
            text = " ".join(cell for row in rows for cell in row if cell)
            yield _Block("table", text, rows=tuple(rows))

    try:
        collected = list(blocks(document.text))
    except Exception as exc:
        raise ImportProblem(ImportProblemReason.NOT_A_DOCUMENT, "unreadable ODT") from exc
    return _to_markdown(iter(collected))


def _descendants(element: Any, qname: tuple[str, str], stop: tuple[str, str]) -> Iterator[Any]:
    """Elements named ``qname`` below ``element``, not descending into nested ``stop`` elements."""
    for node in element.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        if node.qname == qname:
            yield node
        elif node.qname != stop:
            yield from _descendants(node, qname, stop)
