"""State changes for organizations and memberships. Services flush but never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.common.sanitize import render_markdown
from app.extensions import db
from app.organizations import signals
from app.organizations.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    PublicBenefitArea,
    RegisterType,
)


class DuplicateIdentifier(DomainError):
    """Another organization is already registered with this identifier; ``organization_id``
    names it, so the page can offer to ask to join it instead."""

    def __init__(self, organization_id: int) -> None:
        super().__init__(organization_id)
        self.organization_id = organization_id


class DuplicateNip(DuplicateIdentifier):
    """Another organization is already registered with this NIP."""


class DuplicateKrs(DuplicateIdentifier):
    """Another organization is already registered with this KRS number."""


class AlreadyMember(DomainError):
    pass


@dataclass(frozen=True)
class OrganizationData:
    """The editable fields of an organization, already validated by the form."""

    name: str
    legal_form: str
    register_type: str
    register_number: str | None
    nip: str | None
    regon: str | None
    area_codes: tuple[str, ...]
    description_md: str
    website: str | None
    email: str | None
    phone: str | None
    address: str | None
    show_email: bool
    show_phone: bool
    show_address: bool


def _check_identifiers_free(data: OrganizationData, organization_id: int | None) -> None:
    """Refuse a NIP or a KRS number that another organization registered (the first one
    found, so the person can ask to join that organization)."""
    if data.nip:
        owner = db.session.scalar(
            select(Organization.id)
            .where(Organization.nip == data.nip, Organization.id != (organization_id or 0))
            .order_by(Organization.id)
        )
        if owner is not None:
            raise DuplicateNip(owner)
    if data.register_type == RegisterType.KRS and data.register_number:
        owner = db.session.scalar(
            select(Organization.id)
            .where(
                Organization.register_type == RegisterType.KRS,
                Organization.register_number == data.register_number,
                Organization.id != (organization_id or 0),
            )
            .order_by(Organization.id)
        )
        if owner is not None:
            raise DuplicateKrs(owner)


def _apply(organization: Organization, data: OrganizationData) -> None:
    organization.name = data.name.strip()
    organization.legal_form = data.legal_form
    organization.register_type = data.register_type
    organization.register_number = data.register_number
    organization.nip = data.nip
    organization.regon = data.regon
    organization.description_md = data.description_md or ""
    organization.description_html = render_markdown(data.description_md)
    organization.website = data.website or None
    organization.email = (data.email or "").strip().lower() or None
    organization.phone = data.phone or None
    organization.address = data.address or None
    organization.show_email = data.show_email
    organization.show_phone = data.show_phone
    organization.show_address = data.show_address
    organization.areas = list(
        db.session.scalars(
            select(PublicBenefitArea).where(PublicBenefitArea.code.in_(data.area_codes))
        )
    )


def register_organization(
    creator: User, data: OrganizationData, show_name: bool, now: datetime
) -> Organization:
    """Create a pending organization with its creator as the (pending) founding representative.

    :raises DuplicateNip: the NIP belongs to an organization already registered.
    :raises DuplicateKrs: so does the KRS number.
    """
    _check_identifiers_free(data, None)
    organization = Organization(created_by_id=creator.id, created_at=now, updated_at=now)
    _apply(organization, data)
    organization.memberships.append(
        Membership(
            user_id=creator.id,
            is_founder=True,
            show_name_publicly=show_name,
            status=MembershipStatus.PENDING,
            requested_at=now,
        )
    )
    db.session.add(organization)
    db.session.flush()
    return organization


def update_organization(organization: Organization, data: OrganizationData, now: datetime) -> None:
    """Save edits; a rejected organization that is corrected goes back to the review queue."""
    _check_identifiers_free(data, organization.id)
    _apply(organization, data)
    organization.updated_at = now
    if organization.status == OrganizationStatus.REJECTED:
        organization.status = OrganizationStatus.PENDING
    db.session.flush()


def verify_organization(actor: User, organization: Organization, now: datetime) -> list[Membership]:
    """Verify a pending organization and approve its founders; return the founders' memberships."""
    if organization.status != OrganizationStatus.PENDING:
        raise InvalidState("not pending")
    organization.status = OrganizationStatus.VERIFIED
    organization.status_reason = None
    organization.decided_at = now
    organization.decided_by_id = actor.id
    founders = [m for m in organization.memberships if m.is_founder]
    for membership in founders:
        if membership.status == MembershipStatus.PENDING:
            _decide(membership, actor, approve=True, reason=None, now=now)
    record_audit(actor, Action.ORGANIZATION_VERIFY, organization)
    db.session.flush()
    return founders


def reject_organization(
    actor: User, organization: Organization, reason: str, now: datetime
) -> list[Membership]:
    """Reject a pending organization with a reason; its founders may correct and resubmit."""
    if organization.status != OrganizationStatus.PENDING:
        raise InvalidState("not pending")
    organization.status = OrganizationStatus.REJECTED
    organization.status_reason = reason.strip()
    organization.decided_at = now
    organization.decided_by_id = actor.id
    record_audit(actor, Action.ORGANIZATION_REJECT, organization, reason=reason)
    db.session.flush()
    return [m for m in organization.memberships if m.is_founder]


def request_to_join(
    user: User, organization: Organization, message: str | None, show_name: bool, now: datetime
) -> Membership:
    """Ask to become a representative; the organization's representatives decide."""
    exists = db.session.scalar(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organization_id == organization.id
        )
    )
    if exists is not None:
        raise AlreadyMember()
    membership = Membership(
        user_id=user.id,
        organization_id=organization.id,
        message=(message or "").strip() or None,
        show_name_publicly=show_name,
        requested_at=now,
    )
    db.session.add(membership)
    db.session.flush()
    signals.join_requested.send(membership, person=user)
    return membership


def _decide(
    membership: Membership, actor: User, approve: bool, reason: str | None, now: datetime
) -> None:
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REFUSED
    membership.status_reason = (reason or "").strip() or None
    membership.decided_at = now
    membership.decided_by_id = actor.id


def decide_membership(
    actor: User, membership: Membership, approve: bool, reason: str | None, now: datetime
) -> None:
    """Approve or refuse a join request; an official's decision is audited."""
    if membership.status != MembershipStatus.PENDING:
        raise InvalidState("already decided")
    _decide(membership, actor, approve, reason, now)
    if actor.is_official:
        action = Action.MEMBERSHIP_APPROVE if approve else Action.MEMBERSHIP_REFUSE
        record_audit(
            actor,
            action,
            membership,
            label=f"{membership.user.name} — {membership.organization.name}",
            reason=reason,
        )
    db.session.flush()


def is_last_representative(membership: Membership) -> bool:
    """The only approved representative of a verified organization: after they leave, only
    the office can approve a new one."""
    return (
        membership.status == MembershipStatus.APPROVED
        and membership.organization.status == OrganizationStatus.VERIFIED
        and membership.organization.approved_memberships == [membership]
    )


def leave_organization(membership: Membership) -> None:
    """Stop representing the organization (or withdraw a pending request, or forget a refused
    one); recorded in the audit log, as the organization loses someone who acted for it."""
    organization = membership.organization
    record_audit(
        membership.user,
        Action.MEMBERSHIP_LEAVE,
        organization,
        label=f"{membership.user.name} — {organization.name}",
        status=membership.status,
        last_representative=is_last_representative(membership) or None,
    )
    db.session.delete(membership)
    db.session.flush()


def set_name_visibility(membership: Membership, visible: bool) -> None:
    membership.show_name_publicly = visible
    db.session.flush()
