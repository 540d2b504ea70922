"""Browser flow of issue 15 ("Done when", items 1-3): an official filters the 64 demo remarks of
the small grants round, confirms the suggested group of 4, answers it once, bulk-publishes the
drafts (select-all by keyboard, the confirmation says how many), exports the answers to XLSX,
the test changes three decisions in the file with openpyxl (and leaves one row without a
justification), re-imports it, sees the preview with the refused row and its reason, confirms,
and the report shows the changes and the group; axe at 390 and 1280 px."""

from __future__ import annotations

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import User
from app.common.timeutil import utcnow
from app.consultations import services
from app.consultations.models import Comment, Consultation
from app.extensions import db
from app.site.demo import DEMO_PASSWORD, create_demo_data
from app.site.demo.remarks import ROUND_TITLE
from tests.e2e.helpers import log_in


def audit_both(page, audit) -> None:
    """axe on the phone width and on the desktop width."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)


def caption(page) -> str:
    return page.locator("table caption").first.inner_text()


def test_official_answers_remarks_at_scale(live_server, page, audit, app, tmp_path):
    create_demo_data()
    db.session.commit()
    consultation = db.session.scalar(select(Consultation).where(Consultation.title == ROUND_TITLE))
    official = db.session.scalar(select(User).where(User.email == "urzednik@konsulta.example.org"))
    same_unit = db.session.scalar(
        select(Comment.unit_key).where(
            Comment.consultation_id == consultation.id,
            Comment.proposed_wording.like("Dofinansowanie%15 000 zł%"),
        )
    )
    base = f"{live_server}/consultations/{consultation.id}"
    log_in(page, live_server, official.email, DEMO_PASSWORD)

    # 1. the work queue: every remark, then filtered by keyboard
    page.goto(f"{base}/answers/queue")
    assert caption(page) == "Filtrom odpowiadają 64 uwagi."
    audit_both(page, audit)
    page.get_by_label("Część dokumentu").select_option(same_unit)
    page.get_by_label("Odpowiedź", exact=True).select_option("unanswered")
    page.get_by_role("button", name="Filtruj").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert caption(page) == "Filtrom odpowiada 5 uwag."

    # 2. the suggested group of four, confirmed and answered once
    with page.expect_navigation():
        page.get_by_role("link", name="Grupy podobnych uwag").click()
    assert "indeks Jaccarda" in page.content()
    first = page.locator("form.suggestion").first
    assert "Propozycja 1: uwagi (4)" in first.inner_text()
    audit_both(page, audit)
    with page.expect_navigation():
        first.get_by_role("button", name="Zatwierdź grupę zaznaczonych uwag").click()
    assert "Grupa została zatwierdzona" in page.content()
    audit_both(page, audit)
    page.get_by_label("Decyzja").select_option(label="Częściowo uwzględniona")
    page.get_by_label("Uzasadnienie odpowiedzi").fill(
        "Limit zostanie podniesiony do 12 000 zł, w granicach środków Programu."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Zapisz odpowiedź dla 4 uwag").click()
    assert "Odpowiedź zapisano jako szkic dla każdej z uwag (4)." in page.content()

    # 3. bulk publication of the drafts: select all (by keyboard), confirm the number
    page.goto(f"{base}/answers/queue?state=draft")
    assert caption(page) == "Filtrom odpowiada 8 uwag."
    select_all = page.get_by_label("Zaznacz wszystkie uwagi na tej stronie")
    select_all.focus()
    page.keyboard.press("Space")
    assert page.locator(".queue-select:checked").count() == 8
    with page.expect_navigation():
        page.get_by_role("button", name="Opublikuj szkice odpowiedzi zaznaczonych uwag…").click()
    assert "8 odpowiedzi zostanie teraz opublikowanych" in page.content()
    audit_both(page, audit)
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opublikuj 8 odpowiedzi").click()
    assert "Liczba opublikowanych odpowiedzi: 8." in page.content()
    assert caption(page) == "Filtrom odpowiada 0 uwag."

    # 4. the XLSX export, edited with openpyxl: three decisions changed, one row refused
    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz uwagi i odpowiedzi (XLSX)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    book = load_workbook(path)
    sheet = book.active
    assert sheet["I1"].value == "Decyzja"
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    group = db.session.scalars(
        select(Comment)
        .where(Comment.consultation_id == consultation.id, Comment.group_id.is_not(None))
        .order_by(Comment.number)
    ).all()
    assert len(group) == 4
    changed = group[:3]
    for remark in changed:
        sheet.cell(rows[remark.id], 9).value = "Uwzględniona"
        sheet.cell(rows[remark.id], 10).value = "Limit podniesiony do 15 000 zł."
    unanswered = next(r for r in range(2, sheet.max_row + 1) if not sheet.cell(r, 9).value)
    sheet.cell(unanswered, 9).value = "Nieuwzględniona"  # and no justification
    book.save(path)

    page.goto(f"{base}/answers/import")
    audit_both(page, audit)
    page.get_by_label("Arkusz odpowiedzi (XLSX)").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Pokaż, co się zmieni").click()
    text = page.content()
    assert "Zmienią się 3 odpowiedzi" in text
    assert f"Wiersz {unanswered}: decyzja bez uzasadnienia" in text
    assert page.locator("table.import-changes tbody tr").count() == 3
    # the three answers are public: the preview says they become drafts again
    assert "3 odpowiedzi są już opublikowane" in text
    audit_both(page, audit)
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Zastosuj 3 zmiany").click()
    assert "Odpowiedzi zmienione z arkusza: 3." in page.content()
    assert "Opublikowane odpowiedzi, które znów są szkicami: 3." in page.content()

    # ... and are published again through the confirmation
    page.get_by_role("link", name="Opublikuj wszystkie odpowiedzi w wersji roboczej").click()
    expect(page.get_by_role("button", name="Opublikuj 3 odpowiedzi")).to_be_visible()
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opublikuj 3 odpowiedzi").click()
    assert "Liczba opublikowanych odpowiedzi: 3." in page.content()

    # one answer for a public answer asks first (it would become a draft again); going back
    # changes nothing
    page.goto(f"{base}/answers/queue?state=published")
    page.get_by_label(f"Zaznacz uwagę nr {changed[0].number}").check()
    page.locator("#decision").select_option("rejected")
    page.get_by_label("Uzasadnienie odpowiedzi").fill("Jednak nie.")
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Zapisz odpowiedź dla zaznaczonych uwag (jako szkice)"
        ).click()
    expect(page.locator(".redraft-count")).to_contain_text("1 odpowiedź jest już opublikowana")
    audit_both(page, audit)
    with page.expect_navigation():
        page.get_by_role("link", name="Wróć bez zapisywania").click()
    expect(page.get_by_role("heading", name="Kolejka odpowiedzi", exact=True)).to_be_visible()

    # 5. the report (its commenting stage is over) shows the changes and the group
    db.session.expire_all()
    services.publish_report(official, consultation, "", "Biuro Aktywności Obywatelskiej", utcnow())
    db.session.commit()
    page.goto(f"{base}/report")
    for remark in changed:
        row = page.locator("table.report-table tbody tr").filter(
            has=page.get_by_role("link", name=str(remark.number), exact=True)
        )
        assert "Uwzględniona" in row.inner_text()
        assert "Limit podniesiony do 15 000 zł." in row.inner_text()
        assert "rozpatrzona łącznie z nr" in row.inner_text()
    audit_both(page, audit)
