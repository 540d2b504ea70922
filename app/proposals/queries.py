"""Read helpers for proposals: the public list, the officials' queue, partner search."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from app.consultations.models import Consultation, StageKind
from app.extensions import db
from app.organizations.models import Organization, PublicBenefitArea
from app.proposals.models import AuthorStatus, Endorsement, Proposal, ProposalAuthor, ProposalStatus
from app.proposals.permissions import ACTIVE_STATUSES, INVITATION_STATUSES, PUBLIC_STATUSES

#: ``round`` value of the filter meaning "the ideas box" (proposals outside any round).
IDEAS_BOX = "ideas"


@dataclass(frozen=True)
class Filters:
    """The list's filters, as read from the query string (unknown values are ignored)."""

    round: str = ""
    area: str = ""
    status: str = ""
    organization: int | None = None
    text: str = ""
    sort: str = "newest"


def public_condition():
    """The SQL of ``permissions.is_public``: submitted once (a withdrawn draft stays private)."""
    return and_(Proposal.status.in_(PUBLIC_STATUSES), Proposal.submitted_at.is_not(None))


def endorsement_count():
    return (
        select(func.count(Endorsement.id))
        .where(Endorsement.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )


def _filtered(query: Select, filters: Filters) -> Select:
    if filters.round == IDEAS_BOX:
        query = query.where(Proposal.consultation_id.is_(None))
    elif filters.round.isdigit():
        query = query.where(Proposal.consultation_id == int(filters.round))
    if filters.area:
        query = query.where(
            Proposal.area_id.in_(
                select(PublicBenefitArea.id).where(PublicBenefitArea.code == filters.area)
            )
        )
    if filters.status:
        query = query.where(Proposal.status == filters.status)
    if filters.organization:
        co_authored = select(ProposalAuthor.proposal_id).where(
            ProposalAuthor.organization_id == filters.organization,
            ProposalAuthor.status == AuthorStatus.ACCEPTED,
        )
        query = query.where(
            or_(
                Proposal.organization_id == filters.organization,
                Proposal.id.in_(co_authored),
            )
        )
    if filters.text.strip():
        pattern = f"%{filters.text.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Proposal.title).like(pattern),
                func.lower(Proposal.problem).like(pattern),
                func.lower(Proposal.activities).like(pattern),
            )
        )
    if filters.sort == "endorsed":
        return query.order_by(endorsement_count().desc(), Proposal.id.desc())
    return query.order_by(
        func.coalesce(Proposal.submitted_at, Proposal.created_at).desc(), Proposal.id.desc()
    )


def _with_relations(query: Select) -> Select:
    return query.options(
        selectinload(Proposal.area),
        selectinload(Proposal.organization),
        selectinload(Proposal.consultation),
        selectinload(Proposal.authors).selectinload(ProposalAuthor.organization),
        selectinload(Proposal.endorsements),
    )


def public_query(filters: Filters) -> Select:
    """Proposals the public sees (everything but drafts), filtered and sorted."""
    query = select(Proposal).where(public_condition())
    return _with_relations(_filtered(query, filters))


def queue_query(filters: Filters) -> Select:
    """The officials' queue: by default what waits for them (submitted and under review)."""
    query = select(Proposal).where(public_condition())
    if not filters.status:
        query = query.where(Proposal.status.in_(ACTIVE_STATUSES))
    return _with_relations(_filtered(query, filters))


def drafts_of(organization_ids: list[int]) -> list[Proposal]:
    """Drafts of the given organizations (as lead or invited/accepted co-author)."""
    if not organization_ids:
        return []
    invited = select(ProposalAuthor.proposal_id).where(
        ProposalAuthor.organization_id.in_(organization_ids),
        ProposalAuthor.status.in_((AuthorStatus.INVITED, AuthorStatus.ACCEPTED)),
    )
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.status == ProposalStatus.DRAFT,
                or_(Proposal.organization_id.in_(organization_ids), Proposal.id.in_(invited)),
            )
            .order_by(Proposal.updated_at.desc())
        )
    )


def pending_invitations(organization_ids: list[int]) -> list[ProposalAuthor]:
    if not organization_ids:
        return []
    return list(
        db.session.scalars(
            select(ProposalAuthor)
            .join(Proposal, Proposal.id == ProposalAuthor.proposal_id)
            .where(
                ProposalAuthor.organization_id.in_(organization_ids),
                ProposalAuthor.status == AuthorStatus.INVITED,
                Proposal.status.in_(INVITATION_STATUSES),
            )
            .options(selectinload(ProposalAuthor.proposal))
            .order_by(ProposalAuthor.id)
        )
    )


def partner_search(area_code: str) -> list[Proposal]:
    """Public proposals looking for partners, by area."""
    query = select(Proposal).where(
        Proposal.looking_for_partners.is_(True), Proposal.status.in_(ACTIVE_STATUSES)
    )
    query = _filtered(query, Filters(area=area_code))
    return list(db.session.scalars(_with_relations(query)))


def of_organization(organization_id: int) -> list[Proposal]:
    """Public proposals the organization leads or co-authors (its profile)."""
    query = select(Proposal).where(public_condition())
    return list(
        db.session.scalars(_with_relations(_filtered(query, Filters(organization=organization_id))))
    )


def rounds_with_proposals() -> list[Consultation]:
    """Announced rounds that have a proposals stage (the list's round filter)."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.announced_at.is_not(None),
                Consultation.stages.any(kind=StageKind.PROPOSALS),
            )
            .order_by(Consultation.created_at.desc())
        )
    )


def organizations_with_proposals() -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.id.in_(select(Proposal.organization_id).where(public_condition())))
            .order_by(func.lower(Organization.name))
        )
    )


def merge_targets(proposal: Proposal) -> list[Proposal]:
    """Proposals this one may be merged into."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.id != proposal.id,
                Proposal.status.in_((*ACTIVE_STATUSES, ProposalStatus.ACCEPTED)),
            )
            .order_by(Proposal.title)
        )
    )
