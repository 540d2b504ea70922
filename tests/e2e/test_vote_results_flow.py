"""Browser flow: an official publishes three votes' results; a visitor reads them, checks a
receipt, downloads the anonymised ballots and the test recounts them to the published result."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from tests.e2e.helpers import download_and_recount, log_in, log_out, publish_results
from tests.factories import PASSWORD, make_ballot, make_organization, make_user, make_vote

AREAS = [{"title": "Seniorzy"}, {"title": "Sport dzieci"}, {"title": "Przyroda"}]
TASKS = [
    {"title": "Klub seniora", "cost": Decimal("180000")},
    {"title": "Liga szkół", "cost": Decimal("90000")},
    {"title": "Sprzątanie Dunajca", "cost": Decimal("40000")},
]


def closed(**fields):
    now = utcnow()
    return make_vote(opens_at=now - timedelta(days=3), closes_at=now - timedelta(hours=1), **fields)


def build_votes():
    """Three closed votes with ballots from four organizations; returns (votes, one receipt)."""
    organizations = [make_organization(name=f"Stowarzyszenie Głosujące {n}") for n in range(4)]
    ranked = closed(title="Kolejność priorytetów", method="borda", options=AREAS)
    points = closed(
        title="Podział 1 250 000 zł",
        ballot_type="points",
        method="points",
        max_points=100,
        budget=Decimal("1250000"),
        rounding_unit=Decimal("1000"),
        options=AREAS,
    )
    approval = closed(
        title="Zadania do sfinansowania",
        ballot_type="approval",
        method="greedy",
        budget=Decimal("250000"),
        options=TASKS,
    )
    a, b, c = (o.key for o in ranked.options)
    for organization, content in zip(
        organizations, [[a, b, c], [b, a], [c, a, b], [a, c]], strict=True
    ):
        make_ballot(ranked, organization, content)
    a, b, c = (o.key for o in points.options)
    for organization, content in zip(
        organizations, [{a: 50, b: 50}, {c: 100}, {a: 20, b: 30, c: 50}, {a: 100}], strict=True
    ):
        make_ballot(
            points, organization, content, channel="paper" if content == {c: 100} else "online"
        )
    a, b, c = (o.key for o in approval.options)
    receipt = None
    for number, (organization, content) in enumerate(
        zip(organizations, [[a, b], [b, c], [a], [a, c]], strict=True)
    ):
        _ballot, code = make_ballot(approval, organization, sorted(content))
        if number == 1:
            receipt = code
    return [ranked, points, approval], receipt


def test_official_publishes_and_visitor_verifies(live_server, page, audit, app, tmp_path):
    votes, receipt = build_votes()
    official = make_user(role=Role.OFFICIAL)
    log_in(page, live_server, official.email, PASSWORD)
    for vote in votes:
        publish_results(
            page, audit, live_server, vote.id, "Urząd uwzględni wyniki w **projekcie**."
        )
    log_out(page)

    for vote in votes:
        page.goto(f"{live_server}/votes/{vote.id}/results")
        audit(page)
        text = download_and_recount(page, app, live_server, vote, tmp_path)
        assert "Wyniki głosowania" in text and "Liczenie krok po kroku" in text
        assert "Stowarzyszenie Głosujące" not in text
        assert page.locator("svg[role=img] title").count() == 1
    assert "1 250 000 zł" in page.goto(f"{live_server}/votes/{votes[1].id}/results").text()

    page.goto(f"{live_server}/votes/receipt")
    audit(page)
    page.get_by_label("Kod potwierdzenia").fill("zły kod")
    with page.expect_navigation():
        page.get_by_role("button", name="Sprawdź").click()
    assert "Kod potwierdzenia ma 20 liter i cyfr" in page.content()
    assert page.get_by_label("Kod potwierdzenia").input_value() == "zły kod"
    audit(page)
    page.get_by_label("Kod potwierdzenia").fill(receipt.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Sprawdź").click()
    text = page.content()
    assert "Głos z tym potwierdzeniem został policzony." in text
    assert "Liga szkół" in text and "Sprzątanie Dunajca" in text
    assert f"w pliku glosowanie-{votes[2].id}.pb" in text
    audit(page)


def test_visitor_reads_when_results_come_then_switches_language_by_keyboard(
    live_server, page, audit
):
    """Results not published yet: a visitor reads when they will be and goes back to the vote;
    the visitor's language switch is a link, reached and used by keyboard (phone and desktop)."""
    vote = closed(title="Głosowanie czeka na wyniki", method="borda", options=AREAS)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/votes/{vote.id}/results")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Głosowanie czeka na wyniki")
        expect(page.locator("main")).to_contain_text("Urząd opublikuje wyniki")
        audit(page)
    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/votes/{vote.id}/results$"))
    audit(page)
    page.get_by_role("link", name="Polski").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
