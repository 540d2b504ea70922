"""A request by the author of something the office hid to have the hiding reviewed, once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model


class ReviewOutcome:
    RESTORED = "restored"
    UPHELD = "upheld"


class ModerationReview(Model):
    """One per hiding (``kind`` + ``target_id`` + ``hidden_at``): asking again about the same
    hiding is refused; a thing shown again and later hidden anew may be reviewed anew."""

    __tablename__ = "moderation_reviews"
    __table_args__ = (
        UniqueConstraint("kind", "target_id", "hidden_at"),
        CheckConstraint("kind IN ('remark', 'proposal_comment', 'survey_answer')", name="kind"),
        CheckConstraint("outcome IS NULL OR outcome IN ('restored', 'upheld')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: remark (consultation_comments), proposal_comment, survey_answer
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    #: When the reviewed hiding was made (the thing's ``hidden_at`` then): which hiding this is.
    hidden_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The reason the office gave when hiding, as it stood when the review was asked for.
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: Why the author thinks the hiding was wrong.
    message: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    outcome: Mapped[str | None] = mapped_column(String(10))
    #: The office's explanation of its decision, shown to the author.
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None
