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
from app.organizations.permissions import is_member


def organizations_acting_for(user) -> list[Organization]:
    """The verified organizations ``user`` may act for (comment, propose, publish, vote): the
    rule of ``permissions.can_act_for`` written as one query, whatever their number."""
    if not is_member(user):
        return []
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership, Membership.organization_id == Organization.id)
            .where(
                Membership.user_id == user.id,
                Membership.status == MembershipStatus.APPROVED,
                Organization.status == OrganizationStatus.VERIFIED,
            )
            .order_by(Membership.id)
        )
    )


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
            .options(
                selectinload(Organization.memberships).selectinload(Membership.user),
                selectinload(Organization.areas),
            )
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


def verified_organizations() -> list[Organization]:
    """Every verified organization, by name: the choices of forms that name an organization
    (a paper comment, co-authors, an event's organizer)."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.status == OrganizationStatus.VERIFIED)
            .order_by(func.lower(Organization.name), Organization.id)
        )
    )
