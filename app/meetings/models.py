"""Consultation meetings of a round: the meeting, registrations with a waiting list, minutes
with attachments and participating organizations, and the remarks entered from the meeting
(stored as the round's comments with channel "meeting")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.consultations.models import Comment, Consultation
from app.extensions import Model, db
from app.meetings.states import RegistrationStatus
from app.organizations.models import Organization

meeting_organizations = Table(
    "meeting_organizations",
    db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True),
)


class Meeting(Model):
    """An open meeting of a consultation round, in a place, online, or both."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("place IS NOT NULL OR online_url IS NOT NULL", name="place_or_link"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(250))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The address and room; NULL for a meeting held only online.
    place: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    agenda_md: Mapped[str] = mapped_column(Text, default="")
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    #: Seats; NULL for no limit. Registrations beyond it go to the waiting list.
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: Step-free access, induction loop, sign-language interpreter on request…
    accessibility_note: Mapped[str] = mapped_column(Text, default="")
    minutes_md: Mapped[str] = mapped_column(Text, default="")
    minutes_html: Mapped[str] = mapped_column(Text, default="")
    #: Set when the official publishes the minutes (after the meeting).
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    registrations: Mapped[list[MeetingRegistration]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingRegistration.id"
    )
    attachments: Mapped[list[MeetingAttachment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingAttachment.id"
    )
    organizations: Mapped[list[Organization]] = relationship(
        secondary=meeting_organizations, order_by=Organization.name
    )

    @property
    def location(self) -> str:
        return self.place or self.online_url or ""


class MeetingRegistration(Model):
    """One person's seat (or place on the waiting list), for an organization or themselves."""

    __tablename__ = "meeting_registrations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("status IN ('registered', 'waiting')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    status: Mapped[str] = mapped_column(String(12), default=RegistrationStatus.REGISTERED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()
    organization: Mapped[Organization | None] = relationship()

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING


class MeetingAttachment(Model):
    """A file of the minutes (attendance list, presentation), served as a download."""

    __tablename__ = "meeting_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")


class MeetingRemark(Model):
    """Which comment of the round was said at which meeting."""

    __tablename__ = "meeting_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), unique=True
    )

    meeting: Mapped[Meeting] = relationship()
    comment: Mapped[Comment] = relationship()
