"""Who may do what with proposals: small pure predicates (no Flask, no database).

``proposing_refusal`` returns *why* a proposal may not be filed or changed now, so the page can
say it clearly.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from app.consultations.states import StageKind
from app.organizations.permissions import can_act_for, is_official
from app.proposals.states import AuthorStatus, ProposalStatus

#: Statuses the public sees (drafts stay with their authors).
PUBLIC_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.ACCEPTED,
    ProposalStatus.REJECTED,
    ProposalStatus.MERGED,
    ProposalStatus.WITHDRAWN,
)
#: Statuses in which a proposal collects endorsements, comments and partners.
ACTIVE_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)


class ProposalRefusal(StrEnum):
    NOT_REPRESENTATIVE = "not_representative"
    STAGE_NOT_OPEN = "stage_not_open"
    IDEAS_BOX_CLOSED = "ideas_box_closed"
    REVIEW_STARTED = "review_started"


def is_proposals_stage_open(consultation: Any, now: datetime) -> bool:
    """The round is announced and its proposals stage is open at ``now``."""
    stage = next((s for s in consultation.stages if s.kind == StageKind.PROPOSALS), None)
    return (
        consultation.announced_at is not None
        and stage is not None
        and stage.opens_at <= now < stage.closes_at
    )


def accepting_refusal(
    consultation: Any | None, now: datetime, ideas_box_enabled: bool
) -> ProposalRefusal | None:
    """None when proposals are accepted into ``consultation`` (None: the ideas box) now."""
    if consultation is None:
        return None if ideas_box_enabled else ProposalRefusal.IDEAS_BOX_CLOSED
    return None if is_proposals_stage_open(consultation, now) else ProposalRefusal.STAGE_NOT_OPEN


def is_lead_representative(user: Any, proposal: Any) -> bool:
    return can_act_for(user, proposal.organization)


def is_author_representative(user: Any, proposal: Any) -> bool:
    """Acts for the lead organization or for an invited or accepted co-author."""
    if is_lead_representative(user, proposal):
        return True
    return any(
        a.status in (AuthorStatus.INVITED, AuthorStatus.ACCEPTED)
        and can_act_for(user, a.organization)
        for a in proposal.authors
    )


def is_public(proposal: Any) -> bool:
    """Submitted once: a draft, even a withdrawn one, never reaches the public."""
    return proposal.status in PUBLIC_STATUSES and proposal.submitted_at is not None


def can_view_proposal(user: Any, proposal: Any) -> bool:
    """Drafts (also withdrawn ones) only to their organizations' representatives; everything
    submitted is public."""
    if is_public(proposal):
        return True
    return is_author_representative(user, proposal)


def change_refusal(
    user: Any, proposal: Any, now: datetime, ideas_box_enabled: bool
) -> ProposalRefusal | None:
    """Edit or submit: the lead's representatives, before review starts, while accepting."""
    if not is_lead_representative(user, proposal):
        return ProposalRefusal.NOT_REPRESENTATIVE
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
        return ProposalRefusal.REVIEW_STARTED
    return accepting_refusal(proposal.consultation, now, ideas_box_enabled)


def can_withdraw(user: Any, proposal: Any) -> bool:
    """The lead's representatives, until the office publishes its answer."""
    return (
        is_lead_representative(user, proposal)
        and proposal.status in (ProposalStatus.DRAFT, *ACTIVE_STATUSES)
        and proposal.answer_published_at is None
    )


def is_author_organization(proposal: Any, organization: Any) -> bool:
    return organization.id == proposal.organization_id or any(
        a.organization_id == organization.id and a.status == AuthorStatus.ACCEPTED
        for a in proposal.authors
    )


def can_endorse(user: Any, proposal: Any, organization: Any) -> bool:
    """Another organization's representative, while the proposal is submitted or in review."""
    return (
        proposal.status in ACTIVE_STATUSES
        and can_act_for(user, organization)
        and not is_author_organization(proposal, organization)
    )


#: Statuses in which an invitation to co-author may be answered: once the office starts the
#: review, the list of authors it reviews is fixed.
INVITATION_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)


def can_answer_invitation(user: Any, author: Any) -> bool:
    """Only a representative of the invited organization accepts or declines, until the office
    starts the review."""
    return (
        author.status == AuthorStatus.INVITED
        and author.proposal.status in INVITATION_STATUSES
        and can_act_for(user, author.organization)
    )


def can_offer_to_join(user: Any, proposal: Any, organization: Any) -> bool:
    return (
        proposal.looking_for_partners
        and proposal.status in ACTIVE_STATUSES
        and can_act_for(user, organization)
        and organization.id != proposal.organization_id
        and all(a.organization_id != organization.id for a in proposal.authors)
    )


def can_decide_offer(user: Any, author: Any) -> bool:
    """The lead's representatives accept or decline an offer to join."""
    return author.status == AuthorStatus.OFFERED and is_lead_representative(user, author.proposal)


def can_discuss(user: Any, proposal: Any, organization: Any) -> bool:
    """Representatives comment on public proposals, for an organization they act for."""
    return proposal.status != ProposalStatus.DRAFT and can_act_for(user, organization)


def can_review(user: Any) -> bool:
    return is_official(user)
