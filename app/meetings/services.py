"""State changes of consultation meetings. Services flush but never commit.

Seats are given under a lock of the meeting's row (``SELECT … FOR UPDATE`` on PostgreSQL), so
two people registering at once for the last seat get one seat and one place on the waiting
list, and a cancellation hands its seat to exactly one waiting person. SQLite has one writer at
a time, which serialises these transactions by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState, NotAllowed
from app.common.sanitize import render_markdown
from app.common.timeutil import to_local
from app.common.uploads import CheckedFile
from app.consultations import services as consultation_services
from app.consultations.models import Comment, Consultation
from app.extensions import db
from app.meetings import permissions, signals
from app.meetings.models import (
    Meeting,
    MeetingAttachment,
    MeetingRegistration,
    MeetingRemark,
)
from app.meetings.states import RegistrationStatus
from app.organizations.models import Organization


class AlreadyRegistered(DomainError):
    """The person already has a seat or a place on the waiting list."""


class RegistrationClosed(DomainError):
    """The meeting has started: registration and cancellation are over."""


class MeetingNotHeld(DomainError):
    """Minutes and remarks wait until the meeting has begun."""


class CapacityBelowSeats(DomainError):
    """The new capacity is lower than the seats already given."""


@dataclass(frozen=True)
class MeetingData:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_url: str | None
    agenda_md: str
    capacity: int | None
    accessibility_note: str


def _apply(meeting: Meeting, data: MeetingData, now: datetime) -> None:
    meeting.title = data.title.strip()
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.place = (data.place or "").strip() or None
    meeting.online_url = (data.online_url or "").strip() or None
    meeting.agenda_md = data.agenda_md or ""
    meeting.agenda_html = render_markdown(data.agenda_md)
    meeting.capacity = data.capacity
    meeting.accessibility_note = (data.accessibility_note or "").strip()
    meeting.updated_at = now


def create_meeting(
    actor: User, consultation: Consultation, data: MeetingData, now: datetime
) -> Meeting:
    """Plan a meeting of the round."""
    meeting = Meeting(consultation_id=consultation.id, created_by_id=actor.id, created_at=now)
    _apply(meeting, data, now)
    db.session.add(meeting)
    db.session.flush()
    record_audit(actor, Action.MEETING_CREATE, meeting, label=meeting.title)
    return meeting


def update_meeting(actor: User, meeting: Meeting, data: MeetingData, now: datetime) -> None:
    """Change a meeting; more seats give them to the waiting list in order of arrival.

    :raises CapacityBelowSeats: fewer seats than people already holding one.
    """
    _lock(meeting)
    seated = _seated(meeting)
    if data.capacity is not None and data.capacity < seated:
        raise CapacityBelowSeats()
    moved = data.starts_at != meeting.starts_at
    _apply(meeting, data, now)
    db.session.flush()
    record_audit(actor, Action.MEETING_UPDATE, meeting, label=meeting.title)
    if moved:  # the day-before reminder becomes due again for the new start
        signals.rescheduled.send(meeting)
    _fill_seats(meeting)


def _lock(meeting: Meeting) -> None:
    """Take the meeting's row lock until the commit (a no-op on SQLite)."""
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())


def _seated(meeting: Meeting) -> int:
    return db.session.scalar(
        select(func.count(MeetingRegistration.id)).where(
            MeetingRegistration.meeting_id == meeting.id,
            MeetingRegistration.status == RegistrationStatus.REGISTERED,
        )
    )


def _fill_seats(meeting: Meeting) -> list[MeetingRegistration]:
    """Give free seats to the waiting list, first come first served; return who got one."""
    free = None if meeting.capacity is None else meeting.capacity - _seated(meeting)
    waiting = select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id,
        MeetingRegistration.status == RegistrationStatus.WAITING,
    )
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.scalars(waiting.order_by(MeetingRegistration.id)))
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
    db.session.flush()
    for registration in promoted:
        signals.seat_given.send(registration)
    return promoted


def register(
    meeting: Meeting, user: User, organization: Organization | None, now: datetime
) -> MeetingRegistration:
    """Take a seat, or a place on the waiting list when the meeting is full.

    :raises RegistrationClosed: the meeting has started.
    :raises AlreadyRegistered: the person is registered or waiting already.
    """
    refusal = permissions.registration_refusal(user, meeting, now)
    if refusal == permissions.RegistrationRefusal.STARTED:
        raise RegistrationClosed()
    if refusal is not None:
        raise NotAllowed()
    _lock(meeting)
    existing = db.session.scalar(
        select(MeetingRegistration.id).where(
            MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.user_id == user.id
        )
    )
    if existing is not None:
        raise AlreadyRegistered()
    full = meeting.capacity is not None and _seated(meeting) >= meeting.capacity
    registration = MeetingRegistration(
        meeting_id=meeting.id,
        user_id=user.id,
        organization_id=organization.id if organization else None,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        created_at=now,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def cancel_registration(registration: MeetingRegistration, now: datetime) -> None:
    """Give up a seat (the first waiting person gets it) or a place on the waiting list.

    :raises RegistrationClosed: the meeting has started.
    """
    meeting = registration.meeting
    if permissions.has_started(meeting, now):
        raise RegistrationClosed()
    _lock(meeting)
    db.session.delete(registration)
    db.session.flush()
    _fill_seats(meeting)


def publish_minutes(
    actor: User,
    meeting: Meeting,
    minutes_md: str,
    organizations: list[Organization],
    now: datetime,
) -> None:
    """Publish (or correct) the minutes and the organizations that took part.

    :raises MeetingNotHeld: the meeting has not begun.
    """
    if not permissions.has_started(meeting, now):
        raise MeetingNotHeld()
    meeting.minutes_md = minutes_md or ""
    meeting.minutes_html = render_markdown(minutes_md)
    meeting.organizations = list(organizations)
    first = meeting.minutes_published_at is None
    meeting.minutes_published_at = meeting.minutes_published_at or now
    meeting.updated_at = now
    db.session.flush()
    record_audit(
        actor,
        Action.MEETING_MINUTES,
        meeting,
        label=meeting.title,
        organizations=len(organizations),
        first=first,
    )


def add_attachment(
    actor: User, meeting: Meeting, checked: CheckedFile, data: bytes, now: datetime
) -> MeetingAttachment:
    """Attach a file to the minutes.

    :raises MeetingNotHeld: the meeting has not begun.
    """
    if not permissions.has_started(meeting, now):
        raise MeetingNotHeld()
    attachment = MeetingAttachment(
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        data=data,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )
    meeting.attachments.append(attachment)
    db.session.flush()
    record_audit(
        actor,
        Action.MEETING_ATTACHMENT,
        meeting,
        label=meeting.title,
        filename=checked.filename,
        sha256=checked.sha256,
    )
    return attachment


def enter_remark(
    actor: User,
    meeting: Meeting,
    organization: Organization | None,
    data: consultation_services.CommentData,
    now: datetime,
    person_name: str | None = None,
) -> Comment:
    """Enter a remark made at the meeting as a comment of the round (channel "meeting"), made
    by ``organization`` or, when it is None, by the person named ``person_name``.

    :raises MeetingNotHeld: the meeting has not begun.
    :raises UnknownUnit: the unit is not in the current version of the draft.
    :raises InvalidState: the round has no draft to comment on.
    :raises RemarksFrozen: the round's report is published (a late remark is described in a new
        revision of the report).
    """
    if not permissions.has_started(meeting, now):
        raise MeetingNotHeld()
    if meeting.consultation.current_version is None:
        raise InvalidState("no draft")
    comment = consultation_services.enter_meeting_remark(
        actor,
        meeting.consultation,
        organization,
        data,
        to_local(meeting.starts_at).date(),
        now,
        person_name=person_name,
    )
    db.session.add(MeetingRemark(meeting_id=meeting.id, comment_id=comment.id))
    db.session.flush()
    return comment
