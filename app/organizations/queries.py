"""Read helpers for organizations."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.organizations.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    PublicBenefitArea,
    organization_areas,
)
from app.organizations.permissions import can_act_for


def organizations_acting_for(user) -> list[Organization]:
    """The verified organizations ``user`` may act for (comment, propose, publish, vote).

    One query for the person's memberships and one for their organizations, whatever their
    number (``m.organization`` then finds each in the session; ``loaded`` holds them meanwhile,
    as the session keeps only weak references).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = list(user.memberships)
    ids = [m.organization_id for m in memberships]
    if not ids:
        return []
    loaded = db.session.scalars(select(Organization).where(Organization.id.in_(ids))).all()
    chosen = [m.organization for m in memberships if can_act_for(user, m.organization)]
    del loaded
    return chosen


def all_areas() -> list[PublicBenefitArea]:
    return list(db.session.scalars(select(PublicBenefitArea).order_by(PublicBenefitArea.position)))


def area_by_code(code: str) -> PublicBenefitArea | None:
    return db.session.scalar(select(PublicBenefitArea).where(PublicBenefitArea.code == code))


def directory_query(search: str | None, area_code: str | None) -> Select:
    """Verified organizations matching a name fragment and an area, ordered by name."""
    query = (
        select(Organization)
        .where(Organization.status == OrganizationStatus.VERIFIED)
        .options(selectinload(Organization.areas))
        .order_by(func.lower(Organization.name), Organization.id)
    )
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(func.lower(Organization.name).like(pattern))
    if area_code:
        query = query.where(
            Organization.id.in_(
                select(organization_areas.c.organization_id)
                .join(PublicBenefitArea, PublicBenefitArea.id == organization_areas.c.area_id)
                .where(PublicBenefitArea.code == area_code)
            )
        )
    return query


def latest_verified_organizations(limit: int) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.status == OrganizationStatus.VERIFIED)
            .order_by(Organization.decided_at.desc(), Organization.id.desc())
            .limit(limit)
        )
    )


def pending_organizations() -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.status == OrganizationStatus.PENDING)
            .options(selectinload(Organization.memberships).selectinload(Membership.user))
            .order_by(Organization.created_at, Organization.id)
        )
    )


def pending_join_requests(organization_id: int | None = None) -> list[Membership]:
    """Join requests awaiting a decision (founders are decided with their organization)."""
    query = (
        select(Membership)
        .join(Organization)
        .where(
            Membership.status == MembershipStatus.PENDING,
            Membership.is_founder.is_(False),
            Organization.status == OrganizationStatus.VERIFIED,
        )
        .options(selectinload(Membership.user), selectinload(Membership.organization))
        .order_by(Membership.requested_at, Membership.id)
    )
    if organization_id is not None:
        query = query.where(Membership.organization_id == organization_id)
    return list(db.session.scalars(query))


def memberships_of_user(user_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user_id)
            .options(selectinload(Membership.organization))
            .order_by(Membership.requested_at)
        )
    )
