"""Priority votes in a real browser, every page audited with axe-core (ballot pages included):
an official sets up a ranked, a points and an approval-with-budget vote (the last from the
round's accepted proposals) and opens them early; several organizations vote on each — the
points ballot entirely by keyboard — a representative replaces a ballot, the official enters a
paper ballot, and closes the votes early; the official publishes the results, and an anonymous
visitor reads them, checks a current and a replaced receipt, downloads the anonymised ballots
and the test recounts them to the published result.
"""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.priorities.models import Ballot, Vote
from tests.e2e.helpers import (
    check_receipt,
    download_and_recount,
    log_in,
    log_out,
    publish_results,
)
from tests.factories import (
    PASSWORD,
    add_member,
    add_voting_stage,
    make_consultation,
    make_organization,
    make_proposal,
    make_user,
)

#: Two or three organizations vote: their secret ballots files are published from 2 ballots
#: (the site's default, 5, would withhold them; see test_vote_publishing_flow.py).
FEW_BALLOTS = {"Najmniejsza liczba kart do opublikowania pliku z kartami": "2"}
CODE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$")


def _accepted(round_, title, cost):
    proposal = make_proposal(make_organization(), title=title, estimated_cost=Decimal(cost))
    proposal.consultation_id = round_.id
    proposal.status = "accepted"
    db.session.commit()


def _set_up(page, audit, base, round_id, title, ballot_type, method, **fields):
    page.goto(f"{base}/consultations/{round_id}")
    page.get_by_role("link", name="Głosowania w tych konsultacjach").click()
    audit(page)
    page.get_by_role("link", name="Przygotuj głosowanie").click()
    page.get_by_label("Tytuł").fill(title)
    page.get_by_label("Wyjaśnienie dla głosujących").fill("Głosują **organizacje**.")
    page.get_by_label("Rodzaj karty").select_option(ballot_type)
    # the method is a radio button per rule, each with its sentence (issue 13)
    method_choice = page.locator(f'input[name="method"][value="{method}"]')
    method_choice.check()
    expect(method_choice).to_be_checked()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    audit(page)
    page.get_by_role("button", name="Zapisz głosowanie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _add_options(page, audit, options):
    for number, (title, cost) in enumerate(options):
        page.get_by_role("link", name="Dodaj opcję").click()
        if number == 0:
            audit(page)
        page.get_by_label("Tytuł").fill(title)
        if cost:
            page.get_by_label("Koszt (zł)").fill(cost)
        page.get_by_role("button", name="Zapisz opcję").click()
        expect(page.locator(".alert-success")).to_be_visible()


def _open_now(page, audit):
    audit(page)
    page.get_by_label("Potwierdzam").check()
    page.get_by_role("button", name="Rozpocznij głosowanie teraz").click()
    expect(page.get_by_text("Głosowanie się rozpoczęło.")).to_be_visible()
    audit(page)


def _vote_url(base, title):
    vote = db.session.scalar(select(Vote).where(Vote.title == title))
    return f"{base}/votes/{vote.id}"


def _receipt(page, audit):
    code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.match(code), code
    audit(page)
    return code


def _row(page, selector, text):
    return page.locator(selector).filter(has_text=text)


def _up(page, title):
    """The script's "move up" button of an option on a ranked ballot."""
    _row(page, "li.ballot-option", title).get_by_role("button", name="Przesuń w górę").click()


def _tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_votes_set_up_cast_replaced_on_paper_closed_and_published(
    live_server, page, audit, app, tmp_path
):
    base = live_server
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    round_ = add_voting_stage(make_consultation(official))
    round_id = round_.id
    _accepted(round_, "Klub seniora", 12000)
    _accepted(round_, "Warsztaty dla młodzieży", 9000)
    org_a = make_organization(name="Stowarzyszenie Sądeckie Forum Seniora")
    org_b = make_organization(name="Klub Sportowy Kamienica")
    org_c = make_organization(name="Fundacja Zielony Dunajec")
    rep_a, rep_b, rep_c = (o.memberships[0].user for o in (org_a, org_b, org_c))
    rep_a2 = add_member(org_a, make_user(name="Ewa Zastępczyni")).user

    # --- the official sets up three votes and opens them early ---------------------------
    log_in(page, base, official.email, PASSWORD)
    _set_up(
        page, audit, base, round_id, "Priorytety programu 2027", "ranked", "borda", **FEW_BALLOTS
    )
    _add_options(page, audit, [("Seniorzy", ""), ("Młodzież", ""), ("Kultura", "")])
    _row(page, "main table tbody tr", "Kultura").get_by_role(
        "button", name="Przesuń w górę"
    ).click()
    expect(page.locator("main table tbody tr").nth(1)).to_contain_text("Kultura")
    _open_now(page, audit)
    ranked_url = page.url

    _set_up(
        page,
        audit,
        base,
        round_id,
        "Podział 100 punktów",
        "points",
        "points",
        **{
            "Punkty na głosującego": "10",
            "Najwięcej punktów dla jednej opcji": "6",
            "Budżet (zł)": "100 000",
            **FEW_BALLOTS,
        },
    )
    _add_options(page, audit, [("Sport", ""), ("Zdrowie", ""), ("Ekologia", "")])
    _open_now(page, audit)
    points_url = page.url

    _set_up(
        page,
        audit,
        base,
        round_id,
        "Zadania z kosztami",
        "approval",
        "greedy",
        **{"Budżet (zł)": "18 000", "Największa liczba opcji do wybrania": "2", **FEW_BALLOTS},
    )
    page.get_by_role("link", name="Dodaj przyjęte propozycje").click()
    page.wait_for_url("**/import")
    audit(page)
    page.get_by_label("Klub seniora").check()
    page.get_by_label("Warsztaty dla młodzieży").check()
    page.get_by_role("button", name="Dodaj jako opcje").click()
    expect(
        page.get_by_role("link", name="Propozycja, z której pochodzi ta opcja").first
    ).to_be_visible()
    _add_options(page, audit, [("Ławki w parku", "5 000")])
    _open_now(page, audit)
    approval_url = page.url
    log_out(page)

    # --- A ranks two options with the selects (no scripts needed) ------------------------
    log_in(page, base, rep_a.email, PASSWORD)
    page.goto(ranked_url)
    audit(page)
    page.get_by_role("link", name=f"Głosuj w imieniu organizacji: {org_a.name}").click()
    audit(page)
    page.get_by_label("Kultura").select_option("1")
    page.get_by_label("Seniorzy").select_option("2")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź kartę")
    audit(page)
    expect(page.locator("main ol").first).to_have_text(re.compile(r"Kultura\s*Seniorzy"))
    page.get_by_role("button", name="Zmień kartę").click()  # back to the form, values kept
    expect(page.get_by_label("Kultura")).to_have_value("1")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    first_code = _receipt(page, audit)
    page.goto(ranked_url)
    expect(page.get_by_text(f"Aktualna karta {org_a.name}")).to_be_visible()
    audit(page)

    # A chooses too much in the approval vote: the meter warns, the server refuses, keeps it
    page.goto(approval_url + "/ballot")
    page.get_by_label("Klub seniora").check()
    expect(page.locator("#budget-status")).to_contain_text("Wybrano: 12 000 zł z 18 000 zł")
    page.get_by_label("Ławki w parku").check()
    expect(page.locator("#budget-status")).to_contain_text("Blisko limitu")
    page.get_by_label("Warsztaty dla młodzieży").check()
    expect(page.locator("#budget-status")).to_contain_text("Przekroczono budżet")
    audit(page)
    page.get_by_role("button", name="Przejrzyj kartę").click()
    expect(page.locator("#error-summary")).to_contain_text("więcej niż budżet")
    expect(page.get_by_label("Warsztaty dla młodzieży")).to_be_checked()
    audit(page)
    page.get_by_label("Warsztaty dla młodzieży").uncheck()
    page.get_by_role("button", name="Przejrzyj kartę").click()
    audit(page)
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    _receipt(page, audit)
    log_out(page)

    # --- B orders with the move buttons (script) and votes on points ----------------------
    log_in(page, base, rep_b.email, PASSWORD)
    page.goto(ranked_url + "/ballot")
    _up(page, "Młodzież")  # ranks it 1st
    expect(page.get_by_label("Młodzież")).to_have_value("1")
    _up(page, "Seniorzy")
    expect(page.get_by_label("Seniorzy")).to_have_value("2")
    _up(page, "Seniorzy")
    expect(page.get_by_label("Seniorzy")).to_have_value("1")
    expect(page.get_by_label("Młodzież")).to_have_value("2")
    expect(page.locator("#ballot-status")).to_have_text("Seniorzy: miejsce 1")
    # drag and drop: Kultura onto the first place
    _row(page, "li.ballot-option", "Kultura").drag_to(_row(page, "li.ballot-option", "Seniorzy"))
    expect(page.get_by_label("Kultura")).to_have_value("1")
    expect(page.get_by_label("Seniorzy")).to_have_value("2")
    expect(page.get_by_label("Młodzież")).to_have_value("3")
    page.mouse.move(0, 0)  # no button left half-way through its hover transition
    page.wait_for_timeout(300)
    audit(page)
    page.get_by_role("button", name="Przejrzyj kartę").click()
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    _receipt(page, audit)

    page.goto(points_url + "/ballot")
    page.get_by_label("Sport").fill("7")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    expect(page.locator("#error-summary")).to_contain_text("najwyżej 6 pkt")
    expect(page.get_by_label("Sport")).to_have_value("7")
    page.get_by_label("Sport").fill("6")
    page.get_by_label("Zdrowie").fill("4")
    expect(page.locator("#points-left")).to_have_text("Pozostało punktów: 0 z 10.")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    _receipt(page, audit)

    page.goto(approval_url + "/ballot")
    page.get_by_label("Warsztaty dla młodzieży").check()
    page.get_by_role("button", name="Przejrzyj kartę").click()
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    _receipt(page, audit)
    log_out(page)

    # --- C casts the points ballot by keyboard only ---------------------------------------
    log_in(page, base, rep_c.email, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone
    page.goto(points_url + "/ballot")
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    sport, health, ecology = (
        "#" + page.get_by_label(n).get_attribute("id") for n in ("Sport", "Zdrowie", "Ekologia")
    )
    _tab_to(page, sport)
    page.keyboard.type("4")
    _tab_to(page, ecology)
    page.keyboard.type("6")
    expect(page.locator("#points-left")).to_have_text("Pozostało punktów: 0 z 10.")
    _tab_to(page, "button[value=review]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź kartę")
    audit(page)
    _tab_to(page, "form button.btn-primary")
    page.keyboard.press("Enter")
    _receipt(page, audit)
    log_out(page)

    # --- A's other representative replaces the ranked ballot ------------------------------
    log_in(page, base, rep_a2.email, PASSWORD)
    page.goto(ranked_url + "/ballot")
    expect(page.get_by_text("Twoja organizacja już głosowała")).to_be_visible()
    expect(page.get_by_label("Kultura")).to_have_value("1")  # the current ballot is shown
    page.get_by_label("Seniorzy").select_option("1")
    page.get_by_label("Kultura").select_option("2")
    page.get_by_label("Młodzież").select_option("3")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    expect(page.get_by_text("Zastąpi aktualną kartę")).to_be_visible()
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    expect(page.get_by_text("Zastępuje wcześniejszą kartę")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    second_code = _receipt(page, audit)
    assert second_code != first_code
    log_out(page)

    # --- the official enters C's paper ballot and closes the votes ------------------------
    log_in(page, base, official.email, PASSWORD)
    page.goto(ranked_url)
    page.get_by_role("link", name="Wprowadź kartę papierową").click()
    audit(page)
    page.get_by_label("Organizacja").select_option(label=org_c.name)
    page.get_by_label("Data wpływu do urzędu").fill("2026-11-27")
    page.get_by_label("Młodzież").select_option("1")
    page.get_by_role("button", name="Przejrzyj kartę").click()
    expect(page.get_by_text(f"Karta papierowa organizacji {org_c.name}")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Potwierdź i oddaj kartę").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Karta papierowa została wprowadzona")
    _receipt(page, audit)
    for url in (ranked_url, points_url, approval_url):
        page.goto(url)
        page.get_by_label("Potwierdzam").check()
        page.get_by_role("button", name="Zakończ głosowanie teraz").click()
        expect(page.get_by_text("Głosowanie zostało zakończone")).to_be_visible()
        audit(page)

    db.session.expire_all()
    ballots = db.session.scalars(select(Ballot)).all()
    by_vote: dict = {}
    for ballot in ballots:
        by_vote.setdefault(ballot.vote.title, []).append(ballot)
    assert len(by_vote["Priorytety programu 2027"]) == 3
    assert len(by_vote["Podział 100 punktów"]) == 2
    assert len(by_vote["Zadania z kosztami"]) == 2
    paper = next(b for b in by_vote["Priorytety programu 2027"] if b.channel == "paper")
    assert paper.organization_id == org_c.id
    replaced = next(b for b in by_vote["Priorytety programu 2027"] if b.organization_id == org_a.id)
    assert replaced.replacements == 1
    # the voting closed: a late ballot is refused
    page.goto(ranked_url + "/ballot")
    expect(page.get_by_text("Głosowanie jest zamknięte")).to_be_visible()

    # --- the official publishes; a visitor reads, checks receipts, recounts the .pb --------
    votes = db.session.scalars(select(Vote).order_by(Vote.id)).all()
    for vote in votes:
        publish_results(page, audit, base, vote.id, "Dziękujemy za udział.")
    log_out(page)
    for vote in votes:
        page.goto(f"{base}/votes/{vote.id}/results")
        audit(page)
        text = download_and_recount(page, app, base, vote, tmp_path)
        if vote.secrecy == "secret":
            for organization in (org_a, org_b, org_c):
                assert organization.name not in text
    counted = check_receipt(page, audit, base, second_code)
    assert "Głos z tym potwierdzeniem został policzony." in counted
    assert "Ten głos został zastąpiony późniejszym i nie jest liczony." in check_receipt(
        page, audit, base, first_code
    )
