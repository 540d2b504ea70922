"""Who may do what with consultation meetings: small pure predicates (no Flask, no database)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from app.organizations.permissions import is_member, is_official


class RegistrationRefusal(StrEnum):
    NOT_SIGNED_IN = "not_signed_in"
    NOT_CONFIRMED = "not_confirmed"
    NOT_ANNOUNCED = "not_announced"
    STARTED = "started"


def can_manage_meetings(user: Any) -> bool:
    return is_official(user)


def has_started(meeting: Any, now: datetime) -> bool:
    return now >= meeting.starts_at


def registration_refusal(user: Any, meeting: Any, now: datetime) -> RegistrationRefusal | None:
    """None when ``user`` may register (any confirmed person, for themselves or an
    organization they represent) before the meeting starts."""
    if not getattr(user, "is_authenticated", False):
        return RegistrationRefusal.NOT_SIGNED_IN
    if not is_member(user):
        return RegistrationRefusal.NOT_CONFIRMED
    if meeting.consultation.announced_at is None:
        return RegistrationRefusal.NOT_ANNOUNCED
    if has_started(meeting, now):
        return RegistrationRefusal.STARTED
    return None


def can_cancel(user: Any, registration: Any, now: datetime) -> bool:
    """The person who registered, until the meeting starts."""
    return (
        getattr(user, "is_authenticated", False)
        and registration.user_id == user.id
        and not has_started(registration.meeting, now)
    )


def can_publish_minutes(user: Any, meeting: Any, now: datetime) -> bool:
    """Minutes, participants and remarks are entered once the meeting has begun."""
    return is_official(user) and has_started(meeting, now)


def can_download_attachment(user: Any, meeting: Any) -> bool:
    """The files of the minutes are public with the minutes; before, only officials see them."""
    return meeting.minutes_published_at is not None or is_official(user)
