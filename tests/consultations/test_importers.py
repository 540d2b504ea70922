"""DOCX and ODT uploads read into Markdown; broken or empty files are refused."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableRow
from odf.text import A, H, LineBreak, List, ListItem, P, S, Span

from app.consultations.drafting import UnitKind, split_markdown
from app.consultations.importers import (
    ImportProblem,
    ImportProblemReason,
    detect_format,
    document_to_markdown,
    docx_to_markdown,
    odt_to_markdown,
)

# --------------------------------------------------------------------------- DOCX


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Program współpracy na rok 2027", level=1)
    document.add_heading("§ 1. Cele programu", level=2)
    paragraph = document.add_paragraph("Celem programu jest ")
    paragraph.add_run("wzmacnianie").bold = True
    paragraph.add_run(" współpracy ")
    paragraph.add_run("z organizacjami ").italic = True
    paragraph.add_run("pozarządowymi (art_5 *ustawy*).")
    document.add_paragraph("zlecanie zadań,", style="List Bullet")
    document.add_paragraph("konsultowanie projektów,", style="List Number")
    document.add_paragraph("w tym aktów prawa miejscowego,", style="List Bullet 2")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Zadanie"
    table.cell(0, 1).text = "Kwota"
    table.cell(1, 0).text = "Sport"
    table.cell(1, 1).text = "10 000 zł"
    document.add_paragraph("# to nie jest nagłówek")
    return docx_bytes(document)


def test_docx_to_markdown() -> None:
    assert docx_to_markdown(sample_docx()) == (
        "# Program współpracy na rok 2027\n\n"
        "## § 1. Cele programu\n\n"
        "Celem programu jest **wzmacnianie** współpracy _z organizacjami_ "
        "pozarządowymi (art\\_5 \\*ustawy\\*).\n\n"
        "- zlecanie zadań,\n"
        "1. konsultowanie projektów,\n"
        "  - w tym aktów prawa miejscowego,\n\n"
        "| Zadanie | Kwota |\n"
        "| --- | --- |\n"
        "| Sport | 10 000 zł |\n\n"
        "\\# to nie jest nagłówek\n"
    )


def test_docx_markdown_splits_into_the_expected_units() -> None:
    units = split_markdown(docx_to_markdown(sample_docx()))
    assert [(u.kind, u.label) for u in units] == [
        (UnitKind.HEADING, "Część 1"),
        (UnitKind.HEADING, "§ 1"),
        (UnitKind.PARAGRAPH, "§ 1 ust. 1"),
        (UnitKind.LIST_ITEM, "§ 1 pkt 1"),
        (UnitKind.LIST_ITEM, "§ 1 pkt 2"),
        (UnitKind.LIST_ITEM, "§ 1 pkt 2 lit. a"),
        (UnitKind.TABLE, "§ 1, tabela 1"),
        (UnitKind.PARAGRAPH, "§ 1 ust. 2"),
    ]


def add_numbering(paragraph: docx.text.paragraph.Paragraph, level: int) -> None:
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    num_pr.append(ilvl)
    num_pr.append(num_id)
    paragraph._p.get_or_add_pPr().append(num_pr)


def test_docx_numbering_properties_polish_style_names_and_outline_levels() -> None:
    document = docx.Document()
    heading = document.add_paragraph("Rozdział II")
    heading._p.get_or_add_pPr().append(OxmlElement("w:outlineLvl"))
    heading._p.pPr.find(qn("w:outlineLvl")).set(qn("w:val"), "0")
    add_numbering(document.add_paragraph("punkt"), 0)
    add_numbering(document.add_paragraph("litera"), 1)
    styled = document.add_paragraph("tekst akapitu")
    styled_style = document.styles.add_style("Nagłówek 3", 1)
    styled.style = styled_style
    bold_run = document.add_paragraph("zwykły ").add_run("  pogrubiony  ")
    bold_run.bold = True
    assert docx_to_markdown(docx_bytes(document)) == (
        "# Rozdział II\n\n- punkt\n  - litera\n\n### tekst akapitu\n\nzwykły   **pogrubiony**\n"
    )


def test_docx_hyperlinks_line_breaks_and_deleted_revisions() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Zob. ")
    rel_id = paragraph.part.relate_to(
        "https://bip.example.org/program",
        docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK,
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "BIP"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".")
    paragraph.add_run().add_break()
    paragraph.add_run("Druga linia")
    deleted = OxmlElement("w:del")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "usunięte"
    deleted_run.append(deleted_text)
    deleted.append(deleted_run)
    paragraph._p.append(deleted)
    assert docx_to_markdown(docx_bytes(document)) == (
        "Zob. [BIP](https://bip.example.org/program).\nDruga linia\n"
    )


def test_docx_without_text_is_empty() -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    with pytest.raises(ImportProblem) as caught:
        docx_to_markdown(docx_bytes(document))
    assert caught.value.reason is ImportProblemReason.EMPTY


# --------------------------------------------------------------------------- ODT


def odt_bytes(document: OpenDocumentText) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def sample_odt() -> bytes:
    document = OpenDocumentText()
    bold = Style(name="Pogrubienie", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="Kursywa", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(italic)

    document.text.addElement(H(outlinelevel=1, text="Program współpracy na rok 2027"))
    document.text.addElement(H(outlinelevel=2, text="§ 2. Cele programu"))
    paragraph = P(text="Celem jest ")
    paragraph.addElement(Span(stylename=bold, text="wzmacnianie"))
    paragraph.addText(" i ")
    paragraph.addElement(Span(stylename=italic, text="partnerstwo"))
    paragraph.addElement(S(c=2))
    paragraph.addText("(zob. ")
    paragraph.addElement(A(href="https://bip.example.org", text="BIP"))
    paragraph.addText(")")
    paragraph.addElement(LineBreak())
    paragraph.addText("druga linia")
    document.text.addElement(paragraph)

    items = List()
    first = ListItem()
    first.addElement(P(text="pierwszy cel,"))
    nested = List()
    nested_item = ListItem()
    nested_item.addElement(P(text="w tym podcel,"))
    nested.addElement(nested_item)
    first.addElement(nested)
    items.addElement(first)
    second = ListItem()
    second.addElement(P(text="drugi cel."))
    items.addElement(second)
    document.text.addElement(items)

    table = Table()
    for values in (("Zadanie", "Kwota"), ("Kultura", "5 000 zł")):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text=""))
    document.text.addElement(H(outlinelevel=9, text="Głęboki"))
    return odt_bytes(document)


def test_odt_to_markdown() -> None:
    assert odt_to_markdown(sample_odt()) == (
        "# Program współpracy na rok 2027\n\n"
        "## § 2. Cele programu\n\n"
        "Celem jest **wzmacnianie** i _partnerstwo_  (zob. [BIP](https://bip.example.org))\n"
        "druga linia\n\n"
        "- pierwszy cel,\n"
        "  - w tym podcel,\n"
        "- drugi cel.\n\n"
        "| Zadanie | Kwota |\n"
        "| --- | --- |\n"
        "| Kultura | 5 000 zł |\n\n"
        "###### Głęboki\n"
    )


def test_odt_markdown_splits_into_the_expected_units() -> None:
    units = split_markdown(odt_to_markdown(sample_odt()))
    assert [u.label for u in units] == [
        "Część 1",
        "§ 2",
        "§ 2 ust. 1",
        "§ 2 pkt 1",
        "§ 2 pkt 1 lit. a",
        "§ 2 pkt 2",
        "§ 2, tabela 1",
        "§ 2, Część 1",
    ]


def test_odt_without_text_is_empty() -> None:
    with pytest.raises(ImportProblem) as caught:
        odt_to_markdown(odt_bytes(OpenDocumentText()))
    assert caught.value.reason is ImportProblemReason.EMPTY


def test_spreadsheet_is_not_a_text_document() -> None:
    buffer = io.BytesIO()
    OpenDocumentSpreadsheet().write(buffer)
    with pytest.raises(ImportProblem) as caught:
        odt_to_markdown(buffer.getvalue())
    assert caught.value.reason is ImportProblemReason.NOT_A_DOCUMENT
    assert detect_format(buffer.getvalue()) is None


# --------------------------------------------------------------------------- refusals


def zip_with(name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return buffer.getvalue()


GARBAGE = [
    b"garbage",
    b"%PDF-1.7\n" + bytes(range(256)),
    b"PK\x03\x04" + b"\x00" * 40,
    zip_with("hello.txt", b"hi"),
    zip_with("word/document.xml", b"<not-xml"),
]


@pytest.mark.parametrize("data", GARBAGE)
@pytest.mark.parametrize("convert", [docx_to_markdown, odt_to_markdown, document_to_markdown])
def test_garbage_is_not_a_document(convert, data: bytes) -> None:
    with pytest.raises(ImportProblem) as caught:
        convert(data)
    assert caught.value.reason is ImportProblemReason.NOT_A_DOCUMENT


@pytest.mark.parametrize("convert", [docx_to_markdown, odt_to_markdown, document_to_markdown])
def test_empty_file_is_empty(convert) -> None:
    with pytest.raises(ImportProblem) as caught:
        convert(b"")
    assert caught.value.reason is ImportProblemReason.EMPTY


def test_wrong_converter_is_not_a_document() -> None:
    with pytest.raises(ImportProblem) as caught:
        odt_to_markdown(sample_docx())
    assert caught.value.reason is ImportProblemReason.NOT_A_DOCUMENT
    with pytest.raises(ImportProblem) as caught:
        docx_to_markdown(sample_odt())
    assert caught.value.reason is ImportProblemReason.NOT_A_DOCUMENT


def test_archive_unpacking_too_large_is_refused() -> None:
    bomb = zip_with("word/document.xml", b"\x00" * 2_000_000)
    with pytest.raises(ImportProblem) as caught:
        docx_to_markdown(bomb, max_unpacked_bytes=1_000_000)
    assert caught.value.reason is ImportProblemReason.TOO_LARGE


def test_detection_by_content_and_dispatch() -> None:
    docx_data, odt_data = sample_docx(), sample_odt()
    assert detect_format(docx_data) == "docx"
    assert detect_format(odt_data) == "odt"
    assert detect_format(b"garbage") is None
    assert document_to_markdown(docx_data) == docx_to_markdown(docx_data)
    assert document_to_markdown(odt_data) == odt_to_markdown(odt_data)


def test_import_problem_carries_its_reason() -> None:
    problem = ImportProblem(ImportProblemReason.EMPTY, "the file is empty")
    assert problem.reason is ImportProblemReason.EMPTY
    assert str(problem) == "empty: the file is empty"
