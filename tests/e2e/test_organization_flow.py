"""The main flow in a real browser, every page audited with axe-core:
register → confirm via the e-mailed link → register an organization (after fixing a bad NIP)
→ an official verifies it → it appears in the directory.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.auth.models import Role
from tests.e2e.helpers import link_from, log_in, log_out, menu_link
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "sadecki-klub-2027"


def test_register_confirm_organization_verified_listed(live_server, page, audit, smtp):
    official = make_user(role=Role.OFFICIAL, email="urzednik@example.org")

    page.goto(live_server)
    audit(page)
    page.get_by_role("link", name="Zarejestruj się").click()
    audit(page)
    page.get_by_label("Imię i nazwisko").fill("Jan Kowalski")
    page.get_by_label("Adres e-mail").fill("jan@example.org")
    page.get_by_label("Hasło", exact=True).fill("short")
    page.get_by_label("Powtórz hasło").fill("short")
    page.get_by_role("button", name="Załóż konto").click()
    # bad input: a clear message in Polish, the typed values kept, still accessible
    expect(page.locator("#password-error")).to_contain_text("10")
    expect(page.get_by_label("Imię i nazwisko")).to_have_value("Jan Kowalski")
    audit(page)
    page.get_by_label("Hasło", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Powtórz hasło").fill(NEW_PASSWORD)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Załóż konto").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("poczt")
    audit(page)

    page.goto(link_from(smtp.last_to("jan@example.org")))
    expect(page.locator(".alert-success")).to_be_visible()
    log_in(page, live_server, "jan@example.org", NEW_PASSWORD, audit)
    menu_link(page, "Moje organizacje", "account").click()
    audit(page)
    page.get_by_role("link", name="Zarejestruj organizację").click()
    audit(page)
    page.get_by_label("Nazwa organizacji").fill("Stowarzyszenie Sądeckich Seniorów")
    page.get_by_label("Forma prawna").select_option("association")
    page.get_by_label("Numer w rejestrze").fill("311452")
    page.get_by_label("NIP (numer identyfikacji podatkowej)").fill("7343567892")
    page.get_by_label("REGON (numer statystyczny)").fill("123456785")
    page.get_by_label(re.compile("seniorów|osób w wieku emerytalnym", re.I)).first.check()
    page.get_by_label("Opis").fill("Klub seniora <script>alert(1)</script> **co wtorek**")
    page.get_by_role("button", name="Zarejestruj organizację").click()
    expect(page.locator("#nip-error")).to_contain_text("cyfra kontrolna")
    expect(page.get_by_label("Nazwa organizacji")).to_have_value(
        "Stowarzyszenie Sądeckich Seniorów"
    )
    audit(page)
    page.get_by_label("NIP (numer identyfikacji podatkowej)").fill("7343567891")
    page.get_by_role("button", name="Zarejestruj organizację").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stowarzyszenie Sądeckich Seniorów")
    expect(page.locator(".org-description strong")).to_have_text("co wtorek")
    audit(page)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    menu_link(page, "Kolejka weryfikacji", "Zarządzanie").click()
    audit(page)
    article = page.get_by_role("article").filter(has_text="Stowarzyszenie Sądeckich Seniorów")
    article.get_by_label("Zweryfikuj").check()
    article.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    log_out(page)
    assert "zweryfikowana" in smtp.last_to("jan@example.org")["Subject"]

    page.get_by_role("link", name="Organizacje").first.click()
    page.get_by_label("Nazwa organizacji").fill("sądeckich")
    page.get_by_role("main").get_by_role("button", name="Szukaj").click()
    audit(page)
    page.get_by_role("link", name="Stowarzyszenie Sądeckich Seniorów").click()
    expect(page.get_by_text("7343567891")).to_be_visible()
    audit(page)


def test_join_request_approved_by_representative(live_server, page, audit, smtp):
    from app.common.outbox import send_due
    from tests.factories import make_organization

    organization = make_organization(name="Fundacja Zielony Dunajec")
    representative = organization.memberships[0].user
    make_user(email="ewa@example.org", name="Ewa Nowak")

    log_in(page, live_server, "ewa@example.org", PASSWORD)
    page.goto(f"{live_server}/organizations/{organization.id}")
    audit(page)
    page.get_by_role("link", name="Poproś o możliwość reprezentowania tej organizacji").click()
    audit(page)
    page.get_by_label("Twoja rola w organizacji").fill("Koordynatorka wolontariuszy")
    page.get_by_label(re.compile("Pokaż moje imię")).check()
    page.get_by_role("button", name="Wyślij prośbę").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    log_out(page)

    send_due()  # what `flask notifications send` does from cron
    page.goto(link_from(smtp.last_to(representative.email)))
    expect(page).to_have_url(re.compile("/auth/login"))
    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/organizations/{organization.id}/requests")
    audit(page)
    section = page.get_by_role("region", name=re.compile("Ewa Nowak"))
    expect(section).to_contain_text("Koordynatorka wolontariuszy")
    section.get_by_label("Zatwierdź").check()
    section.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    log_out(page)
    assert "reprezentujesz" in smtp.last_to("ewa@example.org")["Subject"].lower()

    page.goto(f"{live_server}/organizations/{organization.id}")
    expect(page.get_by_role("complementary").or_(page.locator("main"))).to_contain_text("Ewa Nowak")
