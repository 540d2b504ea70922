"""Notifications, follows and e-mail preferences (the outbox itself is ``app.common.models``).

A notification is one row per person; e-mail about it leaves through ``outbox_messages``, written
in the same transaction as the event, so a message is never lost when the mail server is down.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.models import OutboxMessage
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model


class EmailMode(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NEVER = "never"


class EmailState(StrEnum):
    """What happens to a notification by e-mail."""

    NONE = "none"  #: never e-mailed (the person chose so)
    QUEUED = "queued"  #: its own message is in the outbox
    DIGEST = "digest"  #: waits for the next daily digest
    DIGESTED = "digested"  #: included in a digest message in the outbox


class NotificationKind(StrEnum):
    """What a notification is about (also the kind of a reminder recorded for it); the sentence
    shown for each is in ``messages.py``. Kinds that other wings send through their signals
    ("proposal.answered", "vote.results_published"…) are listed too."""

    CONSULTATION_ANNOUNCED = "consultation.announced"
    CONSULTATION_REPORT_PUBLISHED = "consultation.report_published"
    STAGE_OPENED = "stage.opened"
    STAGE_CLOSING = "stage.closing"
    STAGE_CLOSING_PERSONAL = "stage.closing_personal"
    STAGE_RESCHEDULED = "stage.rescheduled"
    COMMENT_ANSWERED = "comment.answered"
    PROPOSAL_ANSWERED = "proposal.answered"
    PROPOSAL_REVIEW_STARTED = "proposal.review_started"
    PROPOSAL_INVITED = "proposal.invited"
    PROPOSAL_OFFER = "proposal.offer"
    PROPOSAL_SUBMITTED = "proposal.submitted"
    PROPOSAL_COAUTHOR_DECLINED = "proposal.coauthor_declined"
    MEMBERSHIP_REQUESTED = "membership.requested"
    OPPORTUNITY_PUBLISHED = "opportunity.published"
    OPPORTUNITY_DEADLINE = "opportunity.deadline"
    OPPORTUNITY_DEADLINE_CHANGED = "opportunity.deadline_changed"
    EVENT_PUBLISHED = "event.published"
    EVENT_RESCHEDULED = "event.rescheduled"
    VOTE_RESULTS_PUBLISHED = "vote.results_published"
    MEETING_REMINDER = "meeting.reminder"
    MEETING_SEAT_GIVEN = "meeting.seat_given"
    SURVEY_OPENED = "survey.opened"
    SURVEY_CLOSING = "survey.closing"
    PROGRAMME_TASK_UPDATED = "programme_task.updated"
    CHANGE_NOTICE_FILED = "change_notice.filed"
    CHANGE_NOTICE_ANSWERED = "change_notice.answered"
    CHANGE_NOTICE_REPLIED = "change_notice.replied"
    PROGRAMME_ADOPTION_DUE = "programme.adoption_due"
    PROGRAMME_REPORT_DUE = "programme.report_due"
    PROGRAMME_DRAFT_DUE = "programme.draft_due"
    PROGRAMME_CONSULTATION_DUE = "programme.consultation_due"
    PROGRAMME_OPINION_DUE = "programme.opinion_due"
    CONTENT_HIDDEN = "moderation.hidden"
    REVIEW_REQUESTED = "moderation.review_requested"
    REVIEW_REQUESTED_ANONYMOUS = "moderation.review_requested_anonymous"
    REVIEW_RESTORED = "moderation.review_restored"
    REVIEW_UPHELD = "moderation.review_upheld"


class FollowTarget(StrEnum):
    AREA = "area"
    ORGANIZATION = "organization"
    CONSULTATION = "consultation"
    OPPORTUNITY = "opportunity"
    PROGRAMME_TASK = "programme_task"


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_email_state", "email_state", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: What happened: a NotificationKind (or a kind another wing sent); the sentence shown is
    #: chosen by it.
    kind: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    #: Values to render the message with (titles, numbers), captured when it was recorded.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: A path on this site to open.
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: An EmailState: decided from the person's preference when the notification is recorded.
    email_state: Mapped[str] = mapped_column(
        String(10), default=EmailState.NONE, server_default=EmailState.NONE
    )
    #: The outbox message that carries it (its own, or the digest it was put in).
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), index=True
    )

    outbox: Mapped[OutboxMessage | None] = relationship()


class Follow(Model):
    """A person follows an area of public benefit, an organization, a round or an opportunity."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id"),
        CheckConstraint(
            "target_type IN ('area', 'organization', 'consultation', 'opportunity', "
            "'programme_task')",
            name="target_type",
        ),
        Index("ix_follows_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    #: The id of the area, organization, consultation or opportunity (no FK: it is polymorphic).
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NotificationPreference(Model):
    """How a person wants notifications by e-mail; no row means "immediately"."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint("email_mode IN ('immediate', 'daily', 'never')", name="email_mode"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_mode: Mapped[str] = mapped_column(String(10), default=EmailMode.IMMEDIATE)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Reminder(Model):
    """A reminder already recorded, so that ``flask notifications tick`` sends each once."""

    __tablename__ = "notification_reminders"
    __table_args__ = (UniqueConstraint("kind", "object_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A NotificationKind: STAGE_OPENED, STAGE_CLOSING or OPPORTUNITY_DEADLINE.
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    #: 0 for a reminder about the object as a whole (e.g. a stage opening).
    user_id: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
