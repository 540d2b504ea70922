"""The open data API's query parameters: pagination and the ``changed_since`` filter (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
#: Ids are 32-bit integers in the database.
MAX_ID = 2**31 - 1


class BadParameter(ValueError):
    """A query parameter the API cannot use; ``name`` says which."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Listing:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    changed_since: datetime | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _positive_int(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise BadParameter(name, f"{name} must be a whole number from 1 to {maximum}")
    value = int(raw)
    if not 1 <= value <= maximum:
        raise BadParameter(name, f"{name} must be a whole number from 1 to {maximum}")
    return value


def parse_datetime(raw: str, name: str = "changed_since") -> datetime:
    """An RFC 3339 date-time (a date alone means its midnight UTC); naive values are UTC."""
    text = raw.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(
            name, f"{name} must be a date-time such as 2026-01-31T12:00:00Z"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise BadParameter(name, f"{name} is out of range") from None


def parse_listing(args: Mapping[str, str]) -> Listing:
    """The page, page size and ``changed_since`` of a list request."""
    changed = args.get("changed_since")
    return Listing(
        page=_positive_int(args, "page", 1, 10**6),
        per_page=_positive_int(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        changed_since=parse_datetime(changed) if changed else None,
    )


def parse_id_filter(args: Mapping[str, str], name: str) -> int | None:
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or int(raw) > MAX_ID:
        raise BadParameter(name, f"{name} must be a whole number up to {MAX_ID}")
    return int(raw)
