"""State changes for proposals. Services flush but never commit.

Each service checks its rule from ``permissions`` again, so a forged request that slipped past
a view still stores nothing (:class:`NotAllowed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState, NotAllowed
from app.common.moderation import content_hidden
from app.common.sanitize import render_markdown
from app.consultations.models import Consultation
from app.extensions import db
from app.organizations.models import Organization, PublicBenefitArea
from app.organizations.permissions import can_act_for
from app.proposals import permissions, signals
from app.proposals.models import (
    DECISIONS,
    AuthorStatus,
    Endorsement,
    Proposal,
    ProposalAuthor,
    ProposalComment,
    ProposalStatus,
)

#: The largest cost a proposal may state (the column holds 12 digits, 2 after the point).
MAX_COST = Decimal("1000000000")


class UnknownArea(DomainError):
    """The area of public benefit does not exist."""


class AlreadyEndorsed(DomainError):
    """The organization already endorses the proposal."""


class InvalidMerge(DomainError):
    """A proposal cannot be merged into itself, a draft, or a proposal merged into it."""


@dataclass(frozen=True)
class ProposalData:
    """The editable fields of a proposal, already validated by the form."""

    title: str
    area_code: str
    problem: str
    evidence: str
    activities: str
    target_group: str
    expected_results: str
    estimated_cost: Decimal | None
    time_frame: str
    looking_for_partners: bool = False
    partner_needs: str = ""


def _apply(proposal: Proposal, data: ProposalData, now: datetime) -> None:
    area = db.session.scalar(
        select(PublicBenefitArea).where(PublicBenefitArea.code == data.area_code)
    )
    if area is None:
        raise UnknownArea()
    if data.estimated_cost is not None and not (0 <= data.estimated_cost <= MAX_COST):
        raise InvalidState("cost out of range")
    proposal.title = data.title.strip()
    proposal.area = area
    proposal.problem = data.problem.strip()
    proposal.evidence = (data.evidence or "").strip()
    proposal.activities = data.activities.strip()
    proposal.target_group = data.target_group.strip()
    proposal.expected_results = data.expected_results.strip()
    proposal.estimated_cost = data.estimated_cost
    proposal.time_frame = data.time_frame.strip()
    proposal.looking_for_partners = data.looking_for_partners
    proposal.partner_needs = (data.partner_needs or "").strip() if data.looking_for_partners else ""
    proposal.updated_at = now


def create_proposal(
    author: User,
    organization: Organization,
    consultation: Consultation | None,
    data: ProposalData,
    invited: Iterable[Organization],
    submit: bool,
    now: datetime,
    ideas_box_enabled: bool = True,
    link_for: Callable[[Proposal], str] | None = None,
    wait_for_coauthors: bool = False,
) -> Proposal:
    """Save a proposal as a draft (or submit it at once, see :func:`submit_proposal`) and
    invite its co-authors.

    :raises NotAllowed: the person does not act for the organization, or the stage is closed.
    """
    if not can_act_for(author, organization):
        raise NotAllowed()
    if permissions.accepting_refusal(consultation, now, ideas_box_enabled) is not None:
        raise NotAllowed()
    proposal = Proposal(
        organization=organization,
        consultation=consultation,
        created_by_id=author.id,
        created_at=now,
        status=ProposalStatus.DRAFT,
    )
    _apply(proposal, data, now)
    db.session.add(proposal)
    db.session.flush()
    invite_coauthors(author, proposal, invited, now, link=link_for(proposal) if link_for else "")
    if submit:
        submit_proposal(author, proposal, now, ideas_box_enabled, wait_for_coauthors)
    db.session.flush()
    return proposal


def update_proposal(
    author: User,
    proposal: Proposal,
    data: ProposalData,
    invited: Iterable[Organization],
    now: datetime,
    ideas_box_enabled: bool = True,
    link: str = "",
) -> None:
    """Change a proposal before the review starts; newly chosen co-authors are invited."""
    if permissions.change_refusal(author, proposal, now, ideas_box_enabled) is not None:
        raise NotAllowed()
    _apply(proposal, data, now)
    invite_coauthors(author, proposal, invited, now, link=link)
    db.session.flush()


def submit_proposal(
    author: User,
    proposal: Proposal,
    now: datetime,
    ideas_box_enabled: bool = True,
    wait_for_coauthors: bool = False,
) -> bool:
    """Send a draft to the office: from now on the public sees it. Return whether it was sent.

    While invited co-authors have not answered, the lead chooses: ``wait_for_coauthors`` keeps
    the proposal a draft (not public) until the last of them accepts, which submits it
    (:func:`answer_invitation`); otherwise it goes to the office now under the lead and the
    co-authors that accepted, and an invitation accepted later (before the office starts the
    review) adds its organization then. An invited organization is never shown as an author.
    """
    if permissions.change_refusal(author, proposal, now, ideas_box_enabled) is not None:
        raise NotAllowed()
    if proposal.status != ProposalStatus.DRAFT:
        raise InvalidState("already submitted")
    if wait_for_coauthors and proposal.invited_authors:
        proposal.submission_requested_at = now
        db.session.flush()
        return False
    _submit(proposal, now)
    return True


def _submit(proposal: Proposal, now: datetime) -> None:
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now
    proposal.submission_requested_at = None
    db.session.flush()


def withdraw_proposal(author: User, proposal: Proposal, now: datetime) -> None:
    """The lead withdraws the proposal (possible until the answer is published)."""
    if not permissions.can_withdraw(author, proposal):
        raise NotAllowed()
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = now
    proposal.submission_requested_at = None
    proposal.looking_for_partners = False
    db.session.flush()


def invite_coauthors(
    author: User,
    proposal: Proposal,
    organizations: Iterable[Organization],
    now: datetime,
    link: str = "",
) -> list[ProposalAuthor]:
    """Invite verified organizations to co-author; ones already asked are skipped."""
    if not permissions.is_lead_representative(author, proposal):
        raise NotAllowed()
    known = {a.organization_id for a in proposal.authors} | {proposal.organization_id}
    rows = []
    for organization in organizations:
        if organization.id in known or not organization.is_verified:
            continue
        known.add(organization.id)
        row = ProposalAuthor(
            organization=organization,
            status=AuthorStatus.INVITED,
            created_at=now,
            created_by_id=author.id,
        )
        proposal.authors.append(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        signals.coauthor_invited.send(proposal, organization=row.organization, link=link)
    return rows


def answer_invitation(
    user: User,
    row: ProposalAuthor,
    accept: bool,
    now: datetime,
    ideas_box_enabled: bool = True,
    link: str = "",
) -> bool:
    """A representative of the invited organization accepts or declines co-authorship (while
    the proposal is a draft or submitted, before the office starts the review). Return whether
    this answer submitted the proposal.

    On a proposal waiting for its co-authors (:func:`submit_proposal`), the last acceptance
    submits it, if proposals are still accepted; a refusal ends the waiting: the proposal stays
    a draft and its authors are told, so that the lead decides again.
    """
    if not permissions.can_answer_invitation(user, row):
        raise NotAllowed()
    _settle(row, user, accept, now)
    proposal = row.proposal
    if not proposal.is_awaiting_coauthors:
        return False
    if not accept:
        proposal.submission_requested_at = None
        db.session.flush()
        _notify_authors(
            proposal, "proposal.coauthor_declined", link, organization=row.organization.name
        )
        return False
    if proposal.invited_authors:
        return False
    if permissions.accepting_refusal(proposal.consultation, now, ideas_box_enabled) is not None:
        return False  # the stage closed meanwhile: it stays a draft, the page says why
    _submit(proposal, now)
    _notify_authors(proposal, "proposal.submitted", link)
    return True


def _settle(row: ProposalAuthor, user: User, accept: bool, now: datetime) -> None:
    row.status = AuthorStatus.ACCEPTED if accept else AuthorStatus.DECLINED
    row.answered_at = now
    row.answered_by_id = user.id
    if accept:  # a co-author does not endorse its own proposal
        for endorsement in list(row.proposal.endorsements):
            if endorsement.organization_id == row.organization_id:
                row.proposal.endorsements.remove(endorsement)
    db.session.flush()


def offer_to_join(
    user: User, proposal: Proposal, organization: Organization, message: str, now: datetime
) -> ProposalAuthor:
    """Another organization offers to join a proposal that looks for partners."""
    if not permissions.can_offer_to_join(user, proposal, organization):
        raise NotAllowed()
    row = ProposalAuthor(
        organization=organization,
        status=AuthorStatus.OFFERED,
        message=message.strip(),
        created_at=now,
        created_by_id=user.id,
    )
    proposal.authors.append(row)
    db.session.flush()
    signals.join_offered.send(proposal, organization=organization)
    return row


def decide_offer(user: User, row: ProposalAuthor, accept: bool, now: datetime) -> None:
    """The lead accepts or declines an offer to join."""
    if not permissions.can_decide_offer(user, row):
        raise NotAllowed()
    _settle(row, user, accept, now)


def endorse_proposal(
    user: User, proposal: Proposal, organization: Organization, now: datetime
) -> Endorsement:
    """Record the organization's endorsement (the database keeps one per organization).

    :raises AlreadyEndorsed: the organization endorses it already.
    """
    if not permissions.can_endorse(user, proposal, organization):
        raise NotAllowed()
    if any(e.organization_id == organization.id for e in proposal.endorsements):
        raise AlreadyEndorsed()
    endorsement = Endorsement(
        organization_id=organization.id, endorsed_by_id=user.id, created_at=now
    )
    proposal.endorsements.append(endorsement)
    db.session.flush()
    return endorsement


def withdraw_endorsement(user: User, proposal: Proposal, organization: Organization) -> None:
    """Any representative of the endorsing organization may withdraw its endorsement."""
    if not can_act_for(user, organization):
        raise NotAllowed()
    endorsement = next(
        (e for e in proposal.endorsements if e.organization_id == organization.id), None
    )
    if endorsement is None:
        raise InvalidState("not endorsed")
    proposal.endorsements.remove(endorsement)
    db.session.flush()


def add_comment(
    user: User,
    proposal: Proposal,
    organization: Organization,
    body: str,
    parent: ProposalComment | None,
    now: datetime,
) -> ProposalComment:
    """Add a comment to the discussion, or a reply to a top-level comment."""
    if not permissions.can_discuss(user, proposal, organization):
        raise NotAllowed()
    if parent is not None and (parent.proposal_id != proposal.id or parent.parent_id is not None):
        raise InvalidState("replies go one level deep")
    comment = ProposalComment(
        proposal_id=proposal.id,
        parent_id=parent.id if parent else None,
        organization_id=organization.id,
        author_id=user.id,
        body_md=body.strip(),
        body_html=render_markdown(body, profile="basic"),
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def hide_comment(actor: User, comment: ProposalComment, reason: str, now: datetime) -> None:
    """Withhold a comment that breaks the rules; its place shows the public reason."""
    comment.hidden_at = now
    comment.hidden_reason = reason.strip()
    comment.hidden_by_id = actor.id
    record_audit(
        actor,
        Action.PROPOSAL_COMMENT_HIDE,
        comment,
        label=comment.proposal.title,
        reason=reason.strip(),
    )
    db.session.flush()
    content_hidden.send(
        comment,
        kind="proposal_comment",
        author_ids=[comment.author_id],
        reason=comment.hidden_reason,
        title=comment.proposal.title,
        actor=actor,
    )


def _notify_authors(proposal: Proposal, kind: str, link: str, **params) -> None:
    signals.authors_told.send(proposal, kind=kind, link=link, params=params)


def start_review(actor: User, proposal: Proposal, now: datetime, link: str = "") -> None:
    """An official starts the review: from now on the authors cannot edit the proposal."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise InvalidState("not submitted")
    proposal.status = ProposalStatus.UNDER_REVIEW
    proposal.review_started_at = now
    record_audit(actor, Action.PROPOSAL_REVIEW_START, proposal, label=proposal.title)
    _notify_authors(proposal, "proposal.review_started", link)
    db.session.flush()


def _check_merge_target(proposal: Proposal, target: Proposal | None) -> None:
    if (
        target is None
        or target.id == proposal.id
        or target.status in (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.MERGED)
        or target.merged_into_id == proposal.id
    ):
        raise InvalidMerge()


def save_answer(
    actor: User,
    proposal: Proposal,
    decision: str,
    answer: str,
    merged_into: Proposal | None,
    publish: bool,
    now: datetime,
    link: str = "",
) -> None:
    """Draft (or redraft) the office's answer; publishing it sets the proposal's status.

    :raises InvalidState: the proposal is not under review.
    :raises InvalidMerge: the target of a merge is not a proposal it can be merged into.
    """
    if proposal.status != ProposalStatus.UNDER_REVIEW:
        raise InvalidState("not under review")
    if decision not in DECISIONS:
        raise InvalidState("unknown decision")
    if decision == ProposalStatus.MERGED:
        _check_merge_target(proposal, merged_into)
    else:
        merged_into = None
    proposal.decision = decision
    proposal.merged_into = merged_into
    proposal.answer_md = answer
    proposal.answer_html = render_markdown(answer)
    proposal.answer_drafted_at = now
    proposal.answered_by_id = actor.id
    record_audit(
        actor,
        Action.PROPOSAL_ANSWER_SAVE,
        proposal,
        label=proposal.title,
        decision=decision,
        merged_into=merged_into.id if merged_into else None,
    )
    if publish:
        proposal.status = decision
        proposal.answer_published_at = now
        proposal.looking_for_partners = False
        record_audit(
            actor, Action.PROPOSAL_ANSWER_PUBLISH, proposal, label=proposal.title, decision=decision
        )
        _notify_authors(proposal, "proposal.answered", link, decision=decision)
    db.session.flush()


def save_internal_note(actor: User, proposal: Proposal, note: str) -> None:
    """Officials' working note; never shown outside the office."""
    proposal.internal_note = note.strip()
    record_audit(actor, Action.PROPOSAL_NOTE, proposal, label=proposal.title)
    db.session.flush()
