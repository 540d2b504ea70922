"""Browser flow (issue 12, item 13): the site's menu folds behind a button on a phone and is
used by keyboard there; at 1280 px it keeps to one row for every role; amounts never wrap in
table cells; the calendar's month is a grid with an event in its day. axe at 390 and 1280 px.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import WARSAW, utcnow
from app.extensions import db
from tests.e2e.helpers import log_in, log_out, menu_link, open_menu
from tests.factories import (
    PASSWORD,
    cast_ballots,
    make_closed_vote,
    make_event,
    make_user,
    option_keys,
    publish_vote_results,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

#: The header's pieces that must share one row on a desktop screen.
ROW_PARTS = ".site-brand, .site-menu .nav > .nav-item, .site-language"


def _rows(page) -> list[float]:
    """The distinct vertical centres (rounded to 4 px) of the header's visible parts, checking
    that none of them sticks out of the window on the right."""
    page.wait_for_load_state("load")  # a page still being parsed has no header parts yet
    boxes = page.eval_on_selector_all(
        ROW_PARTS,
        """parts => parts.filter(p => p.offsetParent !== null).map(p => {
            const box = p.getBoundingClientRect();
            return [box.top + box.height / 2, box.right];
        })""",
    )
    assert len(boxes) >= 8
    width = page.viewport_size["width"]
    assert max(right for _, right in boxes) <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    return sorted({round(centre / 4) * 4 for centre, _ in boxes})


def _tab_until(page, selector: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def _lines_of(page, selector: str) -> list[int]:
    """For each element: on how many lines its text is laid out."""
    return page.eval_on_selector_all(
        selector,
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set(Array.from(range.getClientRects())
                .filter(r => r.width > 0).map(r => Math.round(r.top)));
            return tops.size;
        })""",
    )


def test_menu_on_a_phone_and_on_a_desktop(live_server, page, audit):
    official = make_user(
        role=Role.OFFICIAL, email="urzednik@example.org", name="Katarzyna Urzędnicza-Nowak"
    )
    admin = make_user(
        role=Role.ADMIN, email="admin@example.org", name="Aleksandra Administratorka-Wiśniewska"
    )

    # --- a phone: the menu is folded; the button opens it by keyboard -------------------
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "site-menu")
    expect(page.locator("#site-menu")).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80, header_height  # no longer a third of the first screen
    audit(page)
    page.locator("body").focus()
    _tab_until(page, ".site-menu-toggle")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Konsultacje", exact=True)).to_be_visible()
    audit(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Konsultacje"
    page.keyboard.press("Escape")  # Escape folds it again and goes back to the button
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.classList.contains('site-menu-toggle')")
    page.keyboard.press("Enter")
    _tab_until(page, ".site-menu a[href$='/calendar/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalendarz")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")

    # an official on the phone: the office's lists and the account are groups of the menu
    log_in(page, live_server, official.email, PASSWORD)
    open_menu(page, "Zarządzanie")
    expect(page.get_by_role("link", name="Kolejka weryfikacji")).to_be_visible()
    audit(page)
    log_out(page)

    # --- a desktop: one row for a visitor, an official and an admin ---------------------
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/")
    assert len(_rows(page)) == 1
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    for person in (official, admin):
        log_in(page, live_server, person.email, PASSWORD)
        assert len(_rows(page)) == 1, person.email
        audit(page)
        # the groups open by keyboard and close with Escape
        summary = page.locator(".site-menu summary", has_text="Zarządzanie")
        summary.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("link", name="Propozycje do oceny")).to_be_visible()
        audit(page)
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Propozycje do oceny")).to_be_hidden()
        log_out(page)
    log_in(page, live_server, admin.email, PASSWORD)
    menu_link(page, "Konta", "Zarządzanie").click()
    expect(page).to_have_url(re.compile(r"/admin/users"))
    menu_link(page, "Twoje konto", "account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto")
    with page.expect_navigation():  # English labels fit in one row too
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert len(_rows(page)) == 1
    audit(page)


def test_amounts_do_not_wrap_and_the_month_is_a_grid(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL)
    vote = make_closed_vote(
        title="Podział budżetu",
        ballot_type="points",
        method="points",
        max_points=100,
        budget=Decimal("1250000"),
        rounding_unit=Decimal("1000"),
        options=[
            {"title": "Seniorzy i opieka wytchnieniowa w dzielnicach"},
            {"title": "Sport"},
            {"title": "Kultura"},
        ],
    )
    a, b, c = option_keys(vote)
    cast_ballots(vote, [{a: 50, b: 50}, {a: 20, c: 80}, {b: 100}, {a: 100}, {c: 100}])
    publish_vote_results(vote, official)
    db.session.commit()

    today = utcnow().astimezone(WARSAW).date()
    day = 14 if today.day != 14 else 15
    start = datetime(today.year, today.month, day, 18, tzinfo=WARSAW).astimezone(UTC)
    make_event(title="Spotkanie w siatce", starts_at=start, ends_at=start + timedelta(hours=2))

    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/votes/{vote.id}/results")
        cells = "#outcome-table td:has-text('zł')"
        assert page.locator(cells).count() >= 3
        assert set(_lines_of(page, cells)) == {1}, viewport
        audit(page)

        page.goto(f"{live_server}/calendar/month")
        audit(page)
        if viewport is PHONE:  # a phone gets the month as a list of days
            expect(page.locator("table.month-grid")).to_be_hidden()
            expect(page.get_by_role("link", name="Spotkanie w siatce")).to_be_visible()
            continue
        grid = page.locator("table.month-grid")
        expect(grid.locator("caption")).to_contain_text(str(today.year))
        expect(grid.get_by_role("columnheader")).to_have_count(7)
        expect(grid.get_by_role("columnheader").first).to_have_text("pon.")
        iso = start.astimezone(WARSAW).date().isoformat()
        cell = grid.locator("td", has=page.locator(f"time[datetime='{iso}']"))
        expect(cell.get_by_role("link", name="Spotkanie w siatce")).to_be_visible()
        expect(grid.locator("td[aria-current=date]")).to_contain_text("dziś")
        # previous and next month links keep the grid
        page.get_by_role("link", name=re.compile("Następny miesiąc")).click()
        expect(page.locator("table.month-grid")).to_be_visible()
        expect(page.get_by_role("link", name="Spotkanie w siatce")).to_have_count(0)
        page.get_by_role("link", name=re.compile("Poprzedni miesiąc")).click()
        expect(page.get_by_role("link", name="Spotkanie w siatce")).to_be_visible()
        page.get_by_role("link", name="Pokaż miesiąc jako listę").click()
        expect(page.locator("table.month-grid")).to_have_count(0)
        expect(page.get_by_role("link", name="Spotkanie w siatce")).to_be_visible()
        audit(page)


def test_without_scripts_the_menu_stays_open_and_its_groups_open(browser, live_server):
    """No script: no menu button, the menu is simply there on a phone; the <details> groups
    open on their own."""
    official = make_user(role=Role.OFFICIAL, email="bez-js@example.org", name="Urzędnik Bez Js")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("link", name="Konsultacje", exact=True)).to_be_visible()
        log_in(page, live_server, official.email, PASSWORD)
        page.locator(".site-menu summary", has_text="Zarządzanie").click()
        menu_link(page, "Kolejka weryfikacji").click()
        expect(page).to_have_url(re.compile(r"/organizations/"))
    finally:
        context.close()
