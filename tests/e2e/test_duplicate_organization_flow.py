"""Issue 12, item 11 in a real browser: registering an organization whose NIP is already
registered gives a field error (the typed values kept) with a link to ask to join that
organization, which a person follows by keyboard and sends the request; the officials'
verification queue shows the description, the areas and links to the public KRS and REGON
searches with the numbers to copy. axe at 1280 px and 390 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.auth.models import Role
from tests.e2e.helpers import log_in, log_out
from tests.factories import PASSWORD, make_organization, make_user

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def audit_both(page, audit) -> None:
    audit(page)
    page.set_viewport_size(PHONE)
    audit(page)
    page.set_viewport_size(DESKTOP)


def test_duplicate_nip_leads_to_a_join_request_and_the_queue_helps_checking(
    live_server, page, audit
):
    existing = make_organization(name="Fundacja Dunajec", nip="7343567891")
    make_organization(
        name="Stowarzyszenie Do Sprawdzenia",
        verified=False,
        register_number="0000311452",
        nip="5260001298",
        regon="123456785",
        area_codes=("seniors",),
        description_md="Prowadzimy **klub seniora** na Wólkach.",
    )
    person = make_user(email="nowa@example.org", name="Nina Nowa")
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org")

    log_in(page, live_server, person.email, PASSWORD)
    page.goto(f"{live_server}/organizations/new")
    page.get_by_label("Nazwa organizacji").fill("Fundacja Dunajec z Sącza")
    page.get_by_label("Forma prawna").select_option("foundation")
    page.get_by_label("Numer w rejestrze").fill("547120")
    page.get_by_label("NIP (numer identyfikacji podatkowej)").fill("734-356-78-91")
    page.get_by_label(re.compile("osób w wieku emerytalnym", re.I)).first.check()
    page.get_by_role("button", name="Zarejestruj organizację").click()
    expect(page.locator("#nip-error")).to_contain_text("już zarejestrowana")
    expect(page.get_by_label("Nazwa organizacji")).to_have_value("Fundacja Dunajec z Sącza")
    expect(page.locator("#nip-duplicate")).to_contain_text("Fundacja Dunajec")
    audit_both(page, audit)
    join = page.get_by_role("link", name="Poproś o dołączenie do tej organizacji")
    join.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/organizations/{existing.id}/join")
    page.get_by_label("Twoja rola w organizacji").fill("Skarbniczka zarządu")
    page.get_by_role("button", name="Wyślij prośbę").click()
    expect(page.locator(".alert-success")).to_be_visible()
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    page.goto(f"{live_server}/organizations/review")
    article = page.get_by_role("article").filter(has_text="Stowarzyszenie Do Sprawdzenia")
    expect(article.locator("strong", has_text="klub seniora")).to_be_visible()
    expect(article).to_contain_text("osób w wieku emerytalnym")
    krs = article.get_by_role("link", name=re.compile("Wyszukiwarka KRS"))
    expect(krs).to_have_attribute("href", "https://wyszukiwarka-krs.ms.gov.pl/")
    regon = article.get_by_role("link", name=re.compile("Wyszukiwarka REGON"))
    expect(regon).to_have_attribute("href", "https://wyszukiwarkaregon.stat.gov.pl/")
    expect(article.locator("code", has_text="0000311452").first).to_be_visible()
    audit_both(page, audit)
