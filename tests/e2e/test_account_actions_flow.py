"""Issue 12, item 7 for accounts, in a real browser: an administrator deactivates an account
only with a reason and a ticked confirmation (an empty reason is a field error that keeps what
was typed), and the person can no longer log in; a representative leaves an organization
through a page that says what will happen (cancel changes nothing). axe at 1280 px and 390 px;
the confirmations are made by keyboard."""

from __future__ import annotations

from playwright.sync_api import expect

from app.auth.models import Role
from tests.e2e.helpers import log_in, log_out
from tests.factories import PASSWORD, add_member, make_organization, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def audit_both(page, audit) -> None:
    audit(page)
    page.set_viewport_size(PHONE)
    audit(page)
    page.set_viewport_size(DESKTOP)


def test_deactivation_needs_a_reason_and_a_confirmation(live_server, page, audit):
    admin = make_user(role=Role.ADMIN, email="admin@example.org")
    person = make_user(email="spam@example.org", name="Sławomir Spamer")
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server}/admin/users/{person.id}")
    section = page.get_by_role("region", name="Dezaktywuj konto")
    expect(section).to_contain_text("zostaje od razu wylogowana")
    audit_both(page, audit)

    confirm = page.get_by_label("Rozumiem, że ta osoba zostanie wylogowana")
    confirm.focus()
    page.keyboard.press("Space")  # ticked, but no reason given
    page.get_by_role("button", name="Dezaktywuj konto").click()
    expect(page.locator("#active-reason-error")).to_have_text("Podaj powód dezaktywacji konta.")
    expect(page.locator("#error-summary")).to_be_visible()
    audit_both(page, audit)

    expect(confirm).to_be_checked()  # what was given is kept
    page.locator("#active-reason").fill("Rozsyła reklamy w dyskusjach")
    page.locator("#active-reason").focus()
    page.keyboard.press("Tab")  # to the box
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("dezaktywowane")
    expect(page.get_by_role("region", name="Aktywuj konto ponownie")).to_be_visible()
    audit(page)
    log_out(page)

    log_in(page, live_server, person.email, PASSWORD)
    expect(page.locator("#email-error")).to_contain_text("dezaktywowane")


def test_leaving_an_organization_is_confirmed(live_server, page, audit):
    organization = make_organization(name="Fundacja Sąsiedzka")
    person = make_user(email="wolontariusz@example.org", name="Wiktor Wolontariusz")
    add_member(organization, person)
    log_in(page, live_server, person.email, PASSWORD)
    page.goto(f"{live_server}/organizations/mine")
    expect(page.get_by_role("button", name="Usuń")).to_have_count(0)
    audit_both(page, audit)
    page.get_by_role("link", name="Opuść organizację… Fundacja Sąsiedzka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Opuść organizację: Fundacja Sąsiedzka"
    )
    expect(page.locator("main")).to_contain_text("Tego nie można cofnąć")
    audit_both(page, audit)
    page.get_by_role("link", name="Anuluj (bez zmian)").click()
    expect(page.locator("tbody")).to_contain_text("Fundacja Sąsiedzka")  # nothing changed

    page.get_by_role("link", name="Opuść organizację… Fundacja Sąsiedzka").click()
    page.get_by_role("button", name="Opuść organizację").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-info")).to_contain_text("Opuszczono organizację")
    expect(page.locator("main")).not_to_contain_text("Opuść organizację…")
    audit(page)
