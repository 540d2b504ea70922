"""Imported drafts keep their structure (issue 12, item 15): numbered lists stay numbered points
with their numbers ("1)", "a)") from the DOCX numbering definitions or the ODT list styles, a
table is one unit rendered as a table; the version diff offers "only changes" and says which
unit was removed and which added."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from odf.opendocument import OpenDocumentText
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P

from app.auth.models import Role
from app.common.sanitize import render_markdown
from app.consultations.drafting import UnitKind, split_markdown
from app.consultations.importers import docx_to_markdown, odt_to_markdown
from app.extensions import db
from tests.factories import make_consultation, make_user

CONFIRM = {"step": "confirm", "confirmed": "y"}

# --------------------------------------------------------------------------- DOCX numbering


def lvl(ilvl: int, number_format: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract(abstract_id: int, *levels: str) -> str:
    body = "".join(levels)
    return f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{body}</w:abstractNum>'


#: A legal act's numbering: "§ 1." headings, "1)" points, "a)" letters, "–" indents.
POINTS = abstract(
    100, lvl(0, "decimal", "%1)"), lvl(1, "lowerLetter", "%2)"), lvl(2, "bullet", "–")
)
SECTIONS = abstract(101, lvl(0, "decimal", "§ %1."))
ROMAN = abstract(102, lvl(0, "upperRoman", "%1."))


def num(num_id: int, abstract_id: int, restart_at: int | None = None) -> str:
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
        if restart_at
        else ""
    )
    return (
        f'<w:num {nsdecls("w")} w:numId="{num_id}">'
        f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
    )


def numbered(document, text: str, num_id: int, level: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def legal_docx() -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for xml in (POINTS, SECTIONS, ROMAN):
        numbering.insert(0, parse_xml(xml))  # abstract definitions come before the nums
    for xml in (num(100, 100), num(101, 101), num(102, 100, restart_at=1), num(103, 102)):
        numbering.append(parse_xml(xml))

    numbered(document, "Cele programu", 101, style="Heading 2")
    document.add_paragraph("Celami programu są:")
    numbered(document, "wzmacnianie organizacji,", 100)
    numbered(document, "zlecanie zadań publicznych, w tym:", 100)
    numbered(document, "w formie powierzenia,", 100, level=1)
    numbered(document, "w formie wsparcia,", 100, level=1)
    numbered(document, "z dotacji celowej,", 100, level=2)
    numbered(document, "konsultowanie aktów prawa.", 100)
    numbered(document, "Formy współpracy", 101, style="Heading 2")
    numbered(document, "pierwsza forma po restarcie,", 102)
    numbered(document, "druga forma,", 102)
    numbered(document, "rzymska jeden,", 103)
    numbered(document, "rzymska dwa.", 103)

    table = document.add_table(rows=3, cols=3)
    for r, values in enumerate(
        [("Lp.", "Zadanie", "Kwota"), ("1", "Sport | rekreacja", "10 000 zł"), ("2", "", "")]
    ):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "Kultura i sztuka (do podziału)"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_numbering_definitions_give_points_and_letters():
    markdown = docx_to_markdown(legal_docx())
    assert markdown.startswith(
        "## § 1. Cele programu\n\n"
        "Celami programu są:\n\n"
        "1) wzmacnianie organizacji,\n"
        "2) zlecanie zadań publicznych, w tym:\n"
        "  a) w formie powierzenia,\n"
        "  b) w formie wsparcia,\n"
        "    - z dotacji celowej,\n"
        "3) konsultowanie aktów prawa.\n\n"
        "## § 2. Formy współpracy\n\n"
        "1) pierwsza forma po restarcie,\n"  # the w:num restarts the shared definition
        "2) druga forma,\n"
        "1) rzymska jeden,\n"  # roman numerals become arabic ones the splitter reads
        "2) rzymska dwa.\n\n"
    )
    units = split_markdown(markdown)
    assert [(u.label, u.marker) for u in units if u.kind is UnitKind.LIST_ITEM][:6] == [
        ("§ 1 pkt 1", "1)"),
        ("§ 1 pkt 2", "2)"),
        ("§ 1 pkt 2 lit. a", "a)"),
        ("§ 1 pkt 2 lit. b", "b)"),
        ("§ 1 pkt 2 lit. b tiret 1", "-"),
        ("§ 1 pkt 3", "3)"),
    ]
    assert [u.label for u in units if u.kind is UnitKind.HEADING] == ["§ 1", "§ 2"]


def test_docx_table_is_one_unit_rendered_as_a_table():
    markdown = docx_to_markdown(legal_docx())
    assert markdown.endswith(
        "| Lp. | Zadanie | Kwota |\n"
        "| --- | --- | --- |\n"
        "| 1 | Sport \\| rekreacja | 10 000 zł |\n"
        "| 2 | Kultura i sztuka (do podziału) |  |\n"
    )
    units = split_markdown(markdown)
    tables = [u for u in units if u.kind is UnitKind.TABLE]
    assert [u.label for u in tables] == ["§ 2, tabela 1"]
    assert not any("|" in u.text for u in units if u.kind is not UnitKind.TABLE)
    html = render_markdown(tables[0].text)
    assert html.startswith("<table>") and "<th>Zadanie</th>" in html
    assert "<td>Sport | rekreacja</td>" in html and "<td>10 000 zł</td>" in html


# --------------------------------------------------------------------------- ODT numbering


def test_odt_list_styles_give_points_and_letters_and_tables_one_unit():
    document = OpenDocumentText()
    style = ListStyle(name="Punkty")
    style.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix=")"))
    style.addElement(ListLevelStyleNumber(level=2, numformat="a", numsuffix=")"))
    document.automaticstyles.addElement(style)
    bullets = ListStyle(name="Kropki")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="•"))
    document.automaticstyles.addElement(bullets)

    def item(text, nested=None):
        entry = ListItem()
        entry.addElement(P(text=text))
        if nested is not None:
            entry.addElement(nested)
        return entry

    letters = List()
    letters.addElement(item("litera a,"))
    letters.addElement(item("litera b,"))
    points = List(stylename=style)
    points.addElement(item("punkt pierwszy,", letters))
    points.addElement(item("punkt drugi,"))
    document.text.addElement(points)
    document.text.addElement(P(text="Akapit przerywa listę."))
    continued = List(stylename=style, continuenumbering="true")
    continued.addElement(item("punkt trzeci."))
    document.text.addElement(continued)
    dots = List(stylename=bullets)
    dots.addElement(item("kropka."))
    document.text.addElement(dots)

    table = Table()
    for values in (("Zadanie", "Kwota"), ("Kultura", "5 000 zł")):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    row = TableRow()
    merged = TableCell(numbercolumnsspanned=2)
    merged.addElement(P(text="Razem po połączeniu"))
    row.addElement(merged)
    row.addElement(CoveredTableCell())
    table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)

    assert odt_to_markdown(buffer.getvalue()) == (
        "1) punkt pierwszy,\n"
        "  a) litera a,\n"
        "  b) litera b,\n"
        "2) punkt drugi,\n\n"
        "Akapit przerywa listę.\n\n"
        "3) punkt trzeci.\n"
        "- kropka.\n\n"
        "| Zadanie | Kwota |\n"
        "| --- | --- |\n"
        "| Kultura | 5 000 zł |\n"
        "| Razem po połączeniu |  |\n"
    )


# --------------------------------------------------------------------------- splitting


def test_a_pipe_table_is_one_unit_even_right_below_a_paragraph():
    units = split_markdown(
        "# § 4. Środki\n\nKwoty na zadania:\n| Zadanie | Kwota |\n|---|---:|\n"
        "| Sport | 1 zł |\n| - nie punkt | 2) ani to |\n\nPo tabeli.\n\n| a | b |\n"
    )
    assert [(u.kind, u.label) for u in units] == [
        (UnitKind.HEADING, "§ 4"),
        (UnitKind.PARAGRAPH, "§ 4 ust. 1"),
        (UnitKind.TABLE, "§ 4, tabela 1"),
        (UnitKind.PARAGRAPH, "§ 4 ust. 2"),
        (UnitKind.PARAGRAPH, "§ 4 ust. 3"),  # a line with pipes but no delimiter row
    ]
    assert units[2].text.splitlines()[-1] == "| - nie punkt | 2) ani to |"


# --------------------------------------------------------------------------- pages


def _publish_docx(client, consultation, data: bytes, title: str):
    return client.post(
        f"/consultations/{consultation.id}/versions/new",
        data={
            "title": title,
            "source": "",
            "document": (io.BytesIO(data), "projekt.docx"),
            **CONFIRM,
        },
        content_type="multipart/form-data",
    )


def test_imported_draft_shows_numbers_and_the_table(client, auth):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official, draft=None)
    auth.login_as(official)
    assert _publish_docx(client, consultation, legal_docx(), "Z pliku").status_code == 302
    db.session.refresh(consultation)
    units = consultation.current_version.units
    assert [u.kind for u in units].count("table") == 1
    page = client.get(f"/consultations/{consultation.id}/draft").get_data(as_text=True)
    assert '<span class="unit-marker">2)</span>' in page
    assert '<span class="unit-marker">b)</span>' in page
    assert 'aria-label="§ 2, tabela 1"' in page and "<th>Kwota</th>" in page
    assert "Sport | rekreacja" in page and "| --- |" not in page


def test_changes_offer_only_changes_and_name_removed_and_added_units(client, auth):
    official = make_user(role=Role.OFFICIAL)
    first = (
        "# § 1. Cele\n\nPierwszy akapit bez zmian.\n\nDrugi akapit do usunięcia w całości.\n\n"
        "| Zadanie | Kwota |\n| --- | --- |\n| Sport | 1 000 zł |\n"
    )
    consultation = make_consultation(official, draft=first)
    auth.login_as(official)
    second = (
        "# § 1. Cele\n\nPierwszy akapit bez zmian.\n\nZupełnie inna treść nowego ustępu tutaj.\n\n"
        "| Zadanie | Kwota |\n| --- | --- |\n| Sport | 2 000 zł |\n"
    )
    client.post(
        f"/consultations/{consultation.id}/versions/new",
        data={"title": "Projekt v2", "source": second, "change_note": "", **CONFIRM},
    )
    url = f"/consultations/{consultation.id}/draft/v2/changes"
    whole = client.get(url).get_data(as_text=True)
    assert "Pierwszy akapit bez zmian." in whole
    assert '<a class="nav-link active" aria-current="page"' in whole
    assert f'href="{url}?only=changes">Tylko zmiany (3)</a>' in whole
    # the removed and the added paragraph share the label "§ 1 ust. 2": words say which is which
    assert '<span class="badge text-bg-danger">usunięty</span>' in whole
    assert "był w wersji 1, nie ma go w wersji 2" in whole
    assert '<span class="badge text-bg-success">dodany</span>' in whole
    assert "nowy w wersji 2" in whole
    assert whole.count('<span class="badge text-bg-light border">§ 1 ust. 2</span>') == 2
    assert "[usunięty tekst: </span>" in whole and "[dodany tekst: </span>" in whole
    # a changed table is shown as tables before and after, not as pipes
    assert "W wersji 1:" in whole and "W wersji 2:" in whole
    # amounts in a table of a draft never wrap: their spaces do not break
    assert "<td>1\u00a0000\u00a0zł</td>" in whole and "<td>2\u00a0000\u00a0zł</td>" in whole
    assert "| --- |" not in whole

    only = client.get(f"{url}?only=changes").get_data(as_text=True)
    assert "Pierwszy akapit bez zmian." not in only
    assert "usunięty" in only and "dodany" in only and "tabela 1" in only
    assert f'<a class="nav-link" href="{url}">Cały dokument</a>' in only
