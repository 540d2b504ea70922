"""The calendar's month as a grid: weeks Monday to Sunday, items in every day they cover."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.common.timeutil import WARSAW
from app.hub.monthgrid import month_weeks
from tests.factories import make_event


@dataclass
class Item:
    starts_at: datetime
    ends_at: datetime | None = None
    name: str = ""


def local(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW).astimezone(UTC)


def days_of(weeks, name):
    return [d.day for week in weeks for d in week if any(g.item.name == name for g in d.items)]


def test_weeks_run_monday_to_sunday_and_cover_the_month():
    weeks = month_weeks(2026, 12, [], date(2026, 12, 6), WARSAW)
    assert [len(week) for week in weeks] == [7] * len(weeks)
    assert all(week[0].day.weekday() == 0 for week in weeks)
    assert weeks[0][0].day == date(2026, 11, 30) and not weeks[0][0].in_month
    assert weeks[0][1].day == date(2026, 12, 1) and weeks[0][1].in_month
    inside = [d.day for week in weeks for d in week if d.in_month]
    assert inside == [date(2026, 12, 1) + timedelta(days=n) for n in range(31)]
    today = [d.day for week in weeks for d in week if d.is_today]
    assert today == [date(2026, 12, 6)]


def test_items_sit_in_their_local_days():
    items = [
        # 23:30 in Warsaw on the 9th is the 9th, though it is the 9th 22:30 UTC
        Item(local(2026, 12, 9, 23, 30), local(2026, 12, 10, 0, 0), "late"),
        Item(local(2026, 12, 14, 10), local(2026, 12, 16, 12), "three days"),
        Item(local(2026, 11, 29, 10), local(2026, 12, 2, 12), "from November"),
        Item(local(2026, 12, 31, 20), local(2027, 1, 2, 12), "into January"),
        Item(local(2026, 12, 20, 12), None, "stage closing"),
    ]
    weeks = month_weeks(2026, 12, items, date(2026, 12, 6), WARSAW)
    assert days_of(weeks, "late") == [date(2026, 12, 9)]  # ends at midnight: one day
    assert days_of(weeks, "three days") == [date(2026, 12, d) for d in (14, 15, 16)]
    assert days_of(weeks, "from November") == [date(2026, 12, 1), date(2026, 12, 2)]
    assert days_of(weeks, "into January") == [date(2026, 12, 31)]
    assert days_of(weeks, "stage closing") == [date(2026, 12, 20)]
    first = next(d for week in weeks for d in week if d.day == date(2026, 12, 14))
    second = next(d for week in weeks for d in week if d.day == date(2026, 12, 15))
    assert [g.continued for g in first.items] == [False]
    assert [g.continued for g in second.items] == [True]


def _cell_of(page: str, day: int) -> str:
    """The table cell of a day of the month in the grid's HTML."""
    cells = re.findall(r"<td class=\"month-grid-day[^\"]*\"[^>]*>(.*?)</td>", page, re.S)
    return next(c for c in cells if re.search(rf"<time datetime=\"[^\"]+\">{day}</time>", c))


def test_month_page_is_a_grid_with_polish_day_names_and_the_event_in_its_day(app, client):
    event = make_event(title="Forum w siatce")
    start = event.starts_at.astimezone(WARSAW)
    page = client.get(f"/calendar/{start.year}/{start.month}").get_data(as_text=True)
    assert '<table class="table table-bordered month-grid">' in page
    assert '<th scope="col"><abbr title="poniedziałek">pon.</abbr></th>' in page
    assert "niedziela" in page
    assert "Forum w siatce" in _cell_of(page, start.day)
    # the list stays for phones, and on its own with ?view=list
    assert 'class="d-md-none"' in page
    listed = client.get(f"/calendar/{start.year}/{start.month}?view=list").get_data(as_text=True)
    assert "month-grid" not in listed and "Forum w siatce" in listed
    assert f'/calendar/{start.year}/{start.month}"' in listed  # back to the grid
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    english = client.get(f"/calendar/{start.year}/{start.month}").get_data(as_text=True)
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in english


def test_today_is_marked_in_the_grid(client):
    today = datetime.now(WARSAW).date()
    page = client.get("/calendar/month").get_data(as_text=True)
    cell = re.search(
        r'<td class="month-grid-day month-grid-today" aria-current="date">(.*?)</td>', page, re.S
    )
    assert cell is not None
    assert f">{today.day}</time>" in cell.group(1)
    assert "dziś" in cell.group(1)


PROBE = """
import sys, types
app = types.ModuleType("app")
app.__path__ = [sys.argv[1] + "/app"]
sys.modules["app"] = app
import app.hub.monthgrid, app.consultations.importers, app.consultations.drafting
print(sorted({m.split(".")[0] for m in sys.modules} & {"flask", "sqlalchemy", "werkzeug", "docx"}
             | ({"app.extensions"} & set(sys.modules))))
"""


def test_the_grid_and_the_importers_import_no_flask_or_database():
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-I", "-c", PROBE, root], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
