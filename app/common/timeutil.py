"""Aware UTC datetimes in the database, Europe/Warsaw on screen."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

WARSAW = ZoneInfo("Europe/Warsaw")


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as UTC and always return them aware.

    SQLite drops the zone and PostgreSQL's ``timestamptz`` keeps it; either way the value coming
    back is an aware UTC datetime, and a naive value going in is a programming error.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_local(value: datetime) -> datetime:
    """Convert an aware datetime to Europe/Warsaw for display."""
    return value.astimezone(WARSAW)


def to_utc(local: datetime | None) -> datetime | None:
    """A naive date-time typed in Europe/Warsaw, as aware UTC."""
    return local.replace(tzinfo=WARSAW).astimezone(UTC) if local else None


def to_warsaw_naive(value: datetime | None) -> datetime | None:
    """An aware datetime as the naive Europe/Warsaw wall-clock time a date-time field shows."""
    return value.astimezone(WARSAW).replace(tzinfo=None) if value else None
