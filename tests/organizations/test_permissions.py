"""The permission predicates with plain stand-ins: no Flask, no database."""

from types import SimpleNamespace as NS

from app.organizations import permissions as p

ANON = NS(is_authenticated=False)


def person(id=1, confirmed=True, official=False, admin=False):
    return NS(
        is_authenticated=True,
        id=id,
        is_confirmed=confirmed,
        is_official=official or admin,
        is_admin=admin,
    )


def org(status="verified", members=()):
    organization = NS(status=status, memberships=list(members))
    for m in organization.memberships:
        m.organization = organization
    return organization


def member(user_id, status="approved", founder=False):
    return NS(user_id=user_id, status=status, is_founder=founder)


def test_act_for_needs_confirmed_approved_member_of_verified_org():
    rep = person(1)
    assert p.can_act_for(rep, org(members=[member(1)]))
    assert not p.can_act_for(rep, org(status="pending", members=[member(1)]))
    assert not p.can_act_for(rep, org(members=[member(1, status="pending")]))
    assert not p.can_act_for(person(1, confirmed=False), org(members=[member(1)]))
    assert not p.can_act_for(ANON, org(members=[member(1)]))
    assert not p.can_act_for(person(2), org(members=[member(1)]))


def test_view_edit_join():
    pending = org(status="pending", members=[member(1, "pending", founder=True)])
    assert not p.can_view_organization(ANON, pending)
    assert p.can_view_organization(person(1), pending)
    assert p.can_view_organization(person(9, official=True), pending)
    assert p.can_edit_organization(person(1), pending)
    assert not p.can_edit_organization(person(2), pending)
    verified = org(members=[member(1)])
    assert p.can_view_organization(ANON, verified)
    assert p.can_request_to_join(person(2), verified)
    assert not p.can_request_to_join(person(1), verified)
    assert not p.can_request_to_join(person(2, confirmed=False), verified)
    assert not p.can_request_to_join(person(2), pending)


def test_decide_membership():
    organization = org(members=[member(1), member(2, "pending")])
    request = organization.memberships[1]
    assert p.can_decide_membership(person(1), request)
    assert not p.can_decide_membership(person(2), request)  # not one's own
    assert p.can_decide_membership(person(7, official=True), request)
    assert not p.can_decide_membership(person(3), request)
    assert p.can_review_organizations(person(5, admin=True))
    assert not p.can_review_organizations(person(5))
