"""Proposal services: the rules hold even when a view is bypassed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.common.domain import InvalidState, NotAllowed
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations.services import StageData
from app.extensions import db
from app.notifications.models import Notification
from app.proposals import permissions, services
from app.proposals.models import Proposal, ProposalComment
from tests.factories import (
    add_member,
    make_consultation,
    make_organization,
    make_proposal,
    make_user,
    proposal_data,
)


def _rep(organization):
    return organization.memberships[0].user


def _round_with_proposals(opens_in_days: int, closes_in_days: int):
    now = utcnow()
    return make_consultation(
        stages=(
            StageData(
                "proposals",
                now + timedelta(days=opens_in_days),
                now + timedelta(days=closes_in_days),
            ),
        ),
    )


def test_draft_then_submit_then_review_then_answer(official):
    organization = make_organization()
    proposal = make_proposal(organization, submit=False, estimated_cost=Decimal("12500.50"))
    assert proposal.status == "draft"
    assert not permissions.can_view_proposal(make_user(), proposal)
    assert permissions.can_view_proposal(_rep(organization), proposal)
    services.submit_proposal(_rep(organization), proposal, utcnow())
    assert proposal.status == "submitted" and proposal.submitted_at is not None
    services.start_review(official, proposal, utcnow())
    assert permissions.change_refusal(_rep(organization), proposal, utcnow(), True) == (
        permissions.ProposalRefusal.REVIEW_STARTED
    )
    services.save_answer(official, proposal, "accepted", "Dobry pomysł.", None, False, utcnow())
    assert proposal.status == "under_review" and proposal.decision == "accepted"
    services.save_answer(official, proposal, "accepted", "Dobry **pomysł**.", None, True, utcnow())
    db.session.commit()
    assert proposal.status == "accepted"
    assert "<strong>pomysł</strong>" in proposal.answer_html
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-4:] == [
        "proposal.review_start",
        "proposal.answer_draft",
        "proposal.answer_draft",
        "proposal.answer_publish",
    ]
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds.count("proposal.answered") == 1
    assert "proposal.review_started" in kinds
    assert not permissions.can_withdraw(_rep(organization), proposal)


def test_stage_must_be_open():
    organization = make_organization()
    rep = _rep(organization)
    closed = _round_with_proposals(-10, -1)
    with pytest.raises(NotAllowed):
        services.create_proposal(rep, organization, closed, proposal_data(), (), True, utcnow())
    upcoming = _round_with_proposals(2, 10)
    with pytest.raises(NotAllowed):
        services.create_proposal(rep, organization, upcoming, proposal_data(), (), True, utcnow())
    open_round = _round_with_proposals(-1, 10)
    proposal = services.create_proposal(
        rep, organization, open_round, proposal_data(), (), True, utcnow()
    )
    assert proposal.consultation_id == open_round.id
    with pytest.raises(NotAllowed):
        services.create_proposal(
            rep, organization, None, proposal_data(), (), True, utcnow(), ideas_box_enabled=False
        )


def test_only_representatives_of_verified_organizations_propose():
    pending = make_organization(verified=False)
    with pytest.raises(NotAllowed):
        services.create_proposal(_rep(pending), pending, None, proposal_data(), (), True, utcnow())
    organization = make_organization()
    outsider = make_user()
    with pytest.raises(NotAllowed):
        services.create_proposal(outsider, organization, None, proposal_data(), (), True, utcnow())
    assert db.session.scalar(select(Proposal)) is None


def test_cost_out_of_range_is_refused():
    organization = make_organization()
    for cost in (Decimal("-1"), Decimal("1000000000.01")):
        with pytest.raises(InvalidState):
            services.create_proposal(
                _rep(organization),
                organization,
                None,
                proposal_data(estimated_cost=cost),
                (),
                False,
                utcnow(),
            )


def test_invitation_is_answered_only_by_the_invited_organization():
    lead, invited, other = make_organization(), make_organization(), make_organization()
    proposal = make_proposal(lead, invited=[invited])
    row = proposal.authors[0]
    assert row.status == "invited"
    assert (
        db.session.scalar(
            select(Notification).where(Notification.kind == "proposal.invited")
        ).user_id
        == _rep(invited).id
    )
    for intruder in (_rep(lead), _rep(other), make_user()):
        with pytest.raises(NotAllowed):
            services.answer_invitation(intruder, row, True, utcnow())
    services.answer_invitation(_rep(invited), row, True, utcnow())
    assert proposal.co_authors == [invited]
    assert proposal.all_authors == [lead, invited]


def test_endorsements_one_per_organization_not_own():
    lead, coauthor, supporter = make_organization(), make_organization(), make_organization()
    proposal = make_proposal(lead, invited=[coauthor])
    services.answer_invitation(_rep(coauthor), proposal.authors[0], True, utcnow())
    for organization in (lead, coauthor):
        with pytest.raises(NotAllowed):
            services.endorse_proposal(_rep(organization), proposal, organization, utcnow())
    second_rep = add_member(supporter).user
    services.endorse_proposal(_rep(supporter), proposal, supporter, utcnow())
    with pytest.raises(services.AlreadyEndorsed):
        services.endorse_proposal(second_rep, proposal, supporter, utcnow())
    db.session.commit()
    assert len(proposal.endorsements) == 1
    services.withdraw_endorsement(second_rep, proposal, supporter)
    db.session.commit()
    assert proposal.endorsements == []


def test_draft_cannot_be_endorsed():
    proposal = make_proposal(submit=False)
    supporter = make_organization()
    with pytest.raises(NotAllowed):
        services.endorse_proposal(_rep(supporter), proposal, supporter, utcnow())


def test_offer_to_join_decided_by_the_lead():
    lead, partner = make_organization(), make_organization()
    proposal = make_proposal(lead, looking_for_partners=True, partner_needs="Trener")
    assert proposal.partner_needs == "Trener"
    row = services.offer_to_join(_rep(partner), proposal, partner, "Mamy trenerów.", utcnow())
    with pytest.raises(NotAllowed):
        services.offer_to_join(_rep(partner), proposal, partner, "Jeszcze raz", utcnow())
    with pytest.raises(NotAllowed):
        services.decide_offer(_rep(partner), row, True, utcnow())
    services.decide_offer(_rep(lead), row, True, utcnow())
    assert proposal.co_authors == [partner]


def test_discussion_one_level_of_replies_and_sanitised(official):
    organization = make_organization()
    proposal = make_proposal()
    rep = _rep(organization)
    top = services.add_comment(
        rep, proposal, organization, "Dobre <script>alert(1)</script>", None, utcnow()
    )
    assert "<script>" not in top.body_html
    reply = services.add_comment(rep, proposal, organization, "Odpowiedź", top, utcnow())
    with pytest.raises(InvalidState):
        services.add_comment(rep, proposal, organization, "Za głęboko", reply, utcnow())
    services.hide_comment(official, top, "Naruszenie regulaminu", utcnow())
    db.session.commit()
    assert top.is_hidden
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "proposal.comment_hide"
    )
    assert len(db.session.scalars(select(ProposalComment)).all()) == 2


def test_withdraw_until_answer_published(official):
    organization = make_organization()
    proposal = make_proposal(organization)
    services.start_review(official, proposal, utcnow())
    services.withdraw_proposal(_rep(organization), proposal, utcnow())
    assert proposal.status == "withdrawn"
    with pytest.raises(NotAllowed):
        services.withdraw_proposal(_rep(organization), proposal, utcnow())


def test_merge_links_both_ways(official):
    target, merged = make_proposal(title="Cel"), make_proposal(title="Scalana")
    services.start_review(official, merged, utcnow())
    with pytest.raises(services.InvalidMerge):
        services.save_answer(official, merged, "merged", "x", merged, True, utcnow())
    with pytest.raises(services.InvalidMerge):
        services.save_answer(official, merged, "merged", "x", None, True, utcnow())
    services.save_answer(official, merged, "merged", "Połączono.", target, True, utcnow())
    db.session.commit()
    assert merged.status == "merged" and merged.merged_into is target
    assert target.merged_from == [merged]


def test_answer_needs_review_started(official):
    proposal = make_proposal()
    with pytest.raises(InvalidState):
        services.save_answer(official, proposal, "accepted", "x", None, True, utcnow())
    with pytest.raises(InvalidState):
        services.start_review(official, make_proposal(submit=False), utcnow())


def test_database_refuses_negative_cost():
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    proposal = make_proposal()
    with pytest.raises(IntegrityError):
        db.session.execute(
            update(Proposal).where(Proposal.id == proposal.id).values(estimated_cost=-5)
        )
    db.session.rollback()
