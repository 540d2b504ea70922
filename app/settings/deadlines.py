"""The deadlines of a request for access (pure: dates in, dates out).

Art. 18 of the act of 4 April 2019 on digital accessibility: the body provides access, or an
alternative form, without delay and at the latest within 7 days of the request. When it cannot,
it says so at once, with the reason and the date it will, which may be at most 2 months after
the request.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

ANSWER_DAYS = 7
MAX_EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(filed_on: date) -> date:
    """The statutory deadline: 7 days after the request."""
    return filed_on + timedelta(days=ANSWER_DAYS)


def latest_extension(filed_on: date) -> date:
    """The furthest date an extension may name: 2 months after the request."""
    return add_months(filed_on, MAX_EXTENSION_MONTHS)


def deadline(filed_on: date, extended_until: date | None) -> date:
    """The date that counts now: the extension's, else the 7-day one."""
    return extended_until or due_on(filed_on)


def is_late(filed_on: date, extended_until: date | None, pending: bool, today: date) -> bool:
    """A pending request past its deadline."""
    return pending and today > deadline(filed_on, extended_until)


def days_left(filed_on: date, extended_until: date | None, today: date) -> int:
    """Days until the deadline (negative when late)."""
    return (deadline(filed_on, extended_until) - today).days
