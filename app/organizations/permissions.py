"""Who may do what with organizations: small pure predicates (no Flask, no database).

Each predicate takes the current user (possibly anonymous) and model objects, and reads only
their attributes, so it can be tested with plain stand-ins.
"""

from __future__ import annotations

from typing import Any

from app.organizations.states import MembershipStatus, OrganizationStatus


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_member(user: Any) -> bool:
    """A signed-in person whose e-mail address is confirmed."""
    return is_signed_in(user) and bool(getattr(user, "is_confirmed", False))


def is_official(user: Any) -> bool:
    return is_signed_in(user) and bool(getattr(user, "is_official", False))


def is_admin(user: Any) -> bool:
    return is_signed_in(user) and bool(getattr(user, "is_admin", False))


def membership_of(user: Any, organization: Any) -> Any | None:
    if not is_signed_in(user):
        return None
    for membership in organization.memberships:
        if membership.user_id == user.id:
            return membership
    return None


def is_approved_representative(user: Any, organization: Any) -> bool:
    membership = membership_of(user, organization)
    return membership is not None and membership.status == MembershipStatus.APPROVED


def can_act_for(user: Any, organization: Any) -> bool:
    """Comment, propose, endorse and vote on the organization's behalf."""
    return (
        is_member(user)
        and organization.status == OrganizationStatus.VERIFIED
        and is_approved_representative(user, organization)
    )


def can_register_organization(user: Any) -> bool:
    return is_member(user)


def can_view_organization(user: Any, organization: Any) -> bool:
    """Verified organizations are public; others only to their people and officials."""
    if organization.status == OrganizationStatus.VERIFIED:
        return True
    return is_official(user) or membership_of(user, organization) is not None


def can_edit_organization(user: Any, organization: Any) -> bool:
    """Approved representatives edit the profile; the founder may also while it awaits review."""
    if not is_member(user):
        return False
    membership = membership_of(user, organization)
    if membership is None:
        return False
    if membership.status == MembershipStatus.APPROVED:
        return True
    return membership.is_founder and organization.status != OrganizationStatus.VERIFIED


def can_request_to_join(user: Any, organization: Any) -> bool:
    return (
        is_member(user)
        and organization.status == OrganizationStatus.VERIFIED
        and membership_of(user, organization) is None
    )


def can_decide_membership(user: Any, membership: Any) -> bool:
    """Representatives approve join requests to their organization; officials may too."""
    if membership.user_id == getattr(user, "id", None):
        return False
    if is_official(user):
        return True
    return can_act_for(user, membership.organization)


def can_review_organizations(user: Any) -> bool:
    return is_official(user)
