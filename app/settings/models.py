"""Requests for access to inaccessible content (the accessibility statement's form).

The site's settings themselves are ground-floor models (``app.common.identity``): every floor
reads them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model
from app.settings import deadlines
from app.settings.states import PENDING, RequestState

if TYPE_CHECKING:
    from app.auth.models import User


class AccessRequest(Model):
    """A person's request to make content accessible, or to get it in another form (art. 18)."""

    __tablename__ = "access_requests"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'extended', 'answered', 'closed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The day of the request in Warsaw: the 7 days count from it.
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(50), default="")
    #: The page or document concerned (an address or a title).
    concerns: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    #: The alternative form asked for, if any (e.g. "a text file", "by phone").
    alternative: Mapped[str] = mapped_column(String(500), default="")
    locale: Mapped[str] = mapped_column(String(5), default="pl")
    state: Mapped[str] = mapped_column(String(10), default=RequestState.OPEN, index=True)
    #: The later date the office named (at most 2 months after the request), and why.
    extended_until: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    #: The answer sent to the person, or the internal reason for closing without one.
    answer: Mapped[str | None] = mapped_column(Text)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    handled_by: Mapped[User | None] = relationship()

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING

    @property
    def deadline(self) -> date:
        return deadlines.deadline(self.filed_on, self.extended_until)

    def is_late(self, today: date) -> bool:
        return deadlines.is_late(self.filed_on, self.extended_until, self.is_pending, today)

    def days_left(self, today: date) -> int:
        return deadlines.days_left(self.filed_on, self.extended_until, today)
