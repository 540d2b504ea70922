"""Command-line commands."""

from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.organizations.models import Organization
from tests.factories import make_user


def test_create_admin(runner):
    result = runner.invoke(
        args=[
            "create-admin",
            "boss@example.org",
            "--name",
            "Szefowa",
            "--password",
            "mocne-haslo-szefowej",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.is_admin and user.is_confirmed and user.check_password("mocne-haslo-szefowej")


def test_create_admin_refuses_weak_password(runner):
    result = runner.invoke(
        args=["create-admin", "weak@example.org", "--name", "W", "--password", "123"]
    )
    assert result.exit_code != 0
    assert "weak password" in result.output


def test_create_admin_promotes_existing_account(runner):
    make_user(email="existing@example.org")
    result = runner.invoke(
        args=[
            "create-admin",
            "existing@example.org",
            "--name",
            "x",
            "--password",
            "irrelevant-here",
        ]
    )
    assert result.exit_code == 0
    assert db.session.scalar(select(User).where(User.email == "existing@example.org")).is_admin


def test_seed_demo_creates_accounts_and_organizations_once(runner):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "admin@konsulta.example.org" in result.output
    assert "konsulta-demo-2026" in result.output
    organizations = db.session.scalars(select(Organization)).all()
    assert len(organizations) == 8
    assert {o.status for o in organizations} == {"verified", "pending"}
    users = db.session.scalar(select(func.count(User.id)))
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already" in again.output
    assert db.session.scalar(select(func.count(User.id))) == users


def test_seed_demo_has_a_consultation_in_every_state(runner):
    from app.common.timeutil import utcnow
    from app.consultations.models import Comment, Consultation
    from app.consultations.queries import state_of

    runner.invoke(args=["seed-demo"])
    rounds = db.session.scalars(select(Consultation)).all()
    states = {str(state_of(c, utcnow())) for c in rounds}
    assert states == {"draft", "announced", "open", "closed", "results_published"}
    comments = db.session.scalars(select(Comment)).all()
    decisions = {c.answer.decision for c in comments if c.answer}
    assert decisions == {"accepted", "partly_accepted", "rejected", "not_applicable"}
    assert any(c.answer and not c.answer.published_at for c in comments)  # a drafted answer
    assert any(c.answer is None for c in comments)
    assert any(c.is_paper for c in comments) and any(c.is_hidden for c in comments)
    assert len({c.organization_id for c in comments}) >= 5


def test_seed_demo_has_proposals_in_every_state(runner):
    from app.proposals.models import Endorsement, Proposal, ProposalComment

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    proposals = db.session.scalars(select(Proposal)).all()
    assert len(proposals) == 13  # one joint draft waits for its co-authors
    assert {p.status for p in proposals} == {
        "draft",
        "submitted",
        "under_review",
        "accepted",
        "rejected",
        "merged",
        "withdrawn",
    }
    assert sum(1 for p in proposals if p.co_authors) == 3
    assert any(p.looking_for_partners for p in proposals)
    assert any(p.consultation_id is None for p in proposals)  # the ideas box
    assert any(p.answer_md and not p.answer_published_at for p in proposals)  # drafted answer
    merged = next(p for p in proposals if p.status == "merged")
    assert merged.merged_into in proposals
    assert db.session.scalar(select(func.count(Endorsement.id))) >= 10
    comments = db.session.scalars(select(ProposalComment)).all()
    assert any(c.parent_id for c in comments) and any(c.is_hidden for c in comments)


def test_seed_demo_has_a_month_of_events_and_opportunities_of_every_type(runner):
    from datetime import timedelta

    from app.common.timeutil import utcnow
    from app.hub.models import Event, Opportunity, OpportunityKind

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    events = db.session.scalars(select(Event)).all()
    assert len(events) >= 10
    assert any(e.organization_id is None for e in events)
    assert any(e.organization_id is not None for e in events)
    assert any(e.is_open_to_join for e in events)
    assert max(e.starts_at for e in events) - min(e.starts_at for e in events) >= timedelta(days=25)
    opportunities = db.session.scalars(select(Opportunity)).all()
    assert {o.kind for o in opportunities} == set(OpportunityKind)
    now = utcnow()
    assert any(o.is_past(now) for o in opportunities)
    assert any(o.planned_month for o in opportunities)
    assert any(o.deadline_at is None for o in opportunities)
