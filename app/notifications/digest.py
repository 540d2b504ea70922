"""The daily digest: each person's notifications awaiting it, put into one outbox message."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from app.auth.models import User
from app.extensions import db
from app.notifications.emails import compose
from app.notifications.models import EmailMode, EmailState, Notification
from app.notifications.services import email_modes


def build_digests(now: datetime | None = None) -> int:
    """Put each person's notifications awaiting the daily digest into one message; return
    how many messages were written.

    Each person's rows are claimed with one UPDATE (waiting → digested), so two runs at once
    never put the same notification in two messages, and a notification recorded while the
    digest runs waits for the next one rather than being lost.
    """
    user_ids = list(
        db.session.scalars(
            select(Notification.user_id)
            .where(Notification.email_state == EmailState.DIGEST)
            .distinct()
            .order_by(Notification.user_id)
        )
    )
    db.session.commit()
    written = 0
    for user_id in user_ids:
        claimed = db.session.scalars(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.email_state == EmailState.DIGEST)
            .values(email_state=EmailState.DIGESTED)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        ).all()
        if not claimed:
            db.session.commit()
            continue
        rows = list(
            db.session.scalars(
                select(Notification)
                .where(Notification.id.in_(claimed))
                .order_by(Notification.created_at, Notification.id)
                .execution_options(populate_existing=True)
            )
        )
        user = db.session.get(User, user_id)
        wants = email_modes([user_id])[user_id]
        if user is None or not user.is_active_account or wants == EmailMode.NEVER:
            for row in rows:
                row.email_state = EmailState.NONE
        else:
            message = compose(user, rows, digest=True)
            db.session.add(message)
            for row in rows:
                row.outbox = message
            written += 1
        db.session.commit()
    return written
