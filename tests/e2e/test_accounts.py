"""Account flows in a real browser: password reset by e-mail, password change, profile and
language, keyboard-only use, error pages; every page audited with axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.auth.models import Role
from tests.e2e.helpers import link_from, log_in, menu_link
from tests.factories import PASSWORD, make_organization, make_user


def test_reset_change_password_and_switch_language(live_server, page, audit, smtp):
    make_user(email="maria@example.org", name="Maria Mieszkanka")
    page.goto(f"{live_server}/auth/login")
    page.get_by_role("link", name="Nie pamiętasz hasła?").click()
    audit(page)
    page.get_by_label("Adres e-mail").fill("maria@example.org")
    page.get_by_role("button", name="Wyślij link").click()
    audit(page)

    page.goto(link_from(smtp.last_to("maria@example.org")))
    audit(page)
    page.get_by_label("Hasło", exact=True).fill("nowe-haslo-marii")
    page.get_by_label("Powtórz hasło").fill("nowe-haslo-marii")
    page.get_by_role("button", name="Zapisz nowe hasło").click()
    log_in(page, live_server, "maria@example.org", "nowe-haslo-marii")
    expect(page.locator(".alert-success")).to_be_visible()

    menu_link(page, "Twoje konto", "account").click()
    audit(page)
    page.get_by_role("link", name="Zmień hasło").click()
    audit(page)
    page.get_by_label("Obecne hasło").fill("wrong-password-x")
    page.get_by_label("Hasło", exact=True).fill("kolejne-haslo-marii")
    page.get_by_label("Powtórz hasło").fill("kolejne-haslo-marii")
    page.get_by_role("button", name="Zmień hasło").click()
    expect(page.locator("#current_password-error")).to_be_visible()
    audit(page)
    page.get_by_label("Obecne hasło").fill("nowe-haslo-marii")
    page.get_by_label("Hasło", exact=True).fill("kolejne-haslo-marii")
    page.get_by_label("Powtórz hasło").fill("kolejne-haslo-marii")
    page.get_by_role("button", name="Zmień hasło").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    audit(page)
    page.goto(f"{live_server}/organizations/")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice sticks
    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_keyboard_only_login(live_server, page, audit):
    make_user(email="klawiatura@example.org", name="Kasia Klawiatura")
    page.goto(f"{live_server}/auth/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Przejdź do treści głównej")).to_be_focused()
    page.keyboard.press("Enter")
    # from the main landmark, Tab walks to the form fields
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("klawiatura@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".site-header summary")).to_contain_text("Kasia Klawiatura")
    audit(page)


def test_admin_changes_role_and_reads_audit_log(live_server, page, audit):
    admin = make_user(role=Role.ADMIN, email="admin@example.org")
    make_user(email="piotr@example.org", name="Piotr Przyszły-Urzędnik")
    make_organization(verified=False, name="Fundacja Do Sprawdzenia")
    log_in(page, live_server, admin.email, PASSWORD)
    menu_link(page, "Konta", "Zarządzanie").click()
    audit(page)
    page.get_by_role("main").get_by_role("searchbox").fill("piotr")
    page.get_by_role("main").get_by_role("button", name="Szukaj").click()
    page.get_by_role("link", name="Piotr Przyszły-Urzędnik").click()
    audit(page)
    page.get_by_label("Rola").select_option("official")
    page.locator("#reason").fill("Nowy pracownik Biura Aktywności Obywatelskiej")
    page.get_by_role("button", name="Zmień rolę").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("#active-reason").fill("Konto założone omyłkowo")
    page.get_by_label("Rozumiem, że ta osoba zostanie wylogowana").check()
    page.get_by_role("button", name="Dezaktywuj konto").click()
    expect(page.locator(".alert-success")).to_be_visible()
    menu_link(page, "Dziennik zdarzeń", "Zarządzanie").click()
    audit(page)
    expect(page.locator("tbody")).to_contain_text("user.role_change")
    expect(page.locator("tbody")).to_contain_text("Nowy pracownik Biura Aktywności Obywatelskiej")
    expect(page.locator("tbody")).to_contain_text("user.deactivate")


def test_error_pages_are_accessible_in_both_languages(live_server, page, audit):
    response = page.goto(f"{live_server}/organizations/999999")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Nie znaleziono"))
    audit(page)
    page.get_by_role("link", name="English").click()
    response = page.goto(f"{live_server}/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    audit(page)
