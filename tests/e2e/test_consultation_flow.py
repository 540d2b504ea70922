"""The consultation flow in a real browser, every page audited with axe-core:
an official creates a round and publishes a draft → a representative comments on a unit →
the official answers → publishes a second version changing that unit → publishes the report →
an anonymous visitor reads the report and downloads the CSV.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import to_local, utcnow
from app.consultations.models import Stage
from app.extensions import db
from tests.e2e.helpers import log_in, log_out
from tests.factories import DRAFT_MD, PASSWORD, make_organization, make_user

CONFIRM = "Rozumiem, że tego nie można cofnąć"


def _local(value) -> str:
    return to_local(value).strftime("%Y-%m-%dT%H:%M")


def test_round_comment_answer_version_report(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    organization = make_organization(name="Fundacja Sądeckich Seniorów")
    representative = organization.memberships[0].user

    log_in(page, live_server, official.email, PASSWORD)
    page.get_by_role("link", name="Konsultacje", exact=True).click()
    audit(page)
    page.get_by_role("link", name="Nowe konsultacje").click()
    audit(page)
    page.get_by_label("Tytuł", exact=True).fill("Program współpracy 2027")
    page.get_by_label("Przedmiot konsultacji").fill("Program współpracy z NGO na rok 2027")
    now = utcnow()
    page.get_by_label("Początek zgłaszania uwag").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Koniec zgłaszania uwag").fill(_local(now + timedelta(days=14)))
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Program współpracy 2027")
    audit(page)
    page.get_by_role("link", name="Ogłoś…").click()
    audit(page)
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Ogłoś konsultacje").click()
    page.get_by_role("link", name="Opublikuj projekt").click()
    audit(page)
    page.get_by_label("Tytuł dokumentu").fill("Projekt programu współpracy na rok 2027")
    page.get_by_label(re.compile("Tekst projektu")).fill(DRAFT_MD)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    audit(page)  # the preview of the units, then the confirmation
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Opublikuj wersję 1").click()
    expect(page.get_by_text("§ 1 ust. 1", exact=True)).to_be_visible()
    audit(page)
    log_out(page)

    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/consultations/")
    page.get_by_role("link", name="Program współpracy 2027").click()
    page.get_by_role("link", name="Projekt programu współpracy na rok 2027").click()
    page.get_by_role("link", name="Zgłoś uwagę do: § 1 ust. 1").click()
    audit(page)
    expect(page.locator("#current-wording")).to_contain_text("Program określa")
    page.get_by_label("Uzasadnienie").fill("Zapis jest zbyt ogólny.")
    page.get_by_role("button", name="Zgłoś uwagę").click()
    expect(page.locator("#proposed_wording-error")).to_be_visible()  # bad input: kept values
    expect(page.get_by_label("Uzasadnienie")).to_have_value("Zapis jest zbyt ogólny.")
    audit(page)
    page.get_by_label("Proponowany zapis").fill(
        "Program określa cele i zasady współpracy Miasta z organizacjami pozarządowymi."
    )
    page.get_by_role("button", name="Zgłoś uwagę").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uwaga nr 1")
    audit(page)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/consultations/")
    page.get_by_role("link", name="Program współpracy 2027").click()
    page.get_by_role("link", name="Uwagi i odpowiedzi").click()
    audit(page)
    page.get_by_role("link", name="1", exact=True).click()
    page.get_by_label("Decyzja").select_option("accepted")
    page.get_by_label("Uzasadnienie odpowiedzi").fill("Uwzględniono: zapis uproszczono.")
    page.get_by_label("Opublikuj odpowiedź od razu").check()
    page.get_by_role("button", name="Zapisz odpowiedź").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)

    page.get_by_role("link", name="Program współpracy 2027").click()
    page.get_by_role("link", name="Opublikuj nową wersję projektu").click()
    source = page.get_by_label(re.compile("Tekst projektu"))
    source.fill(DRAFT_MD.replace("cele, zasady i formy współpracy", "cele i zasady współpracy"))
    page.get_by_label("Co się zmieniło w tej wersji").fill("Uwzględniono uwagę nr 1.")
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Opublikuj wersję 2").click()
    expect(page.get_by_role("link", name="uwagę nr 1")).to_be_visible()
    audit(page)
    page.get_by_role("link", name=re.compile("Co się zmieniło od wersji 1")).click()
    expect(page.locator("del").first).to_be_visible()
    audit(page)

    # the report comes once the commenting stage has closed (issue 12, item 2)
    stage = db.session.scalar(select(Stage).where(Stage.kind == "commenting"))
    stage.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page.goto(f"{live_server}/consultations/")
    page.get_by_role("link", name="Program współpracy 2027").click()
    page.get_by_role("link", name="Opublikuj raport").click()
    audit(page)
    page.get_by_label("Stanowisko urzędu").fill("Dziękujemy za udział w konsultacjach.")
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Opublikuj raport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raport z konsultacji")
    log_out(page)

    page.goto(f"{live_server}/consultations/")
    page.get_by_role("link", name="Program współpracy 2027").click()
    page.get_by_role("link", name="Raport z konsultacji").click()
    expect(page.locator("table.report-table")).to_contain_text("Fundacja Sądeckich Seniorów")
    expect(page.locator("table.report-table")).to_contain_text("Uwzględniona")
    audit(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz plik CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Fundacja Sądeckich Seniorów" in content
    assert "Uwzględniono: zapis uproszczono." in content
    page.get_by_role("link", name="Wersja do druku").click()
    audit(page)
