"""What the home page shows: what is open now for everyone, and each person's to-do list.

Every function runs a fixed number of bounded queries (no query per item), whatever the
number of organizations or rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Participation,
    Stage,
    StageKind,
)
from app.consultations.queries import unanswered_counts
from app.extensions import db
from app.hub.models import Event, Opportunity
from app.organizations.models import Membership, MembershipStatus, Organization, OrganizationStatus
from app.organizations.queries import pending_join_requests
from app.priorities.models import Ballot, Vote, VoterUnit
from app.proposals.models import AuthorStatus, Proposal, ProposalAuthor
from app.proposals.permissions import ACTIVE_STATUSES
from app.proposals.queries import pending_invitations

#: "Closing soon" on the home page: a stage closing within this time.
CLOSING_SOON = timedelta(days=7)
#: Answers published within this time count as "received recently".
RECENT_ANSWERS = timedelta(days=30)
LIMIT = 8


@dataclass(frozen=True)
class OpenStage:
    stage: Stage
    consultation: Consultation
    closing_soon: bool


def open_stages(now: datetime, kinds: tuple[str, ...] | None = None) -> list[OpenStage]:
    """Stages open now in announced rounds, the ones closing first at the top."""
    query = (
        select(Stage)
        .join(Consultation)
        .where(
            Consultation.announced_at.is_not(None),
            Stage.opens_at <= now,
            Stage.closes_at > now,
        )
        .options(selectinload(Stage.consultation))
        .order_by(Stage.closes_at, Stage.id)
        .limit(20)
    )
    if kinds:
        query = query.where(Stage.kind.in_(kinds))
    return [
        OpenStage(stage, stage.consultation, stage.closes_at <= now + CLOSING_SOON)
        for stage in db.session.scalars(query)
    ]


def upcoming_events(now: datetime) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.ends_at >= now)
            .options(selectinload(Event.organization))
            .order_by(Event.starts_at, Event.id)
            .limit(LIMIT)
        )
    )


def opportunities_by_deadline(now: datetime) -> list[Opportunity]:
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(Opportunity.deadline_at >= now)
            .order_by(Opportunity.deadline_at, Opportunity.id)
            .limit(LIMIT)
        )
    )


@dataclass(frozen=True)
class PendingVote:
    title: str
    link: str
    closes_at: datetime


def pending_votes_by_organization(
    organization_ids: list[int], now: datetime
) -> dict[int, list[PendingVote]]:
    """Open votes (one ballot per organization) that each organization has not cast yet.

    Two queries whatever the number of organizations and votes: the open votes, and which of
    the organizations have a ballot in them.
    """
    votes = db.session.scalars(
        select(Vote)
        .join(Consultation)
        .where(
            Vote.voter_unit == VoterUnit.ORGANIZATION,
            Vote.opens_at <= now,
            Vote.closes_at > now,
            Consultation.announced_at.is_not(None),
        )
        .order_by(Vote.closes_at)
    ).all()
    if not votes or not organization_ids:
        return {}
    keys = {f"org:{organization_id}": organization_id for organization_id in organization_ids}
    cast = set(
        db.session.execute(
            select(Ballot.vote_id, Ballot.voter_key).where(
                Ballot.vote_id.in_([vote.id for vote in votes]),
                Ballot.voter_key.in_(list(keys)),
            )
        ).all()
    )
    pending: dict[int, list[PendingVote]] = {}
    for key, organization_id in keys.items():
        pending[organization_id] = [
            PendingVote(vote.title, url_for("priorities.show", vote_id=vote.id), vote.closes_at)
            for vote in votes
            if (vote.id, key) not in cast
        ][:LIMIT]
    return pending


@dataclass
class OrganizationTodo:
    organization: Organization
    to_comment: list[OpenStage] = field(default_factory=list)
    votes: list[Any] = field(default_factory=list)
    invitations: list[Any] = field(default_factory=list)
    answered_comments: list[Comment] = field(default_factory=list)
    answered_proposals: list[Any] = field(default_factory=list)
    #: People asking to represent the organization, awaiting its representatives' decision.
    join_requests: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.join_requests
            or self.to_comment
            or self.votes
            or self.invitations
            or self.answered_comments
            or self.answered_proposals
        )


def represented_organizations(user_id: int) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .join(Membership)
            .where(
                Membership.user_id == user_id,
                Membership.status == MembershipStatus.APPROVED,
                Organization.status == OrganizationStatus.VERIFIED,
            )
            .order_by(Organization.name)
        )
    )


def join_request_counts(organization_ids: list[int]) -> dict[int, int]:
    """Pending join requests per organization, in one query (founders are decided with their
    organization, as in :func:`app.organizations.queries.pending_join_requests`)."""
    return dict(
        db.session.execute(
            select(Membership.organization_id, func.count(Membership.id))
            .where(
                Membership.organization_id.in_(organization_ids),
                Membership.status == MembershipStatus.PENDING,
                Membership.is_founder.is_(False),
            )
            .group_by(Membership.organization_id)
        ).all()
    )


def representative_todo(user_id: int, now: datetime) -> list[OrganizationTodo]:
    """For each organization the person represents: what waits for it."""
    organizations = represented_organizations(user_id)
    if not organizations:
        return []
    ids = [o.id for o in organizations]
    todos = {o.id: OrganizationTodo(o) for o in organizations}

    commenting = open_stages(now, kinds=(StageKind.COMMENTING,))
    commenting = [
        s
        for s in commenting
        if s.consultation.participation == Participation.VERIFIED_ORGANIZATIONS
    ]
    commented = set(
        db.session.execute(
            select(Comment.consultation_id, Comment.organization_id).where(
                Comment.consultation_id.in_([s.consultation.id for s in commenting]),
                Comment.organization_id.in_(ids),
                Comment.withdrawn_at.is_(None),
            )
        ).all()
    )
    votes = pending_votes_by_organization(ids, now)
    for todo in todos.values():
        todo.to_comment = [
            s for s in commenting if (s.consultation.id, todo.organization.id) not in commented
        ]
        todo.votes = votes.get(todo.organization.id, [])

    for invitation in pending_invitations(ids):
        todos[invitation.organization_id].invitations.append(invitation)

    for organization_id, number in join_request_counts(ids).items():
        todos[organization_id].join_requests = number

    since = now - RECENT_ANSWERS
    answered = db.session.scalars(
        select(Comment)
        .join(Answer)
        .where(
            Comment.organization_id.in_(ids),
            Answer.published_at >= since,
            Comment.withdrawn_at.is_(None),
        )
        .options(selectinload(Comment.consultation), selectinload(Comment.answer))
        .order_by(Answer.published_at.desc())
        .limit(LIMIT * len(ids))
    )
    for comment in answered:
        todos[comment.organization_id].answered_comments.append(comment)

    co_authors = dict(
        db.session.execute(
            select(ProposalAuthor.proposal_id, ProposalAuthor.organization_id).where(
                ProposalAuthor.organization_id.in_(ids),
                ProposalAuthor.status == AuthorStatus.ACCEPTED,
            )
        ).all()
    )
    proposals = db.session.scalars(
        select(Proposal)
        .where(
            (Proposal.organization_id.in_(ids)) | Proposal.id.in_(list(co_authors)),
            Proposal.answer_published_at >= since,
        )
        .order_by(Proposal.answer_published_at.desc())
        .limit(LIMIT * len(ids))
    )
    for proposal in proposals:
        owner = proposal.organization_id
        if owner not in todos:  # a co-authored proposal
            owner = co_authors[proposal.id]
        todos[owner].answered_proposals.append(proposal)
    return list(todos.values())


@dataclass(frozen=True)
class OfficialTodo:
    comments_by_round: list[tuple[Consultation, int]]
    proposals: list[Any]
    proposals_total: int
    organizations: list[Organization]
    join_requests: int


def official_todo() -> OfficialTodo:
    """Comments and proposals awaiting the office's answer; organizations awaiting verification."""
    counts = unanswered_counts()
    rounds = {
        c.id: c
        for c in db.session.scalars(select(Consultation).where(Consultation.id.in_(list(counts))))
    }
    by_round = sorted(
        ((rounds[i], n) for i, n in counts.items() if i in rounds), key=lambda pair: -pair[1]
    )
    waiting = select(Proposal).where(Proposal.status.in_(ACTIVE_STATUSES))
    proposals = list(
        db.session.scalars(
            waiting.options(selectinload(Proposal.organization))
            .order_by(Proposal.submitted_at, Proposal.id)
            .limit(LIMIT)
        )
    )
    total = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
    organizations = list(
        db.session.scalars(
            select(Organization)
            .where(Organization.status == OrganizationStatus.PENDING)
            .order_by(Organization.created_at, Organization.id)
            .limit(LIMIT)
        )
    )
    return OfficialTodo(by_round, proposals, total, organizations, len(pending_join_requests()))
