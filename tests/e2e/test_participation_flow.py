"""Browser flows of issue 17: a representative registers for a full meeting (waiting list),
gets the seat and cancels; the official publishes the minutes, enters a remark from the
meeting, answers it and the report counts it as "meeting"; a representative answers a survey
with a conditional question and edits it; after closing a visitor reads the results in Polish
and English and downloads them. Every page is audited with axe at 1280 px and 390 px."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations.models import Stage
from app.extensions import db
from app.meetings import services as meeting_services
from app.meetings.models import MeetingRegistration
from app.surveys.models import Survey
from tests.e2e.helpers import log_in, log_out
from tests.factories import (
    PASSWORD,
    make_consultation,
    make_meeting,
    make_organization,
    make_survey,
    make_user,
)

CONFIRM_MINUTES = "Potwierdzam: opublikuj protokół i listę organizacji do wglądu dla wszystkich"


def audit_both(page, audit) -> None:
    """axe on a phone and on a desktop, and no sideways scrolling on the phone."""
    page.set_viewport_size({"width": 390, "height": 844})
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    audit(page)


def press(page, locator) -> None:
    """Use a control by keyboard: focus it and press Enter (or Space for a box)."""
    locator.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def switch_language(page, name: str, lang: str) -> None:
    """Switch the language by keyboard (a link for visitors, a button when signed in) and
    wait for the page in it."""
    page.locator(".site-language").get_by_text(name, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_representative_waits_gets_the_seat_and_cancels(live_server, page, audit):
    meeting = make_meeting(capacity=1, title="Spotkanie w ratuszu")
    first = make_organization(name="Stowarzyszenie Pierwsze")
    meeting_services.register(meeting, first.memberships[0].user, first, utcnow())
    db.session.commit()
    organization = make_organization(name="Fundacja Druga")
    representative = organization.memberships[0].user
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/consultations/{meeting.consultation_id}")
    page.get_by_role("link", name="Spotkanie w ratuszu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spotkanie w ratuszu")
    expect(page.locator("main")).to_contain_text("po rejestracji trafisz na listę oczekujących")
    audit_both(page, audit)
    page.get_by_label("Biorę udział").select_option(label="Fundacja Druga")
    press(page, page.get_by_role("button", name="Zarejestruj się na spotkanie"))
    expect(page.locator(".alert-warning").first).to_contain_text(
        "Spotkanie jest pełne: jesteś na liście oczekujących (nr 1)"
    )
    audit_both(page, audit)

    # the first organization cancels: the seat goes to the first on the waiting list
    registration = db.session.scalar(
        select(MeetingRegistration).where(
            MeetingRegistration.user_id == first.memberships[0].user_id
        )
    )
    meeting_services.cancel_registration(registration, utcnow())
    db.session.commit()
    page.reload()
    expect(page.locator("main")).to_contain_text("Masz rejestrację na to spotkanie.")
    expect(page.locator("main")).to_contain_text("W imieniu organizacji: Fundacja Druga")
    press(page, page.get_by_role("button", name="Anuluj moją rejestrację"))
    expect(page.locator(".alert-success").first).to_contain_text(
        "Twoja rejestracja została anulowana."
    )
    expect(page.get_by_role("button", name="Zarejestruj się na spotkanie")).to_be_visible()
    audit_both(page, audit)


def test_official_minutes_and_a_remark_counted_as_meeting_in_the_report(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official, title="Program współpracy 2027")
    meeting = make_meeting(
        consultation,
        official,
        title="Spotkanie konsultacyjne",
        starts_at=utcnow() - timedelta(hours=3),
    )
    make_organization(name="Klub Seniora Wólki")
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/meetings/{meeting.id}")
    page.get_by_role("link", name="Opublikuj protokół").click()
    audit_both(page, audit)
    page.get_by_label("Protokół", exact=True).fill("Obecnych było 12 osób z 5 organizacji.")
    page.get_by_label("Klub Seniora Wólki").check()
    page.get_by_role("button", name="Opublikuj protokół").click()  # not confirmed
    expect(page.locator("#error-summary")).to_contain_text("Zaznacz pole, aby potwierdzić.")
    expect(page.get_by_label("Protokół", exact=True)).to_have_value(
        "Obecnych było 12 osób z 5 organizacji."
    )
    audit_both(page, audit)
    page.get_by_label(CONFIRM_MINUTES).focus()
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Opublikuj protokół"))
    expect(page.locator(".alert-success").first).to_contain_text("Protokół został opublikowany.")
    expect(page.locator("main")).to_contain_text("Obecnych było 12 osób")

    page.get_by_role("link", name="Wprowadź uwagę ze spotkania").click()
    audit_both(page, audit)
    # the remark form once in English
    switch_language(page, "English", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a remark from the meeting")
    expect(page.get_by_label("Who made the remark")).to_contain_text(
        "A person (give the name below)"
    )
    audit_both(page, audit)
    switch_language(page, "Polski", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wprowadź uwagę ze spotkania")
    # a person's remark without the name: refused with the reason, what was typed kept
    page.get_by_label("Kto zgłosił uwagę").select_option(
        label="Osoba (podaj imię i nazwisko poniżej)"
    )
    page.get_by_label("Proponowany zapis").fill("Więcej ławek przy klubie.")
    page.get_by_label("Uzasadnienie", exact=True).fill("Mówiła mieszkanka.")
    press(page, page.get_by_role("button", name="Wprowadź uwagę"))
    expect(page.locator("#error-summary")).to_contain_text("Podaj imię i nazwisko osoby")
    expect(page.get_by_label("Proponowany zapis")).to_have_value("Więcej ławek przy klubie.")
    audit_both(page, audit)
    page.get_by_label("Kto zgłosił uwagę").select_option(label="Klub Seniora Wólki")
    page.get_by_label("Część dokumentu").select_option(index=2)
    page.get_by_label("Proponowany zapis").fill("Dodać kluby seniora na każdym osiedlu.")
    page.get_by_label("Uzasadnienie", exact=True).fill("Padło na spotkaniu.")
    press(page, page.get_by_role("button", name="Wprowadź uwagę"))  # by keyboard
    expect(page.locator("main")).to_contain_text("zgłoszona na spotkaniu konsultacyjnym")
    audit_both(page, audit)
    page.get_by_label("Decyzja").select_option("accepted")
    page.get_by_label("Uzasadnienie odpowiedzi").fill("Uwzględniono w § 3.")
    page.get_by_label("Opublikuj odpowiedź od razu").check()
    page.get_by_role("button", name="Zapisz odpowiedź").click()
    expect(page.locator(".alert-success")).to_be_visible()

    stage = db.session.scalar(select(Stage).where(Stage.kind == "commenting"))
    stage.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page.goto(f"{live_server}/consultations/{consultation.id}")
    page.get_by_role("link", name="Opublikuj raport").click()
    page.get_by_role("button", name="Przejdź do potwierdzenia").click()
    page.get_by_label("Rozumiem, że tego nie można cofnąć").check()
    press(page, page.get_by_role("button", name="Opublikuj raport"))  # by keyboard
    expect(page.locator(".alert-success").first).to_be_visible()
    log_out(page)

    page.goto(f"{live_server}/consultations/{consultation.id}/report")
    expect(page.locator("main")).to_contain_text(
        "uwagi na platformie (0), papierowe formularze konsultacyjne (0), uwagi zgłoszone na "
        "spotkaniach konsultacyjnych (1)"
    )
    expect(page.locator("table.report-table")).to_contain_text("Klub Seniora Wólki (spotkanie)")
    expect(page.locator("table.report-table")).to_contain_text("Uwzględniono w § 3.")
    audit_both(page, audit)
    page.goto(f"{live_server}/meetings/{meeting.id}")
    expect(page.locator("main")).to_contain_text("Uwagi zgłoszone na spotkaniu")
    audit_both(page, audit)


def test_survey_with_a_condition_answered_edited_then_results_read_and_downloaded(
    live_server, page, audit, tmp_path
):
    survey = make_survey()
    questions = [q.id for q in survey.questions]
    organization = make_organization(name="Fundacja Ankietowana")
    log_in(page, live_server, organization.memberships[0].user.email, PASSWORD)
    page.goto(f"{live_server}/surveys/{survey.id}")
    audit_both(page, audit)
    page.get_by_role("link", name="Odpowiedz na ankietę").click()
    # the survey's form once in English
    switch_language(page, "English", "en")
    expect(page.locator("main")).to_contain_text("Send the answers")
    audit_both(page, audit)
    switch_language(page, "Polski", "pl")
    conditional = page.locator(f"#question-{questions[2]}")
    expect(conditional).to_be_hidden()  # shown only after "Tak" (progressive script)
    page.get_by_label("Tak").check()
    expect(conditional).to_be_visible()
    page.get_by_label("Ilu seniorów uczestniczy w zajęciach?").fill("35")
    for option in ("Seniorzy", "Sport", "Kultura"):  # over the maximum of two
        page.get_by_label(option).check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Co jeszcze chcecie przekazać?").fill("Potrzebujemy sali.")
    press(page, page.get_by_role("button", name="Wyślij odpowiedzi"))
    expect(page.locator("#error-summary")).to_contain_text("wybierz najwyżej 2")
    expect(page.get_by_label("Co jeszcze chcecie przekazać?")).to_have_value("Potrzebujemy sali.")
    expect(page.get_by_label("Ilu seniorów uczestniczy w zajęciach?")).to_have_value("35")
    audit_both(page, audit)
    page.get_by_label("Kultura").uncheck()
    page.get_by_label("Lokale").select_option("2")
    page.get_by_label("Granty").select_option("1")
    press(page, page.get_by_role("button", name="Wyślij odpowiedzi"))
    expect(page.locator(".alert-success").first).to_contain_text("Twoje odpowiedzi zostały wysłane")
    audit_both(page, audit)
    # edited: "Nie" hides the conditional question and its answer is dropped by the server
    page.get_by_label("Nie", exact=True).check()
    expect(conditional).to_be_hidden()
    press(page, page.get_by_role("button", name="Wyślij odpowiedzi"))
    expect(page.locator(".alert-success").first).to_be_visible()
    log_out(page)

    row = db.session.get(Survey, survey.id)
    row.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page.goto(f"{live_server}/surveys/{survey.id}")
    page.get_by_role("link", name="Wyniki", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wyniki ankiety")
    expect(page.locator("main")).to_contain_text("Wysłano 1 odpowiedź.")
    assert page.locator("svg[role=img]").count() >= 3
    expect(page.locator("main")).to_contain_text("Potrzebujemy sali.")
    audit_both(page, audit)
    with page.expect_download() as info:
        page.get_by_role("link", name="Wszystkie odpowiedzi (CSV)").click()
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "Fundacja Ankietowana" in content and "Granty > Lokale" in content
    assert "35" not in content.splitlines()[1]  # the hidden question's answer was dropped
    with page.expect_download() as info:
        page.get_by_role("link", name="Wszystkie odpowiedzi (Excel)").click()
    assert info.value.suggested_filename == f"ankieta-{survey.id}.xlsx"

    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results of the survey")
    expect(page.locator("main")).to_contain_text("1 response was sent.")
    audit_both(page, audit)
    page.get_by_role("link", name="Polski").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_official_edits_and_reorders_questions_before_the_first_response(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL)
    survey = make_survey(official=official)
    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/surveys/{survey.id}/manage")
    press(page, page.get_by_role("link", name="Edytuj pytanie 2"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edytuj pytanie 2")
    audit_both(page, audit)
    page.get_by_label("Pytanie", exact=True).fill("Które obszary są dla was najważniejsze?")
    page.get_by_label("Opcje").fill("Seniorzy\nSport")
    page.get_by_label("Najwyżej tyle wyborów").fill("3")  # over the two options
    press(page, page.get_by_role("button", name="Zapisz pytanie"))
    expect(page.locator("#error-summary")).to_contain_text("Maksimum jest większe")
    expect(page.get_by_label("Pytanie", exact=True)).to_have_value(
        "Które obszary są dla was najważniejsze?"
    )
    audit_both(page, audit)
    page.get_by_label("Najwyżej tyle wyborów").fill("2")
    press(page, page.get_by_role("button", name="Zapisz pytanie"))
    expect(page.locator(".alert-success").first).to_contain_text("Pytanie zostało zmienione.")
    press(page, page.get_by_role("button", name="Przesuń pytanie 2 w górę"))
    expect(page.locator(".alert-success").first).to_contain_text("Pytanie zostało przesunięte.")
    expect(page.locator("main ol li").first).to_contain_text(
        "1. Które obszary są dla was najważniejsze?"
    )
    audit_both(page, audit)
