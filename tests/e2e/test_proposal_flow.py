"""The proposals flow in a real browser, every page audited with axe-core:
organization A drafts a proposal inviting B and submits it → B accepts → C endorses → an
official starts the review and accepts it with a public answer → an anonymous visitor filters
the list by area and downloads the CSV.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from app.auth.models import Role
from tests.e2e.helpers import log_in, log_out, menu_link
from tests.factories import PASSWORD, make_organization, make_proposal, make_user

TITLE = "Klub seniora na Wólkach"


def test_joint_proposal_endorsed_and_accepted(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    org_a = make_organization(name="Stowarzyszenie Sądeckie Forum Seniora")
    org_b = make_organization(name="Klub Sportowy Kamienica")
    org_c = make_organization(name="Fundacja Zielony Dunajec")
    make_proposal(title="Festyn rodzinny", area_code="culture-heritage")
    rep_a, rep_b, rep_c = (o.memberships[0].user for o in (org_a, org_b, org_c))

    log_in(page, live_server, rep_a.email, PASSWORD, audit)
    page.get_by_role("link", name="Propozycje", exact=True).click()
    audit(page)
    page.get_by_role("link", name="Nowa propozycja").click()
    audit(page)
    page.get_by_label("Tytuł", exact=True).fill(TITLE)
    page.get_by_label("Sfera pożytku publicznego").select_option("seniors")
    page.get_by_label("Problem lub potrzeba").fill("Seniorzy z Wólek nie mają miejsca spotkań.")
    page.get_by_label("Co zostałoby zrobione").fill("Klub seniora otwarty dwa razy w tygodniu.")
    page.get_by_label("Grupa docelowa").fill("Seniorzy z osiedla Wólki")
    page.get_by_label("Oczekiwane rezultaty").fill("Stałe spotkania 40 osób.")
    page.get_by_label("Szacunkowy koszt w zł").fill("-100")
    page.get_by_label("Termin realizacji").fill("marzec–listopad 2027")
    page.get_by_label("Klub Sportowy Kamienica").check()
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.locator("#estimated_cost-error")).to_be_visible()  # bad input: kept values
    expect(page.get_by_label("Grupa docelowa")).to_have_value("Seniorzy z osiedla Wólki")
    audit(page)
    page.get_by_label("Szacunkowy koszt w zł").fill("45 000,50")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("To wersja robocza")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Złóż propozycję…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Złóż propozycję")
    expect(page.locator(".alert-warning")).to_contain_text("Klub Sportowy Kamienica")
    audit(page)
    page.get_by_role("button", name="Poczekaj na zgodę współautorów").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("Czeka na zgodę współautorów.")).to_be_visible()
    expect(page.get_by_text("45 000,50 zł")).to_be_visible()
    audit(page)
    log_out(page)

    log_in(page, live_server, rep_b.email, PASSWORD)
    page.get_by_role("link", name="Propozycje", exact=True).click()
    page.get_by_role("region", name="Zaproszenia do współautorstwa").get_by_role(
        "link", name=TITLE
    ).click()
    audit(page)
    page.get_by_role("button", name="Przyjmij").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    log_out(page)

    log_in(page, live_server, rep_c.email, PASSWORD)
    page.get_by_role("link", name="Propozycje", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Poprzyj").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_role("region", name="Poparcia")).to_contain_text("Fundacja Zielony Dunajec")
    audit(page)
    log_out(page)

    log_in(page, live_server, official.email, PASSWORD)
    menu_link(page, "Propozycje do oceny", "Zarządzanie").click()
    audit(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Rozpocznij ocenę").click()
    expect(page.locator(".alert-success")).to_be_visible()
    audit(page)
    page.get_by_label("Decyzja").select_option("accepted")
    page.get_by_label("Publiczna odpowiedź (uzasadnienie)").fill(
        "Propozycja trafi do programu współpracy na 2027 r."
    )
    page.get_by_label("Opublikuj odpowiedź od razu").check()
    page.get_by_role("button", name="Zapisz odpowiedź").click()
    expect(page.get_by_role("region", name="Odpowiedź urzędu: przyjęta")).to_be_visible()
    audit(page)
    log_out(page)

    page.goto(f"{live_server}/proposals/")
    page.get_by_label("Sfera pożytku publicznego").select_option("seniors")
    page.get_by_role("button", name="Filtruj").click()
    results = page.get_by_role("region", name="Wszystkie propozycje")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results).not_to_contain_text("Festyn rodzinny")
    expect(results).to_contain_text("Klub Sportowy Kamienica")
    audit(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="plik CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert TITLE in content and "Festyn rodzinny" not in content
    assert "Klub Sportowy Kamienica" in content
    assert "Propozycja trafi do programu" in content
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Fundacja Zielony Dunajec")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Klub Sportowy Kamienica").click()  # the co-author's profile
    expect(page.get_by_role("region", name="Propozycje")).to_contain_text(TITLE)
    audit(page)
    page.goto(f"{live_server}/proposals/partners")
    audit(page)
