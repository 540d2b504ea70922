"""Read helpers for notifications and follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from app.consultations.models import Consultation
from app.extensions import db
from app.hub.models import Opportunity
from app.notifications.models import Follow, FollowTarget, Notification
from app.organizations.models import Organization, OrganizationStatus, PublicBenefitArea
from app.programmes.models import ProgrammeTask

MODELS = {
    FollowTarget.AREA: PublicBenefitArea,
    FollowTarget.ORGANIZATION: Organization,
    FollowTarget.CONSULTATION: Consultation,
    FollowTarget.OPPORTUNITY: Opportunity,
    FollowTarget.PROGRAMME_TASK: ProgrammeTask,
}


def notifications_query(user_id: int) -> Select:
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def followable(target_type: str, target_id: int) -> Any | None:
    """The thing to follow, if it exists and is public; None otherwise."""
    try:
        model = MODELS[FollowTarget(target_type)]
    except ValueError:
        return None
    target = db.session.get(model, target_id)
    if isinstance(target, Organization) and target.status != OrganizationStatus.VERIFIED:
        return None
    if isinstance(target, Consultation) and target.announced_at is None:
        return None
    return target


def is_following(user_id: int, target_type: str, target_id: int) -> bool:
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user_id,
                Follow.target_type == target_type,
                Follow.target_id == target_id,
            )
        )
        is not None
    )


@dataclass(frozen=True)
class FollowedItem:
    follow: Follow
    target: Any


def follows_of(user_id: int) -> dict[str, list[FollowedItem]]:
    """The person's follows grouped by type, each with its target (one query per type)."""
    follows = list(
        db.session.scalars(
            select(Follow).where(Follow.user_id == user_id).order_by(Follow.created_at)
        )
    )
    grouped: dict[str, list[FollowedItem]] = {t.value: [] for t in FollowTarget}
    for target_type, model in MODELS.items():
        ids = [f.target_id for f in follows if f.target_type == target_type]
        if not ids:
            continue
        targets = {t.id: t for t in db.session.scalars(select(model).where(model.id.in_(ids)))}
        grouped[target_type.value] = [
            FollowedItem(f, targets[f.target_id])
            for f in follows
            if f.target_type == target_type and f.target_id in targets
        ]
    return grouped


def followed_area_ids(user_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Follow.target_id).where(
                Follow.user_id == user_id, Follow.target_type == FollowTarget.AREA
            )
        )
    )
