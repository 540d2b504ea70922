"""Issue 12, items 1, 2 and 7 for consultations in a real browser, every page audited with
axe-core at 390 px and 1280 px, the confirmations used by keyboard:

* a representative opens the comment form for one unit, switches "Część dokumentu" to another
  and files it with a forged "current wording" field: the comment and the report quote the
  chosen unit's text of the draft;
* the official is refused the report while commenting is open, publishes it after the stage
  (warned about the unanswered comment, confirmed by ticking the box), then corrects it by a
  new revision whose reason the public reads with the history;
* a paper form opened before the report and sent after it is refused (the report would change
  silently): the page says to describe the late remark in a new revision, the typed text kept;
* announcing a round, publishing its draft and withdrawing a comment each pass a confirmation
  page that says what will happen.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import to_local, utcnow
from app.consultations.models import Comment, Stage
from app.extensions import db
from tests.e2e.helpers import log_in, log_out
from tests.factories import DRAFT_MD, PASSWORD, make_consultation, make_organization, make_user

CONFIRM = "Rozumiem, że tego nie można cofnąć"
FORGED = "Zapis podrobiony w formularzu"
LATE = "Uwaga z listu, który przyszedł po raporcie"


def audit_both(page, audit) -> None:
    """Audit the page on a phone and on a desktop screen (ends at 1280 px)."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        audit(page)


def confirm_by_keyboard(page, button: str) -> None:
    """Tick the confirmation box with Space and press the button with Enter."""
    page.get_by_label(CONFIRM).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(CONFIRM)).to_be_checked()
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def _close_commenting(consultation_id: int) -> None:
    db.session.expire_all()
    stage = db.session.scalar(
        select(Stage).where(Stage.consultation_id == consultation_id, Stage.kind == "commenting")
    )
    stage.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_comment_quotes_the_chosen_unit_and_the_report_is_published_then_corrected(
    live_server, page, audit
):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    consultation = make_consultation(official, title="Program współpracy 2027")
    organization = make_organization(name="Fundacja Sądeckich Seniorów")
    representative = organization.memberships[0].user
    units = consultation.current_version.units
    first, second = units[1], units[3]  # § 1 ust. 1 and § 2 ust. 1

    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/consultations/{consultation.id}/comment?unit={first.key}")
    wording = page.locator("#current-wording")
    expect(wording).to_contain_text(first.text_md)
    expect(page.locator("textarea[name=current_wording]")).to_have_count(0)  # read-only
    audit_both(page, audit)
    # switched by keyboard: the read-only text follows the chosen unit
    page.get_by_label("Część dokumentu").focus()
    page.get_by_label("Część dokumentu").select_option(second.key)
    expect(wording).to_contain_text(second.text_md)
    expect(wording).not_to_contain_text(first.text_md)
    page.get_by_label("Proponowany zapis").fill("Celem głównym jest partnerstwo.")
    page.get_by_label("Uzasadnienie").fill("Krócej.")
    # a forged field is sent with the form: the server ignores it
    page.evaluate(
        """forged => {
            const input = document.createElement("input");
            input.type = "hidden"; input.name = "current_wording"; input.value = forged;
            document.querySelector("#current-wording").closest("form").appendChild(input);
        }""",
        FORGED,
    )
    page.get_by_role("button", name="Zgłoś uwagę").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uwaga nr 1")
    expect(page.locator("main")).to_contain_text(second.text_md)
    expect(page.locator("main")).not_to_contain_text(FORGED)
    audit_both(page, audit)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    # a colleague's paper form, opened in another tab before the report is published
    paper = page.context.new_page()
    paper.goto(f"{live_server}/consultations/{consultation.id}/paper")
    expect(paper.get_by_role("heading", level=1)).to_have_text("Wprowadź formularz papierowy")
    page.bring_to_front()
    page.goto(f"{live_server}/consultations/{consultation.id}")
    page.get_by_role("link", name="Opublikuj raport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Raportu nie można jeszcze opublikować"
    )
    expect(page.locator("main")).to_contain_text("dopiero po zamknięciu etapu zgłaszania uwag")
    expect(page.get_by_label("Stanowisko urzędu")).to_have_count(0)
    audit_both(page, audit)

    _close_commenting(consultation.id)
    page.reload()
    page.get_by_label("Stanowisko urzędu").fill("Dziękujemy za udział w konsultacjach.")
    audit_both(page, audit)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Potwierdź publikację raportu")
    expect(page.locator(".alert-warning")).to_contain_text("1 uwaga nie ma odpowiedzi")
    audit_both(page, audit)
    page.get_by_role("button", name="Opublikuj raport").click()  # the box not ticked
    expect(page.locator("#confirmed-error")).to_be_visible()
    audit(page)
    confirm_by_keyboard(page, "Opublikuj raport")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raport z konsultacji")
    table = page.locator("table.report-table")
    expect(table).to_contain_text(second.text_md)
    expect(table).not_to_contain_text(FORGED)
    expect(table).not_to_contain_text(first.text_md)

    page.get_by_role("link", name="Program współpracy 2027").first.click()
    page.get_by_role("link", name="Popraw raport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Popraw opublikowany raport")
    page.get_by_label("Stanowisko urzędu").fill("Dziękujemy za udział w konsultacjach 2027.")
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    expect(page.locator("#reason-error")).to_be_visible()  # a correction needs its reason
    audit_both(page, audit)
    page.get_by_label("Powód korekty").fill("Uzupełniono rok w stanowisku urzędu.")
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    expect(page.locator("main")).to_contain_text("Wersja 2 raportu zostanie opublikowana")
    audit_both(page, audit)
    confirm_by_keyboard(page, "Opublikuj wersję 2")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raport z konsultacji")
    rows = page.locator("table.report-table tbody tr")
    expect(rows).to_have_count(1)

    # the paper form sent after the report: refused, the typed text kept, the report unchanged
    paper.bring_to_front()
    paper.get_by_label("Proponowany zapis").fill(LATE)
    paper.get_by_label("Uzasadnienie").fill("List przyszedł pocztą.")
    paper.get_by_label("Data wpływu do urzędu").fill(to_local(utcnow()).date().isoformat())
    paper.get_by_role("button", name="Zgłoś uwagę").focus()
    paper.keyboard.press("Enter")
    expect(paper.locator("#remarks-frozen")).to_contain_text(
        "Uwagę, która wpłynęła po terminie, opisz w nowej wersji raportu."
    )
    expect(paper.locator("#justification-error")).to_contain_text("uwag nie można już wprowadzać")
    expect(paper.get_by_label("Proponowany zapis")).to_have_value(LATE)
    audit_both(paper, audit)
    paper.close()
    page.reload()
    expect(rows).to_have_count(1)
    expect(page.locator("table.report-table")).not_to_contain_text(LATE)
    log_out(page)

    page.goto(f"{live_server}/consultations/{consultation.id}/report")
    expect(page.locator(".alert-info")).to_contain_text("Uzupełniono rok w stanowisku urzędu.")
    history = page.locator("#revisions").locator("..")
    expect(history).to_contain_text("Wersja 2")
    expect(history).to_contain_text("Pierwsza publikacja.")
    page.get_by_text("Tekst wersji 1").focus()
    page.keyboard.press("Enter")  # open the earlier text
    expect(history).to_contain_text("Dziękujemy za udział w konsultacjach.")
    audit_both(page, audit)


def test_announce_publish_and_withdraw_are_confirmed(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    consultation = make_consultation(official, announce=False, draft=None, title="Program 2028")
    organization = make_organization(name="Stowarzyszenie Rowerowe")
    representative = organization.memberships[0].user

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/consultations/{consultation.id}")
    page.get_by_role("link", name="Ogłoś…").click()
    expect(page.locator("main")).to_contain_text("Tego nie można cofnąć")
    expect(page.locator(".alert-warning")).to_contain_text(
        "Projekt nie został jeszcze opublikowany"
    )
    audit_both(page, audit)
    confirm_by_keyboard(page, "Ogłoś konsultacje")
    expect(page.locator(".alert-success")).to_contain_text("ogłoszone")

    page.get_by_role("link", name="Opublikuj projekt").click()
    page.get_by_label("Tytuł dokumentu").fill("Projekt programu na rok 2028")
    page.get_by_label("Tekst projektu (Markdown)").fill(DRAFT_MD)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Potwierdź publikację wersji 1")
    expect(page.locator("main")).to_contain_text("§ 2 pkt 1")  # the units as they will be
    audit_both(page, audit)
    page.get_by_role("button", name="Wróć do edycji").click()  # back: the text is kept
    expect(page.get_by_label("Tekst projektu (Markdown)")).to_have_value(DRAFT_MD)
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    confirm_by_keyboard(page, "Opublikuj wersję 1")
    expect(page.locator(".alert-success")).to_contain_text("Wersja 1 została opublikowana")
    log_out(page)

    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/consultations/{consultation.id}/comment")
    page.get_by_label("Proponowany zapis").fill("Dodać priorytet: infrastruktura rowerowa.")
    page.get_by_label("Uzasadnienie").fill("Potrzeby mieszkańców.")
    page.get_by_role("button", name="Zgłoś uwagę").click()
    page.get_by_role("link", name="Wycofaj uwagę…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wycofaj uwagę nr 1")
    expect(page.locator("main")).to_contain_text("Tego nie można cofnąć")
    audit_both(page, audit)
    confirm_by_keyboard(page, "Wycofaj uwagę")
    expect(page.locator("main")).to_contain_text("wycofał")
    audit(page)
    db.session.expire_all()
    assert db.session.scalar(select(Comment)).is_withdrawn
