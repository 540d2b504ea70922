"""A month as a grid of weeks (Monday to Sunday) with the calendar's items in their days.

Pure (standard library only): the calendar's month page builds its table from
:func:`month_weeks`. An item is anything with aware ``starts_at`` and ``ends_at`` (or None for a
moment) datetimes; it is placed on every local day it covers within the month (an event that
ends at midnight does not reach the next day). Days of the neighbouring months that fill the
first and last week are part of the grid but carry no items.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol

__all__ = ["GridDay", "GridItem", "month_weeks"]


class _Timed(Protocol):
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class GridItem:
    """One item in one day: ``continued`` when it started on an earlier day."""

    item: Any
    continued: bool = False


@dataclass(frozen=True)
class GridDay:
    day: date
    in_month: bool
    is_today: bool
    items: tuple[GridItem, ...] = ()


def _local_days(item: _Timed, zone: tzinfo) -> tuple[date, date]:
    """The first and the last local day an item covers."""
    first = item.starts_at.astimezone(zone).date()
    if item.ends_at is None or item.ends_at <= item.starts_at:
        return first, first
    end = item.ends_at.astimezone(zone)
    last = end.date()
    if end.time() == datetime.min.time() and last > first:
        last -= timedelta(days=1)  # ends at midnight: the day before is the last
    return first, last


def month_weeks(
    year: int, month: int, items: list[Any], today: date, zone: tzinfo
) -> list[list[GridDay]]:
    """The weeks of ``month`` (each seven :class:`GridDay`, Monday first) with ``items`` (in
    their given order) placed on the days of the month they cover."""
    by_day: dict[date, list[GridItem]] = {}
    month_first = date(year, month, 1)
    month_last = date(year, month, calendar.monthrange(year, month)[1])
    for item in items:
        first, last = _local_days(item, zone)
        day = max(first, month_first)
        while day <= min(last, month_last):
            by_day.setdefault(day, []).append(GridItem(item, continued=day != first))
            day += timedelta(days=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    return [
        [
            GridDay(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                items=tuple(by_day.get(day, ())) if day.month == month else (),
            )
            for day in week
        ]
        for week in weeks
    ]
