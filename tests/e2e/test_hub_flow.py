"""The information hub in a real browser, every page audited with axe-core: an official
publishes an opportunity and a city event → a representative publishes an event for their
organization → the public browses the month view, an event, the opportunities and the plan.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from playwright.sync_api import expect

from app.auth.models import Role
from app.common.timeutil import WARSAW, utcnow
from tests.e2e.helpers import log_in, log_out
from tests.factories import PASSWORD, make_organization, make_user


def _local(value) -> str:
    return value.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def test_opportunity_events_and_public_browsing(live_server, page, audit):
    official = make_user(role=Role.OFFICIAL, email="urzad@example.org", name="Ola Urzędniczka")
    organization = make_organization(name="Fundacja Kalendarzowa")
    representative = organization.memberships[0].user
    # 10:00 Warsaw time on the 10th of next month: every event of the test falls in one month
    # whatever today's date (an event "in two days" crossed into next month at a month's end)
    next_month = utcnow().astimezone(WARSAW).replace(day=1) + timedelta(days=32)
    start = next_month.replace(day=10, hour=10, minute=0, second=0, microsecond=0).astimezone(UTC)
    year = start.astimezone(WARSAW).year + 1

    log_in(page, live_server, official.email, PASSWORD)
    page.get_by_role("link", name="Możliwości", exact=True).click()
    audit(page)
    page.get_by_role("link", name="Opublikuj ogłoszenie").click()
    audit(page)
    page.get_by_label("Tytuł").fill("Konkurs: kultura 2027")
    page.get_by_label("Kwota w zł").fill("-10")
    page.get_by_label("Termin składania ofert").fill(_local(start + timedelta(days=20)))
    page.get_by_label("Planowany miesiąc").select_option("3")
    page.get_by_label("Planowany rok").fill(str(year))
    page.get_by_label("Link do oficjalnego ogłoszenia").fill("https://bip.example.org/k")
    page.get_by_role("button", name="Opublikuj ogłoszenie").click()
    expect(page.locator("#amount-error")).to_have_text("Kwota nie może być ujemna.")
    expect(page.get_by_label("Tytuł")).to_have_value("Konkurs: kultura 2027")
    audit(page)
    page.get_by_label("Kwota w zł").fill("200 000")
    page.get_by_role("button", name="Opublikuj ogłoszenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konkurs: kultura 2027")
    audit(page)

    page.goto(f"{live_server}/calendar/")
    page.get_by_role("link", name="Opublikuj wydarzenie").click()
    audit(page)
    page.get_by_label("Tytuł").fill("Forum organizacji")
    page.get_by_label("Początek").fill(_local(start))
    page.get_by_label("Koniec").fill(_local(start + timedelta(hours=2)))
    page.get_by_label("Miejsce").fill("Ratusz, sala obrad")
    page.get_by_label("Otwarte na współpracę organizacji").check()
    page.get_by_role("button", name="Opublikuj wydarzenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum organizacji")
    audit(page)
    log_out(page)

    log_in(page, live_server, representative.email, PASSWORD)
    page.goto(f"{live_server}/calendar/events/new")
    page.get_by_label("Organizator").select_option(label="Fundacja Kalendarzowa")
    page.get_by_label("Tytuł").fill("Piknik fundacji")
    page.get_by_label("Początek").fill(_local(start + timedelta(hours=3)))
    page.get_by_label("Koniec").fill(_local(start + timedelta(hours=1)))
    page.get_by_label("Link do spotkania online").fill("https://spotkanie.example.org/p")
    page.get_by_role("button", name="Opublikuj wydarzenie").click()
    expect(page.locator("#ends_at-error")).to_have_text("Koniec musi być późniejszy niż początek.")
    audit(page)
    page.get_by_label("Koniec").fill(_local(start + timedelta(hours=5)))
    page.get_by_role("button", name="Opublikuj wydarzenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Piknik fundacji")
    log_out(page)

    page.get_by_role("link", name="Kalendarz", exact=True).click()
    audit(page)
    page.get_by_role("link", name="Widok miesiąca").click()
    page.goto(
        f"{live_server}/calendar/{start.astimezone(WARSAW).year}/{start.astimezone(WARSAW).month}"
    )
    expect(page.get_by_role("link", name="Forum organizacji")).to_be_visible()
    expect(page.get_by_role("link", name="Piknik fundacji")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Forum organizacji").click()
    expect(page.get_by_text("otwarte na współpracę organizacji")).to_be_visible()
    audit(page)
    ics_link = page.get_by_role("link", name="Dodaj do swojego kalendarza (.ics)")
    ics = page.request.get(live_server + ics_link.get_attribute("href"))
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VTIMEZONE" in ics.text()

    page.get_by_role("link", name="Możliwości", exact=True).click()
    expect(page.get_by_role("link", name="Konkurs: kultura 2027")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Roczny plan konkursów").click()
    page.goto(f"{live_server}/opportunities/plan?year={year}")
    expect(page.get_by_role("heading", name=f"marzec {year}")).to_be_visible()
    audit(page)
    page.goto(f"{live_server}/opportunities/archive")
    audit(page)
