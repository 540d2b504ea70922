"""Reading uploaded DOCX and ODT drafts into Markdown for :mod:`app.consultations.drafting`.

Uses python-docx for DOCX and odfpy for ODT (both parse XML without resolving external entities;
odfpy goes through defusedxml). No Flask or database imports.

Rules
-----
* The document's body is read in order. Headings become ``#`` … ``######`` lines: in DOCX a
  paragraph style named "Heading N" / "Nagłówek N" (any case; "Title"/"Tytuł" counts as level 1)
  or an outline level in the paragraph properties; in ODT a ``text:h`` with its
  ``text:outline-level`` (default 1). Levels are clamped to 1–6.
* List items become ``- `` lines, indented by two spaces per nesting level: in DOCX a paragraph
  whose style name contains "list" (List Paragraph, List Bullet, Lista, Akapit z listą …) or that
  has numbering properties (``w:numPr``, level from ``w:ilvl``); in ODT ``text:list-item``
  (nested ``text:list`` → deeper). Consecutive items form one list; other blocks are separated by
  a blank line.
* Other paragraphs become paragraphs; empty ones are dropped. Tables are flattened: every row
  with some text becomes a paragraph of its cells joined by " | " (merged cells once).
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
    kind: Literal["heading", "paragraph", "item"]
    text: str
    level: int = 0  # heading level or list nesting depth


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
            line = indent + "- " + text.replace("\n", "\n" + indent + "  ")
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


def docx_to_markdown(data: bytes, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> str:
    """Convert a DOCX document to Markdown (rules in the module docstring)."""
    import docx
    from docx.oxml.ns import qn
    from docx.styles import BabelFish
    from docx.text.run import Run

    _open_zip(data, max_unpacked_bytes).close()
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles_element = document.styles.element
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

    def paragraph_block(paragraph_el: Any) -> _Block:
        name = style_name(paragraph_el.style).strip()
        lowered = name.lower()
        ppr = paragraph_el.pPr
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
            return _Block("heading", text, min(max(level, 1), 6))
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None or "list" in lowered or "lista" in lowered:
            depth = 0
            if num_pr is not None and num_pr.ilvl is not None and num_pr.ilvl.val is not None:
                depth = min(int(num_pr.ilvl.val), 8)
            elif numbered_style := re.search(r"\s([2-9])$", name):  # "List Bullet 2"
                depth = int(numbered_style.group(1)) - 1
            return _Block("item", _render_inline(pieces(paragraph_el)), depth)
        return _Block("paragraph", _render_inline(pieces(paragraph_el)))

    def table_blocks(table_el: Any) -> Iterator[_Block]:
        for row in table_el.iter(qn("w:tr")):
            if row.getparent() is not table_el:
                continue  # nested tables are reached through their cells below
            cells: list[str] = []
            for cell in row.iter(qn("w:tc")):
                if cell.getparent() is not row:
                    continue
                texts = [_render_inline(pieces(p)) for p in cell.iter(tag_p)]
                text = " ".join(t.replace("\n", " ") for t in texts if t)
                if text:
                    cells.append(text)
            if cells:
                yield _Block("paragraph", " | ".join(cells))

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
    for container in (document.styles, document.automaticstyles):
        for style in container.childNodes:
            if style.qname == (_STYLE_NS, "style"):
                name = _attr(style, _STYLE_NS, "name")
                if name:
                    styles[name] = style

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
                yield from list_blocks(node, depth + 1)
            elif (namespace, name) == (_TABLE_NS, "table"):
                yield from table_blocks(node)
            else:  # sections, frames' text boxes, soft page breaks …
                yield from blocks(node, depth)

    def list_blocks(list_node: Any, depth: int) -> Iterator[_Block]:
        for item in list_node.childNodes:
            if item.nodeType == item.ELEMENT_NODE and item.qname in {
                (_TEXT_NS, "list-item"),
                (_TEXT_NS, "list-header"),
            }:
                yield from list_item(item, depth)

    def list_item(item: Any, depth: int) -> Iterator[_Block]:
        texts: list[str] = []
        for child in item.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in {(_TEXT_NS, "p"), (_TEXT_NS, "h")}:
                text = paragraph_text(child)
                if text:
                    texts.append(text)
            elif child.qname == (_TEXT_NS, "list"):
                if texts:
                    yield _Block("item", "\n".join(texts), depth)
                    texts = []
                yield from list_blocks(child, depth + 1)
        if texts:
            yield _Block("item", "\n".join(texts), depth)

    def table_blocks(table: Any) -> Iterator[_Block]:
        for row in _descendants(table, (_TABLE_NS, "table-row"), stop=(_TABLE_NS, "table")):
            cells: list[str] = []
            for cell in row.childNodes:
                if cell.nodeType != cell.ELEMENT_NODE or cell.qname != (_TABLE_NS, "table-cell"):
                    continue
                parts = [
                    paragraph_text(p).replace("\n", " ")
                    for p in cell.childNodes
                    if p.nodeType == p.ELEMENT_NODE
                    and p.qname in {(_TEXT_NS, "p"), (_TEXT_NS, "h")}
                ]
                text = " ".join(part for part in parts if part)
                if text:
                    cells.append(text)
            if cells:
                yield _Block("paragraph", " | ".join(cells))

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
