"""Read helpers for consultation meetings."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.consultations.models import Comment, Consultation
from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration, MeetingRemark
from app.meetings.states import RegistrationStatus


def meetings_of(consultation_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.consultation_id == consultation_id)
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def seat_counts(meeting_ids: list[int]) -> dict[int, Counter]:
    """Per meeting: how many are registered and how many wait (one query)."""
    counts: dict[int, Counter] = {meeting_id: Counter() for meeting_id in meeting_ids}
    if not meeting_ids:
        return counts
    rows = db.session.execute(
        select(
            MeetingRegistration.meeting_id,
            MeetingRegistration.status,
            func.count(MeetingRegistration.id),
        )
        .where(MeetingRegistration.meeting_id.in_(meeting_ids))
        .group_by(MeetingRegistration.meeting_id, MeetingRegistration.status)
    )
    for meeting_id, status, number in rows:
        counts[meeting_id][status] = number
    return counts


def registration_of(meeting: Meeting, user) -> MeetingRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(MeetingRegistration).where(
            MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.user_id == user.id
        )
    )


def waiting_position(registration: MeetingRegistration) -> int:
    """1 for the first person on the waiting list."""
    return db.session.scalar(
        select(func.count(MeetingRegistration.id)).where(
            MeetingRegistration.meeting_id == registration.meeting_id,
            MeetingRegistration.status == RegistrationStatus.WAITING,
            MeetingRegistration.id <= registration.id,
        )
    )


def registrations(meeting: Meeting) -> list[MeetingRegistration]:
    return list(
        db.session.scalars(
            select(MeetingRegistration)
            .where(MeetingRegistration.meeting_id == meeting.id)
            .options(
                selectinload(MeetingRegistration.user),
                selectinload(MeetingRegistration.organization),
            )
            .order_by(MeetingRegistration.id)
        )
    )


def remarks_of(meeting: Meeting) -> list[Comment]:
    """The round's comments entered from this meeting, by number."""
    return list(
        db.session.scalars(
            select(Comment)
            .join(MeetingRemark, MeetingRemark.comment_id == Comment.id)
            .where(MeetingRemark.meeting_id == meeting.id)
            .options(selectinload(Comment.organization), selectinload(Comment.answer))
            .order_by(Comment.number)
        )
    )


def meetings_between(start: datetime, end: datetime) -> list[Meeting]:
    """Meetings of announced rounds overlapping [start, end) (the calendar)."""
    return list(
        db.session.scalars(
            select(Meeting)
            .join(Consultation, Meeting.consultation_id == Consultation.id)
            .options(selectinload(Meeting.consultation).selectinload(Consultation.areas))
            .where(
                Consultation.announced_at.is_not(None),
                Meeting.starts_at < end,
                Meeting.ends_at >= start,
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def meetings_starting_between(start: datetime, end: datetime) -> list[Meeting]:
    """Meetings of announced rounds that start in [start, end) (reminders)."""
    return list(
        db.session.scalars(
            select(Meeting)
            .join(Consultation, Meeting.consultation_id == Consultation.id)
            .where(
                Consultation.announced_at.is_not(None),
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
            .order_by(Meeting.id)
        )
    )


def seated_user_ids(meeting: Meeting) -> list[int]:
    return list(
        db.session.scalars(
            select(MeetingRegistration.user_id).where(
                MeetingRegistration.meeting_id == meeting.id,
                MeetingRegistration.status == RegistrationStatus.REGISTERED,
            )
        )
    )
