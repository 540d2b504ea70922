"""Recording notifications in the same transaction as the event that caused them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.extensions import db
from app.notifications.models import Notification


def record_notifications(
    user_ids: Iterable[int], kind: str, obj: Any, link: str = "", **params: Any
) -> list[Notification]:
    """Add one notification per distinct person to the session (the caller commits)."""
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            object_type=obj.__tablename__,
            object_id=obj.id,
            link=link,
            params=params,
        )
        for user_id in dict.fromkeys(user_ids)
    ]
    db.session.add_all(rows)
    return rows
