"""Browser flows of issue 15, items 4 and 5: search without Polish diacritics from the header box
finds a remark, a proposal and a tracked task of the programme of cooperation, and opens them
(axe at 390 and 1280 px, by keyboard); the author of a hidden remark
reads the office's reason from their notification and asks, once, for a review."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.programmes import services as programme_services
from tests.e2e.helpers import log_in
from tests.factories import (
    PASSWORD,
    make_consultation,
    make_organization,
    make_proposal,
    make_user,
)
from tests.programmes.builders import make_programme

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
REASON = "Obraźliwe określenia wobec innej organizacji."


def _remark(round_, organization, text):
    comment = consultation_services.submit_comment(
        round_,
        organization.memberships[0].user,
        organization,
        consultation_services.CommentData(None, text, "Bo rodziny tego potrzebują."),
        utcnow(),
    )
    db.session.commit()
    return comment


def test_search_without_diacritics_finds_a_remark_and_a_proposal(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization(name="Stowarzyszenie Dom Dla Dzieci")
    round_ = make_consultation(official, title="Program wsparcia rodziny 2027")
    remark = _remark(round_, organization, "Dodać dyżury dla rodzin zastępczych w soboty.")
    proposal = make_proposal(organization, title="Wsparcie rodzin zastępczych na Wólkach")
    make_proposal(organization, title="Festyn sąsiedzki")
    programme = make_programme(
        official, year=2026, priority_tasks="Świetlice dla rodzin zastępczych\nSport w dzielnicach"
    )
    task = programme_services.track_priority_tasks(official, programme, None, utcnow())[0]
    programme_services.post_update(
        official, task, "Otwarto świetlicę na Żoliborzu.", None, utcnow()
    )
    db.session.commit()

    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"{live_server}/")
        box = page.get_by_role("searchbox", name="Szukaj w serwisie")
        box.focus()  # the box is reached by keyboard, and Enter sends it
        page.keyboard.type("ZASTEPCZYCH")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Szukaj", exact=True)).to_be_visible()
        audit(page)
        remarks = page.locator("section", has=page.locator("#results-remark-h"))
        expect(remarks.get_by_role("link", name=re.compile("Uwaga nr 1"))).to_have_attribute(
            "href", f"/consultations/{round_.id}/comments/{remark.id}"
        )
        proposals = page.locator("section", has=page.locator("#results-proposal-h"))
        link = proposals.get_by_role("link", name="Wsparcie rodzin zastępczych na Wólkach")
        expect(link).to_be_visible()
        assert "Festyn" not in proposals.inner_text()
        tasks = page.locator("section", has=page.locator("#results-programme_task-h"))
        expect(tasks.get_by_role("heading")).to_have_text("Zadania programów współpracy")
        expect(
            tasks.get_by_role("link", name="Świetlice dla rodzin zastępczych")
        ).to_have_attribute("href", f"/programmes/tasks/{task.id}")
        assert "Sport" not in tasks.inner_text()
        assert page.get_by_role("searchbox", name="Szukaj w serwisie").input_value() == (
            "ZASTEPCZYCH"
        )
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/proposals/{proposal.id}")
    audit(page)

    # an update on a task of the programme is found, and leads to the task's page
    box = page.get_by_role("searchbox", name="Szukaj w serwisie")
    box.fill("swietlice zoliborzu")
    with page.expect_navigation():
        box.press("Enter")
    updates = page.locator("section", has=page.locator("#results-task_update-h"))
    expect(updates.get_by_role("heading")).to_have_text("Informacje o realizacji zadań")
    expect(updates).to_contain_text("Otwarto świetlicę na Żoliborzu.")
    audit(page)
    link = updates.get_by_role("link", name="Świetlice dla rodzin zastępczych")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Świetlice dla rodzin zastępczych")
    assert page.url.endswith(f"/programmes/tasks/{task.id}")
    audit(page)
    page.set_viewport_size(DESKTOP)
    audit(page)


def test_the_author_of_a_hidden_remark_reads_the_reason_and_asks_for_a_review(
    live_server, page, audit
):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization(name="Fundacja Seniorzy")
    author = organization.memberships[0].user
    round_ = make_consultation(official)
    remark = _remark(round_, organization, "Urzędnicy nic nie robią, to skandal.")
    consultation_services.hide_comment(official, remark, REASON, utcnow())
    db.session.commit()

    log_in(page, live_server, author.email, PASSWORD)
    page.goto(f"{live_server}/notifications/")
    audit(page)
    notice = page.get_by_text(re.compile("Urząd ukrył Twój tekst"))
    expect(notice.first).to_contain_text(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Otwórz")).first.click()
    assert page.url.endswith(f"/moderation/remark/{remark.id}")
    expect(page.get_by_text(f"Ukryta przez urząd: {REASON}")).to_be_visible()
    audit(page)

    # without the tick the request is refused at the box, the message kept
    message = page.get_by_label("Dlaczego tekst powinien wrócić?")
    message.fill("To była ostra, ale rzeczowa krytyka.")
    with page.expect_navigation():
        page.get_by_role("button", name="Poproś o ponowne rozpatrzenie").click()
    expect(page.get_by_role("alert")).to_contain_text("Zaznacz pole")
    assert message.input_value() == "To była ostra, ale rzeczowa krytyka."
    audit(page)
    page.get_by_label(re.compile("tylko raz")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Poproś o ponowne rozpatrzenie").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Czeka na decyzję urzędu")).to_be_visible()
    expect(page.get_by_role("button", name="Poproś o ponowne rozpatrzenie")).to_have_count(0)
    audit(page)
    page.set_viewport_size(PHONE)
    page.reload()
    audit(page)
