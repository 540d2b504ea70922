"""Recording notifications, follows and e-mail preferences. Services flush, never commit.

``record_notifications`` is called by every feature in the transaction of the event it reports;
for people who want e-mail at once it also writes the message to the outbox in that same
transaction, so the e-mail is sent exactly when the event is committed, and never lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from app.auth.models import User
from app.common.domain import DomainError
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import (
    EmailMode,
    EmailState,
    Follow,
    FollowTarget,
    Notification,
    NotificationPreference,
)


class UnknownTarget(DomainError):
    """The thing to follow does not exist or may not be followed."""


_STATE_FOR_MODE = {
    EmailMode.IMMEDIATE: EmailState.QUEUED,
    EmailMode.DAILY: EmailState.DIGEST,
    EmailMode.NEVER: EmailState.NONE,
}


def email_modes(user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's e-mail preference (immediate when never set)."""
    ids = list(user_ids)
    found = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
                NotificationPreference.user_id.in_(ids)
            )
        ).all()
    )
    return {user_id: found.get(user_id, EmailMode.IMMEDIATE) for user_id in ids}


def record_notifications(
    user_ids: Iterable[int], kind: str, obj: Any, link: str = "", **params: Any
) -> list[Notification]:
    """Add one notification per distinct person to the session (the caller commits).

    People who want e-mail at once also get a message in the outbox, in the same transaction;
    those who chose the daily digest get it with the next ``flask notifications digest``.
    """
    from app.notifications.emails import compose

    ids = [user_id for user_id in dict.fromkeys(user_ids) if user_id]
    if not ids:
        return []
    users = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_(ids), User.is_active_account.is_(True))
        )
    }
    modes = email_modes(users)
    rows = []
    for user_id in ids:
        user = users.get(user_id)
        if user is None:
            continue
        mode = modes[user_id] if user.is_confirmed else EmailMode.NEVER
        row = Notification(
            user_id=user_id,
            kind=kind,
            object_type=obj.__tablename__,
            object_id=obj.id,
            link=link,
            params=params,
            created_at=utcnow(),
            email_state=_STATE_FOR_MODE[EmailMode(mode)],
        )
        if row.email_state == EmailState.QUEUED:
            row.outbox = compose(user, [row], digest=False)
        rows.append(row)
    db.session.add_all(rows)
    return rows


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    )


def mark_read(notification: Notification, now: datetime) -> None:
    if notification.read_at is None:
        notification.read_at = now
    db.session.flush()


def mark_all_read(user: User, now: datetime) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def set_email_mode(user_id: int, mode: str, now: datetime) -> None:
    """Save the person's e-mail preference; "never" also drops notifications awaiting a digest."""
    mode = EmailMode(mode)
    preference = db.session.get(NotificationPreference, user_id)
    if preference is None:
        preference = NotificationPreference(user_id=user_id)
        db.session.add(preference)
    preference.email_mode = mode
    preference.updated_at = now
    if mode == EmailMode.NEVER:
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.email_state == EmailState.DIGEST)
            .values(email_state=EmailState.NONE)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()


def follow(user: User, target_type: str, target_id: int, now: datetime) -> Follow:
    """Follow something; following it again changes nothing."""
    existing = db.session.scalar(
        select(Follow).where(
            Follow.user_id == user.id,
            Follow.target_type == target_type,
            Follow.target_id == target_id,
        )
    )
    if existing is not None:
        return existing
    row = Follow(
        user_id=user.id, target_type=FollowTarget(target_type), target_id=target_id, created_at=now
    )
    db.session.add(row)
    db.session.flush()
    return row


def unfollow(user: User, target_type: str, target_id: int) -> None:
    db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id,
            Follow.target_type == target_type,
            Follow.target_id == target_id,
        )
    )
    db.session.flush()


def followers_of(targets: Iterable[tuple[str, int]]) -> list[int]:
    """The people following any of ``targets`` ((type, id) pairs), each once, in id order."""
    pairs = [(str(t), i) for t, i in targets if i is not None]
    if not pairs:
        return []
    by_type: dict[str, list[int]] = {}
    for target_type, target_id in pairs:
        by_type.setdefault(target_type, []).append(target_id)
    conditions = [
        (Follow.target_type == target_type) & Follow.target_id.in_(ids)
        for target_type, ids in by_type.items()
    ]
    return list(
        db.session.scalars(
            select(Follow.user_id).where(or_(*conditions)).distinct().order_by(Follow.user_id)
        )
    )
