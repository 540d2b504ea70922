"""Issue 12, item 4 in a real browser: a joint proposal is never public with co-authors that
have not agreed. The lead invites two organizations and, on the submit confirmation, chooses to
wait: the proposal stays private until the last co-author accepts, which submits it with both
shown. Another lead submits without waiting after the warning: the pending organization is not
shown until it accepts. Pages audited with axe at 1280 px and 390 px; choices made by keyboard.
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.proposals.models import Proposal
from tests.e2e.helpers import log_in, log_out
from tests.factories import PASSWORD, make_organization, make_proposal

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Wspólny klub seniora na Wólkach"


def audit_both(page, audit) -> None:
    """axe at 1280 px and at 390 px, then back to 1280 px."""
    audit(page)
    page.set_viewport_size(PHONE)
    audit(page)
    page.set_viewport_size(DESKTOP)


def _fill(page, title: str) -> None:
    page.get_by_label("Tytuł", exact=True).fill(title)
    page.get_by_label("Sfera pożytku publicznego").select_option("seniors")
    page.get_by_label("Problem lub potrzeba").fill("Seniorzy z Wólek nie mają miejsca spotkań.")
    page.get_by_label("Co zostałoby zrobione").fill("Klub seniora otwarty dwa razy w tygodniu.")
    page.get_by_label("Grupa docelowa").fill("Seniorzy z osiedla Wólki")
    page.get_by_label("Oczekiwane rezultaty").fill("Stałe spotkania 40 osób.")
    page.get_by_label("Termin realizacji").fill("2027")


def _accept_invitation(page, base: str, rep, title: str) -> None:
    log_in(page, base, rep.email, PASSWORD)
    page.goto(f"{base}/proposals/")
    page.get_by_role("region", name="Zaproszenia do współautorstwa").get_by_role(
        "link", name=title
    ).click()
    page.get_by_role("button", name="Przyjmij").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_waiting_for_consent_then_shown_when_all_accept(live_server, page, audit):
    lead = make_organization(name="Fundacja Prowadząca")
    first = make_organization(name="Stowarzyszenie Pierwsze")
    second = make_organization(name="Klub Drugi")
    lead_rep, first_rep, second_rep = (o.memberships[0].user for o in (lead, first, second))

    log_in(page, live_server, lead_rep.email, PASSWORD)
    page.goto(f"{live_server}/proposals/new")
    _fill(page, TITLE)
    page.get_by_label("Stowarzyszenie Pierwsze").check()
    page.get_by_label("Klub Drugi").check()
    page.get_by_role("button", name="Złóż propozycję").click()
    # "submit" saved a draft and opened the confirmation: what happens, who is not an author yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Złóż propozycję")
    warning = page.locator(".alert-warning")
    expect(warning).to_contain_text("Stowarzyszenie Pierwsze")
    expect(warning).to_contain_text("Klub Drugi")
    expect(page.get_by_role("region", name="Złóż teraz bez nich")).to_contain_text(
        "Na liście autorów nie będzie"
    )
    audit_both(page, audit)
    wait = page.get_by_role("button", name="Poczekaj na zgodę współautorów")
    wait.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(page.get_by_text("Czeka na zgodę współautorów.")).to_be_visible()
    expect(page.get_by_text("To wersja robocza")).to_be_visible()
    audit_both(page, audit)
    log_out(page)

    # nobody else sees it: it is not public, nobody is shown as its author
    page.goto(f"{live_server}/proposals/")
    expect(page.locator("main")).not_to_contain_text(TITLE)
    proposal_id = db.session.scalar(select(Proposal.id).where(Proposal.title == TITLE))
    assert page.goto(f"{live_server}/proposals/{proposal_id}").status == 403

    _accept_invitation(page, live_server, first_rep, TITLE)
    expect(page.get_by_text("Czeka na zgodę współautorów.")).to_be_visible()  # one to go
    audit(page)
    log_out(page)
    _accept_invitation(page, live_server, second_rep, TITLE)
    expect(page.locator(".alert-success")).to_contain_text("została złożona w urzędzie")
    log_out(page)

    page.goto(f"{live_server}/proposals/")
    item = page.locator("li.border-bottom").filter(has_text=TITLE)
    for name in ("Fundacja Prowadząca", "Stowarzyszenie Pierwsze", "Klub Drugi"):
        expect(item).to_contain_text(name)
    item.get_by_role("link", name=TITLE).click()
    expect(page.locator("dl")).to_contain_text("Klub Drugi")
    audit_both(page, audit)


def test_submitting_without_them_is_warned_and_a_later_acceptance_adds_them(
    live_server, page, audit
):
    lead = make_organization(name="Fundacja Samodzielna")
    late = make_organization(name="Stowarzyszenie Spóźnione")
    title = "Rajd rowerowy seniorów"
    proposal = make_proposal(lead, submit=False, invited=[late], title=title)
    log_in(page, live_server, lead.memberships[0].user.email, PASSWORD)
    page.goto(f"{live_server}/proposals/{proposal.id}")
    page.get_by_role("link", name="Złóż propozycję…").click()
    alone = page.get_by_role("region", name="Złóż teraz bez nich")
    expect(alone).to_contain_text("Na liście autorów nie będzie: Stowarzyszenie Spóźnione")
    expect(alone).to_contain_text("Fundacja Samodzielna")
    audit(page)
    alone.get_by_role("button", name="Złóż teraz bez oczekujących współautorów").click()
    expect(page.locator(".alert-success")).to_contain_text("została złożona")
    log_out(page)

    page.goto(f"{live_server}/proposals/{proposal.id}")
    expect(page.locator("main")).not_to_contain_text("Stowarzyszenie Spóźnione")
    audit(page)

    _accept_invitation(page, live_server, late.memberships[0].user, title)
    log_out(page)
    page.goto(f"{live_server}/proposals/{proposal.id}")
    expect(page.locator("dl")).to_contain_text("Stowarzyszenie Spóźnione")
    audit(page)
