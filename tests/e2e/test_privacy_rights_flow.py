"""Issue 16, item 3 in a real browser: a representative downloads their data (a ZIP with
data.json and a readable data.html) and deletes their account on a page that says what will
happen (a wrong password is a field error) - including what happens to the access requests they
sent from their address (issue 16: an open one stays for the office's answer, an answered one is
erased of their name and contacts); afterwards their organization's published remark
and its comment on a proposal are shown under the organization's name only, and the person can
no longer log in. axe at 1280 px and 390 px; the deletion is confirmed by keyboard."""

from __future__ import annotations

import io
import json
import zipfile

from playwright.sync_api import expect

from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.proposals import services as proposal_services
from app.settings import services as settings_services
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, make_consultation, make_organization, make_proposal, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def audit_both(page, audit) -> None:
    audit(page)
    page.set_viewport_size(PHONE)
    audit(page)
    page.set_viewport_size(DESKTOP)


def build_world():
    person = make_user(name="Halina Przykładowa", email="halina@example.org")
    organization = make_organization(founder=person, name="Towarzystwo Nadpopradzkie")
    consultation = make_consultation(title="Program współpracy 2027")
    remark = consultation_services.submit_comment(
        consultation,
        person,
        organization,
        consultation_services.CommentData(None, "Dopisać klub seniora.", "Brakuje go."),
        utcnow(),
    )
    proposal = make_proposal(organization=organization)
    proposal_services.add_comment(
        person, proposal, organization, "Popieramy i chętnie pomożemy.", None, utcnow()
    )
    official = make_user(role="official")
    filed = [
        settings_services.file_access_request(
            settings_services.RequestData(
                "Halina Przykładowa", "Halina@example.org", concerns, "Czytnik nie czyta tabel."
            ),
            "pl",
            utcnow(),
            utcnow().date(),
        )
        for concerns in ("Mapa przystanków", "Sprawozdanie (PDF)")
    ]
    settings_services.answer_access_request(
        official, filed[1], "Plik tekstowy w załączeniu.", utcnow()
    )
    db.session.commit()
    return person, consultation, remark, proposal


def test_person_downloads_data_and_deletes_account(live_server, page, audit):
    person, consultation, remark, proposal = build_world()
    remark_url = f"{live_server}/consultations/{consultation.id}/comments/{remark.id}"
    log_in(page, live_server, person.email, PASSWORD)

    # download my data
    page.goto(f"{live_server}/auth/account")
    audit_both(page, audit)
    page.get_by_role("link", name="Pobierz swoje dane").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pobierz swoje dane")
    audit_both(page, audit)
    with page.expect_download() as info:
        page.get_by_role("button", name="Pobierz moje dane (ZIP)").click()
    with open(info.value.path(), "rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["account"][0]["email"] == "halina@example.org"
    assert data["sections"]["remarks"][0]["proposed_wording"] == "Dopisać klub seniora."
    assert data["sections"]["consents"] == []  # made by a factory, not the registration form
    html = archive.read("data.html").decode()
    assert "Halina Przykładowa" in html and "Popieramy i chętnie pomożemy." in html
    requests = data["sections"]["access_requests"]
    assert [r["status"] for r in requests] == ["open", "answered"]
    assert requests[1]["answer"] == "Plik tekstowy w załączeniu."
    assert "Plik tekstowy w załączeniu." in html

    # the privacy notice says how long access requests keep the requester's data
    page.goto(f"{live_server}/privacy")
    expect(page.locator("main")).to_contain_text("do upływu 365 dni od odpowiedzi urzędu")
    audit_both(page, audit)

    # delete my account: the page says what happens; a wrong password changes nothing
    page.goto(f"{live_server}/auth/account")
    page.get_by_role("link", name="Usuń swoje konto").click()
    main = page.locator("main")
    expect(main).to_contain_text("wyłącznie pod nazwą organizacji")
    expect(main).to_contain_text("Tego nie można cofnąć.")
    expect(main).to_contain_text("które urząd jeszcze rozpatruje (1)")
    expect(main).to_contain_text("już rozpatrzone lub zamknięte (1)")
    audit_both(page, audit)
    page.get_by_label("Twoje hasło").fill("to-nie-jest-moje-haslo")
    page.get_by_label("Rozumiem, że konto zostanie usunięte").check()
    page.get_by_role("button", name="Usuń moje konto na zawsze").click()
    expect(page.locator("#password-error")).to_contain_text("Hasło jest nieprawidłowe.")
    expect(page.locator("#error-summary")).to_be_visible()
    audit_both(page, audit)

    page.get_by_label("Twoje hasło").fill(PASSWORD)
    box = page.get_by_label("Rozumiem, że konto zostanie usunięte")
    if not box.is_checked():
        box.focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="Usuń moje konto na zawsze").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto zostało usunięte")
    audit_both(page, audit)

    # the organization's remark and comment stay, under the organization's name only
    page.goto(remark_url)
    expect(main).to_contain_text("Towarzystwo Nadpopradzkie")
    expect(main).to_contain_text("Dopisać klub seniora.")
    expect(main).not_to_contain_text("Halina")
    expect(main).not_to_contain_text("Konto usunięte")
    audit(page)
    page.goto(f"{live_server}/proposals/{proposal.id}")
    expect(main).to_contain_text("Popieramy i chętnie pomożemy.")
    expect(main).to_contain_text("Towarzystwo Nadpopradzkie")
    expect(main).not_to_contain_text("Halina")
    expect(main).not_to_contain_text("Konto usunięte")
    audit(page)

    # signed out, and the account cannot log in again
    expect(page.get_by_role("link", name="Zaloguj się")).not_to_have_count(0)
    log_in(page, live_server, "halina@example.org", PASSWORD)
    expect(page.locator("#password-error")).to_contain_text("nieprawidłowe")
