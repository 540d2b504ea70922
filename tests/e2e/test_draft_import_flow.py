"""Browser flow (issue 12, item 15): an official uploads a DOCX draft whose points are numbered
and which has a table; the draft shows "1)", "a)" and one table unit; a second version's diff
shows only the changes on request (a link, by keyboard) and says which unit was removed and
which added. axe at 390 and 1280 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.auth.models import Role
from tests.consultations.test_import_structure import legal_docx
from tests.e2e.helpers import log_in
from tests.e2e.test_layout_flow import _lines_of
from tests.factories import PASSWORD, make_consultation, make_user

SECOND = (
    "## § 1. Cele programu\n\nCelami programu są:\n\n1) wzmacnianie organizacji,\n"
    "2) zupełnie nowy punkt o wolontariacie i jego promocji w szkołach.\n\n"
    "## § 2. Formy współpracy\n\n| Lp. | Zadanie | Kwota |\n| --- | --- | --- |\n"
    "| 1 | Sport \\| rekreacja | 12 000 zł |\n"
)


def test_docx_draft_keeps_numbers_and_table_and_the_diff_says_what_changed(
    live_server, page, audit, tmp_path
):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org")
    consultation = make_consultation(official, draft=None, title="Program z pliku")
    upload = tmp_path / "projekt.docx"
    upload.write_bytes(legal_docx())

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/consultations/{consultation.id}/versions/new")
    page.get_by_label("Tytuł dokumentu").fill("Projekt z pliku DOCX")
    page.get_by_label("Albo prześlij projekt (DOCX, ODT lub Markdown)").set_input_files(upload)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    expect(page.locator("main")).to_contain_text("§ 2, tabela 1")  # the units to be published
    audit(page)
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    page.get_by_role("button", name="Opublikuj wersję 1").click()

    page.goto(f"{live_server}/consultations/{consultation.id}/draft")
    unit = page.locator(".draft-unit", has_text="zlecanie zadań publicznych")
    expect(unit.locator(".unit-marker")).to_have_text("2)")
    expect(unit.locator(".badge").first).to_have_text("§ 1 pkt 2")
    letter = page.locator(".draft-unit", has_text="w formie wsparcia")
    expect(letter.locator(".unit-marker")).to_have_text("b)")
    table = page.get_by_role("region", name="§ 2, tabela 1").get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Lp.", "Zadanie", "Kwota"])
    expect(table.get_by_role("cell", name="Sport | rekreacja")).to_be_visible()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert set(_lines_of(page, ".unit-table td:has-text('zł')")) == {1}  # amounts unbroken
        audit(page)

    page.goto(f"{live_server}/consultations/{consultation.id}/versions/new")
    page.get_by_label("Tytuł dokumentu").fill("Projekt, wersja 2")
    page.get_by_label("Tekst projektu (Markdown)").fill(SECOND)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    page.get_by_role("button", name="Opublikuj wersję 2").click()

    page.goto(f"{live_server}/consultations/{consultation.id}/draft/v2/changes")
    expect(page.get_by_role("link", name="Cały dokument")).to_have_attribute("aria-current", "page")
    expect(page.locator("main")).to_contain_text("wzmacnianie organizacji")
    audit(page)
    only = page.get_by_role("link", name=re.compile(r"^Tylko zmiany \(\d+\)$"))
    only.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?only=changes$"))
    expect(page.locator("main")).not_to_contain_text("wzmacnianie organizacji")
    removed = page.locator(".diff-removed", has_text="konsultowanie aktów prawa")
    expect(removed.locator(".badge").first).to_have_text("usunięty")
    expect(removed).to_contain_text("był w wersji 1, nie ma go w wersji 2")
    added = page.locator(".diff-added", has_text="zupełnie nowy punkt")
    expect(added.locator(".badge").first).to_have_text("dodany")
    expect(added).to_contain_text("nowy w wersji 2")
    changed_table = page.locator(".diff-changed", has_text="12 000 zł")
    expect(changed_table.get_by_role("table")).to_have_count(2)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)
