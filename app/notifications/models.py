"""Notifications recorded for people; delivery (in-site list, e-mail) builds on these rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: What happened, e.g. "comment.answered"; the template to render is chosen by it.
    kind: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    #: Values to render the message with (titles, numbers), captured when it was recorded.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    #: A path on this site to open.
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
