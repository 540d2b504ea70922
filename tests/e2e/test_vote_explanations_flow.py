"""Browser flow (issue 13): a voter opens the published results of an equal-shares vote, reads
why an option was not funded and how the outcome compares with the most-votes method, opens the
technical record by keyboard, then checks their receipt and reads where their share went.
On a 390 px phone and a 1280 px screen, axe after each page; the chart's names are never cut.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from tests.e2e.helpers import log_in
from tests.factories import (
    PASSWORD,
    make_ballot,
    make_organization,
    make_user,
    make_vote,
    publish_vote_results,
)

#: The demo's tasks (one with a long name, to check the chart wraps it) and ballots.
TASKS = [
    ("Klub seniora na Wólkach: zajęcia przez cały rok, z dowozem i opieką", "180000"),
    ("Dowóz osób z niepełnosprawnościami na zajęcia", "150000"),
    ("Liga piłkarska szkół podstawowych", "90000"),
    ("Sprzątanie brzegów Dunajca z mieszkańcami", "40000"),
    ("Centrum wolontariatu przy Rynku", "120000"),
    ("Warsztaty ekologiczne w szkołach", "60000"),
]
CHOICES = [[0, 1, 4], [3, 5], [2, 3], [0, 1], [1, 4, 5]]


def build_vote():
    """The published equal-shares vote; returns it, the voter and the voter's receipt code."""
    now = utcnow()
    vote = make_vote(
        title="Zadania publiczne do sfinansowania w 2027 r.",
        ballot_type="approval",
        method="equalshares/add1",
        budget=Decimal("400000"),
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(hours=1),
        options=[{"title": title, "cost": Decimal(cost)} for title, cost in TASKS],
    )
    keys = [option.key for option in vote.options]
    voter = code = None
    for number, chosen in enumerate(CHOICES):
        founder = make_user(name=f"Przedstawiciel {number + 1}")
        organization = make_organization(founder, name=f"Stowarzyszenie Wyborcze {number + 1}")
        _ballot, receipt = make_ballot(vote, organization, sorted(keys[i] for i in chosen))
        if number == 4:  # chose Dowóz, Centrum wolontariatu and Warsztaty
            voter, code = founder, receipt
    publish_vote_results(vote, make_user(role=Role.OFFICIAL), "Urząd ogłosi konkurs ofert.")
    db.session.commit()
    return vote, voter, code


def chart_fits(page) -> bool:
    """Every text of the results chart lies within the drawing (nothing is cut off)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('svg.results-chart')].every(svg => {
            const width = svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].every(text => {
                const box = text.getBBox();
                return box.x >= 0 && box.x + box.width <= width + 0.5;
            });
        })"""
    )


def test_voter_reads_why_and_where_the_share_went(live_server, page, audit):
    vote, voter, code = build_vote()
    log_in(page, live_server, voter.email, PASSWORD)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/votes/{vote.id}/results")
        expect(
            page.get_by_role("heading", name="Dlaczego każda opcja została sfinansowana albo nie")
        ).to_be_visible()
        why = page.locator("li", has_text="Centrum wolontariatu przy Rynku").filter(
            has_text="Nie sfinansowano"
        )
        expect(why).to_contain_text("w której sfinansowano „Warsztaty ekologiczne w szkołach”")
        expect(why).to_contain_text("Na końcu mieli 119 998 zł, a potrzeba było 120 000 zł")
        expect(why).to_contain_text("1 popierający więcej wystarczyłby do sfinansowania.")
        expect(page.locator("main")).to_contain_text("124 999 zł na głosującego")
        expect(page.locator("#most-votes-table")).to_contain_text("różni się")
        expect(page.locator("main")).not_to_contain_text("ρ")
        # the chart: a legend, the long name wrapped, nothing cut off, the full name kept
        chart = page.locator("svg.results-chart")
        expect(chart).to_contain_text("niesfinansowane")
        assert chart_fits(page)
        expect(chart.locator("desc")).to_contain_text(TASKS[0][0])
        audit(page)

    # the technical record is one keypress away
    summary = page.locator("#trace > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#trace")).to_have_attribute("open", "")
    expect(page.locator("#trace")).to_contain_text("Rundy metody równych udziałów")
    audit(page)

    # the receipt check, by keyboard: follow the link, type the code, submit with Enter
    page.get_by_role("link", name="sprawdź potwierdzenie").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Kod potwierdzenia")).to_be_visible()
    page.get_by_label("Kod potwierdzenia").focus()
    page.keyboard.type(code)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        expect(page.get_by_role("heading", name="Na co poszedł Twój udział")).to_be_visible()
        table = page.get_by_role("table", name="Za co zapłacił Twój udział")
        expect(table).to_contain_text("Dowóz osób z niepełnosprawnościami na zajęcia")
        expect(table).to_contain_text("50 000 zł")
        expect(table).to_contain_text("Warsztaty ekologiczne w szkołach")
        expect(table).to_contain_text("30 000 zł")
        expect(table).to_contain_text("Pozostało niewydane")
        expect(table).to_contain_text("44 999 zł")
        expect(page.locator("main")).to_contain_text(
            "Nie sfinansowano, choć Twoja karta je poparła: Centrum wolontariatu przy Rynku"
        )
        audit(page)
    # and back to the reasons, by the link under the receipt
    page.get_by_role("link", name="Dlaczego każda opcja została sfinansowana albo nie").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/votes/{vote.id}/results#why")
