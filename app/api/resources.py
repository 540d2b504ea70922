"""What the open data API publishes: for each resource, the query of its public rows and the
dictionary each row becomes.

Only what the site shows to a visitor who is not signed in is published: announced rounds,
their drafts, public remarks (not withdrawn, not hidden) with *published* answers, reports,
proposals past the draft, votes past set-up with *published* results (the ballots file only
where the vote's secrecy rules allow it), verified organizations with the contact details they
chose to show, events, opportunities, programmes of cooperation (their report once published)
and their tracked tasks with milestones and grants (never the funded organizations' change
notices, nor who posted an update). No person's name, e-mail or account id appears:
remarks and proposals are attributed to organizations only. Every query loads its relations
eagerly, so a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import current_app, url_for
from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.consultations import permissions as consultation_rules
from app.consultations.models import (
    Answer,
    Comment,
    Consultation,
    DraftVersion,
    Report,
)
from app.extensions import db
from app.hub.models import Event, Opportunity
from app.organizations.models import Organization, OrganizationStatus
from app.priorities.kinds import Secrecy
from app.priorities.models import Vote, VoteResult
from app.programmes.models import (
    Grant,
    Programme,
    ProgrammeReport,
    ProgrammeReportRevision,
    ProgrammeTask,
)
from app.proposals.models import Proposal, ProposalAuthor
from app.proposals.permissions import PUBLIC_STATUSES
from app.proposals.states import AuthorStatus

#: Aggregate parts of a vote's counted outcome that are published (never the step-by-step
#: trace, which for some rules follows individual ballots).
OUTCOME_KEYS = (
    "method",
    "variant",
    "winners",
    "selected",
    "ranking",
    "totals",
    "scores",
    "allocation",
    "total_cost",
    "leftover",
    "ties",
)


def iso(value: datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def page_url(endpoint: str, **values: Any) -> str:
    """The public HTML page of an object (absolute)."""
    return url_for(endpoint, _external=True, **values)


def _latest(*values: datetime | None) -> str | None:
    present = [v if v.tzinfo else v.replace(tzinfo=UTC) for v in values if v is not None]
    return iso(max(present)) if present else None


# --- consultations -------------------------------------------------------------------------


def announced_rounds() -> Select:
    return select(Consultation).where(Consultation.announced_at.is_not(None))


def consultations_query(since: datetime | None) -> Select:
    query = announced_rounds().options(
        selectinload(Consultation.stages),
        selectinload(Consultation.areas),
        selectinload(Consultation.versions),
        selectinload(Consultation.report),
    )
    if since is not None:
        query = query.where(
            or_(Consultation.updated_at >= since, Consultation.announced_at >= since)
        )
    return query.order_by(Consultation.id)


def consultation_dict(round_: Consultation) -> dict:
    return {
        "id": round_.id,
        "title": round_.title,
        "summary": round_.summary,
        "subject": round_.subject,
        "rules_html": round_.rules_html,
        "contact_person": round_.contact_person,
        "contact_email": round_.contact_email,
        "participation": str(round_.participation),
        "comment_visibility": str(round_.comment_visibility),
        "areas": sorted(area.code for area in round_.areas),
        "stages": [
            {"kind": str(s.kind), "opens_at": iso(s.opens_at), "closes_at": iso(s.closes_at)}
            for s in sorted(round_.stages, key=lambda s: (s.opens_at, s.id))
        ],
        "draft_versions": [
            {"id": v.id, "number": v.number, "title": v.title, "published_at": iso(v.published_at)}
            for v in sorted(round_.versions, key=lambda v: v.number)
        ],
        "report_id": round_.report.id if round_.report is not None else None,
        "announced_at": iso(round_.announced_at),
        "changed_at": _latest(round_.updated_at, round_.announced_at),
        "url": page_url("consultations.show", consultation_id=round_.id),
    }


def draft_versions_query(since: datetime | None) -> Select:
    query = (
        select(DraftVersion)
        .join(Consultation, Consultation.id == DraftVersion.consultation_id)
        .where(Consultation.announced_at.is_not(None))
        .options(selectinload(DraftVersion.units))
    )
    if since is not None:
        query = query.where(DraftVersion.published_at >= since)
    return query.order_by(DraftVersion.id)


def draft_version_dict(version: DraftVersion) -> dict:
    return {
        "id": version.id,
        "consultation_id": version.consultation_id,
        "number": version.number,
        "title": version.title,
        "change_note": version.change_note,
        "published_at": iso(version.published_at),
        "changed_at": iso(version.published_at),
        "units": [
            {
                "key": unit.key,
                "position": unit.position,
                "kind": str(unit.kind),
                "level": unit.level,
                "marker": unit.marker,
                "label": unit.label,
                "text_md": unit.text_md,
                "text_html": unit.text_html,
                "change": str(unit.change),
            }
            for unit in sorted(version.units, key=lambda u: u.position)
        ],
    }


# --- remarks (comments on a draft) with their published answers -----------------------------


def _rounds_with_public_remarks(now: datetime) -> list[int]:
    """Announced rounds whose remarks are public now (at once, or after commenting closed)."""
    rounds = db.session.scalars(announced_rounds().options(selectinload(Consultation.stages))).all()
    return [r.id for r in rounds if consultation_rules.comments_are_public(r, now)]


def remarks_query(since: datetime | None, consultation_id: int | None = None) -> Select:
    public_rounds = _rounds_with_public_remarks(datetime.now(UTC))
    query = (
        select(Comment)
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(
            Comment.consultation_id.in_(public_rounds) if public_rounds else false(),
            Comment.withdrawn_at.is_(None),
            Comment.hidden_at.is_(None),
        )
        .options(joinedload(Comment.organization), joinedload(Comment.answer))
    )
    if consultation_id is not None:
        query = query.where(Comment.consultation_id == consultation_id)
    if since is not None:
        query = query.where(
            or_(
                Comment.updated_at >= since,
                and_(Answer.published_at.is_not(None), Answer.published_at >= since),
            )
        )
    return query.order_by(Comment.id)


def remark_dict(comment: Comment) -> dict:
    answer = comment.published_answer
    organization = comment.organization
    return {
        "id": comment.id,
        "consultation_id": comment.consultation_id,
        "number": comment.number,
        "draft_version_id": comment.version_id,
        "unit_key": comment.unit_key,
        "unit_label": comment.unit_label,
        "organization": (
            {"id": organization.id, "name": organization.name} if organization else None
        ),
        "channel": str(comment.channel),
        "current_wording": comment.current_wording,
        "proposed_wording": comment.proposed_wording,
        "justification": comment.justification,
        "created_at": iso(comment.created_at),
        "changed_at": _latest(
            comment.updated_at, answer.published_at if answer is not None else None
        ),
        "answer": (
            {
                "decision": str(answer.decision),
                "justification_html": answer.justification_html,
                "published_at": iso(answer.published_at),
            }
            if answer is not None
            else None
        ),
    }


# --- reports ---------------------------------------------------------------------------------


def reports_query(since: datetime | None) -> Select:
    query = (
        select(Report)
        .join(Consultation, Consultation.id == Report.consultation_id)
        .where(Consultation.announced_at.is_not(None))
    )
    if since is not None:
        query = query.where(or_(Report.updated_at >= since, Report.published_at >= since))
    return query.order_by(Report.id)


def report_dict(report: Report) -> dict:
    return {
        "id": report.id,
        "consultation_id": report.consultation_id,
        "statement_html": report.statement_html,
        "prepared_by": report.prepared_by,
        "published_at": iso(report.published_at),
        "changed_at": _latest(report.updated_at, report.published_at),
        "url": page_url("consultations.report", consultation_id=report.consultation_id),
    }


# --- proposals -------------------------------------------------------------------------------


def proposals_query(since: datetime | None) -> Select:
    query = (
        select(Proposal)
        # submitted once: a withdrawn draft stays private (issue 12)
        .where(Proposal.status.in_(PUBLIC_STATUSES), Proposal.submitted_at.is_not(None))
        .options(
            joinedload(Proposal.area),
            joinedload(Proposal.organization),
            selectinload(Proposal.authors).joinedload(ProposalAuthor.organization),
        )
    )
    if since is not None:
        query = query.where(
            or_(
                Proposal.updated_at >= since,
                and_(
                    Proposal.answer_published_at.is_not(None),
                    Proposal.answer_published_at >= since,
                ),
            )
        )
    return query.order_by(Proposal.id)


def proposal_dict(proposal: Proposal) -> dict:
    published = proposal.answer_published_at is not None
    co_authors = [
        {"id": a.organization.id, "name": a.organization.name}
        for a in sorted(proposal.authors, key=lambda a: a.id)
        if a.status == AuthorStatus.ACCEPTED and a.organization_id != proposal.organization_id
    ]
    return {
        "id": proposal.id,
        "title": proposal.title,
        "area": proposal.area.code if proposal.area else None,
        "problem": proposal.problem,
        "evidence": proposal.evidence,
        "activities": proposal.activities,
        "target_group": proposal.target_group,
        "expected_results": proposal.expected_results,
        "estimated_cost": money(proposal.estimated_cost),
        "time_frame": proposal.time_frame,
        "consultation_id": proposal.consultation_id,
        "status": str(proposal.status),
        "organization": {"id": proposal.organization.id, "name": proposal.organization.name},
        "co_authors": co_authors,
        "merged_into_id": proposal.merged_into_id,
        "submitted_at": iso(proposal.submitted_at),
        "changed_at": _latest(proposal.updated_at, proposal.answer_published_at),
        "answer": (
            {
                "decision": str(proposal.decision) if proposal.decision else None,
                "answer_html": proposal.answer_html,
                "published_at": iso(proposal.answer_published_at),
            }
            if published
            else None
        ),
        "url": page_url("proposals.show", proposal_id=proposal.id),
    }


# --- votes, their results and ballots files ---------------------------------------------------


def votes_query(since: datetime | None, now: datetime | None = None) -> Select:
    now = now or datetime.now(UTC)
    query = (
        select(Vote)
        .join(Consultation, Consultation.id == Vote.consultation_id)
        .outerjoin(VoteResult, VoteResult.vote_id == Vote.id)
        .where(
            Consultation.announced_at.is_not(None),
            or_(Vote.opens_at <= now, VoteResult.published_at.is_not(None)),
        )
        .options(selectinload(Vote.options), joinedload(Vote.result))
    )
    if since is not None:
        query = query.where(
            or_(
                Vote.updated_at >= since,
                and_(VoteResult.published_at.is_not(None), VoteResult.published_at >= since),
            )
        )
    return query.order_by(Vote.id)


def published_result(vote: Vote) -> VoteResult | None:
    result = vote.result
    return result if result is not None and result.published_at is not None else None


def ballots_withheld(vote: Vote, result: VoteResult) -> bool:
    """A secret vote with fewer ballots than its minimum keeps its ballots file unpublished."""
    minimum = getattr(vote, "min_ballots_for_publication", None)
    if minimum is None:
        minimum = current_app.config.get("VOTE_MIN_BALLOTS_FOR_PUBLICATION", 5)
    ballots = int((result.turnout or {}).get("ballots", 0))
    return vote.secrecy == Secrecy.SECRET and ballots < minimum


def _result_dict(vote: Vote, result: VoteResult) -> dict:
    turnout = result.turnout or {}
    withheld = ballots_withheld(vote, result)
    published_turnout: dict[str, Any] = {
        "eligible": int(turnout.get("eligible", 0)),
        "ballots": int(turnout.get("ballots", 0)),
        "support": {str(k): v for k, v in (turnout.get("support") or {}).items()},
    }
    if not withheld:
        for key in ("online", "paper"):
            if key in turnout:
                published_turnout[key] = int(turnout[key])
    outcome = result.outcome or {}
    return {
        "published_at": iso(result.published_at),
        "statement_html": result.statement_html,
        "outcome": {key: outcome[key] for key in OUTCOME_KEYS if key in outcome},
        "turnout": published_turnout,
        "ballots_withheld": withheld,
        "ballots_sha256": None if withheld else result.ballots_sha256,
        "ballots_pb_url": (
            None if withheld else url_for("api.vote_ballots", vote_id=vote.id, _external=True)
        ),
    }


def vote_dict(vote: Vote) -> dict:
    result = published_result(vote)
    return {
        "id": vote.id,
        "consultation_id": vote.consultation_id,
        "title": vote.title,
        "explanation_html": vote.explanation_html,
        "ballot_type": str(vote.ballot_type),
        "method": vote.method,
        "voter_unit": str(vote.voter_unit),
        "secrecy": str(vote.secrecy),
        "budget": money(vote.budget),
        "opens_at": iso(vote.opens_at),
        "closes_at": iso(vote.closes_at),
        "options": [
            {
                "id": option.id,
                "position": option.position,
                "title": option.title,
                "description_html": option.description_html,
                "cost": money(option.cost),
                "proposal_id": option.proposal_id,
            }
            for option in sorted(vote.options, key=lambda o: (o.position, o.id))
        ],
        "result": _result_dict(vote, result) if result is not None else None,
        "changed_at": _latest(vote.updated_at, result.published_at if result else None),
        "url": page_url("priorities.show", vote_id=vote.id),
    }


# --- organizations, events, opportunities -----------------------------------------------------


def organizations_query(since: datetime | None) -> Select:
    query = (
        select(Organization)
        .where(Organization.status == OrganizationStatus.VERIFIED)
        .options(selectinload(Organization.areas))
    )
    if since is not None:
        query = query.where(Organization.updated_at >= since)
    return query.order_by(Organization.id)


def organization_dict(organization: Organization) -> dict:
    return {
        "id": organization.id,
        "name": organization.name,
        "legal_form": str(organization.legal_form),
        "register_type": str(organization.register_type),
        "register_number": organization.register_number,
        "nip": organization.nip,
        "regon": organization.regon,
        "description_html": organization.description_html,
        "website": organization.website,
        "email": organization.email if organization.show_email else None,
        "phone": organization.phone if organization.show_phone else None,
        "address": organization.address if organization.show_address else None,
        "areas": sorted(area.code for area in organization.areas),
        "verified_at": iso(organization.decided_at),
        "changed_at": iso(organization.updated_at),
        "url": page_url("organizations.show", organization_id=organization.id),
    }


def events_query(since: datetime | None) -> Select:
    query = select(Event).options(joinedload(Event.area), joinedload(Event.organization))
    if since is not None:
        query = query.where(Event.updated_at >= since)
    return query.order_by(Event.id)


def event_dict(event: Event) -> dict:
    return {
        "id": event.id,
        "title": event.title,
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "place": event.place,
        "online_url": event.online_url,
        "description_html": event.description_html,
        "area": event.area.code if event.area else None,
        "organization": (
            {"id": event.organization.id, "name": event.organization.name}
            if event.organization
            else None
        ),
        "is_open_to_join": event.is_open_to_join,
        "changed_at": iso(event.updated_at),
        "url": page_url("hub.event", event_id=event.id),
    }


def opportunities_query(since: datetime | None) -> Select:
    query = select(Opportunity).options(selectinload(Opportunity.areas))
    if since is not None:
        query = query.where(Opportunity.updated_at >= since)
    return query.order_by(Opportunity.id)


def opportunity_dict(opportunity: Opportunity) -> dict:
    return {
        "id": opportunity.id,
        "kind": str(opportunity.kind),
        "title": opportunity.title,
        "description_html": opportunity.description_html,
        "amount": money(opportunity.amount),
        "deadline_at": iso(opportunity.deadline_at),
        "planned_year": opportunity.planned_year,
        "planned_month": opportunity.planned_month,
        "criteria": opportunity.criteria,
        "announcement_url": opportunity.announcement_url,
        "areas": sorted(area.code for area in opportunity.areas),
        "changed_at": iso(opportunity.updated_at),
        "url": page_url("hub.opportunity", opportunity_id=opportunity.id),
    }


# --- programmes of cooperation and their tracked tasks ------------------------------------------


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def programmes_query(since: datetime | None) -> Select:
    query = select(Programme).options(
        selectinload(Programme.rounds), selectinload(Programme.reports)
    )
    if since is not None:
        corrected = (
            select(ProgrammeReport.programme_id)
            .join(ProgrammeReportRevision)
            .where(ProgrammeReportRevision.published_at >= since)
        )
        query = query.where(or_(Programme.updated_at >= since, Programme.id.in_(corrected)))
    return query.order_by(Programme.id)


def programme_dict(programme: Programme) -> dict:
    # the latest year's published report, as its current revision shows it
    report = next((r for r in reversed(programme.reports) if r.current is not None), None)
    revision = report.current if report is not None else None
    return {
        "id": programme.id,
        "year": programme.year,
        "end_year": programme.end_year,
        "title": programme.title,
        "goals_html": programme.goals_html,
        "priority_tasks": programme.priority_lines,
        "indicators": programme.indicators,
        "draft_published_on": _day(programme.draft_published_on),
        "opinion_on": _day(programme.opinion_on),
        "resolution_number": programme.resolution_number,
        "adopted_on": _day(programme.adopted_on),
        "bip_url": programme.bip_url,
        "consultation_ids": [r.id for r in programme.rounds if r.announced_at is not None],
        "report": (
            {
                "report_html": revision.text_html,
                "prepared_by": revision.prepared_by,
                "published_at": iso(revision.published_at),
            }
            if revision is not None
            else None
        ),
        "changed_at": _latest(
            programme.updated_at, revision.published_at if revision is not None else None
        ),
        "url": page_url("programmes.show", programme_id=programme.id),
    }


def programme_tasks_query(since: datetime | None) -> Select:
    query = select(ProgrammeTask).options(
        joinedload(ProgrammeTask.area),
        selectinload(ProgrammeTask.milestones),
        selectinload(ProgrammeTask.grants).joinedload(Grant.organization),
        selectinload(ProgrammeTask.opportunities),
    )
    if since is not None:
        query = query.where(ProgrammeTask.updated_at >= since)
    return query.order_by(ProgrammeTask.id)


def programme_task_dict(task: ProgrammeTask) -> dict:
    return {
        "id": task.id,
        "programme_id": task.programme_id,
        "position": task.position,
        "source": str(task.source),
        "title": task.title,
        "area": task.area.code if task.area else None,
        "proposal_id": task.proposal_id,
        "vote_option_id": task.vote_option_id,
        "status": str(task.status),
        "drop_reason": task.drop_reason,
        "progress": task.progress,
        "planned_amount": money(task.planned_amount),
        "spent_amount": money(task.spent_amount),
        "spent_note": task.spent_note,
        "milestones": [
            {"title": m.title, "due_on": _day(m.due_on), "done_on": _day(m.done_on)}
            for m in sorted(task.milestones, key=lambda m: (m.due_on, m.id))
        ],
        "grants": [
            {
                "organization": {"id": g.organization.id, "name": g.organization.name},
                "amount": money(g.amount),
                "purpose": g.purpose,
                "opportunity_id": g.opportunity_id,
            }
            for g in sorted(task.grants, key=lambda g: g.id)
        ],
        "opportunity_ids": sorted(o.id for o in task.opportunities),
        "changed_at": iso(task.updated_at),
        "url": page_url("programmes.task", task_id=task.id),
    }


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    name: str
    model: type
    query: Callable[..., Select]
    to_dict: Callable[[Any], dict]
    #: Extra list filters: query parameter → keyword of ``query``.
    filters: tuple[str, ...] = ()


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource("consultations", Consultation, consultations_query, consultation_dict),
        Resource("draft-versions", DraftVersion, draft_versions_query, draft_version_dict),
        Resource("remarks", Comment, remarks_query, remark_dict, ("consultation_id",)),
        Resource("reports", Report, reports_query, report_dict),
        Resource("proposals", Proposal, proposals_query, proposal_dict),
        Resource("votes", Vote, votes_query, vote_dict),
        Resource("organizations", Organization, organizations_query, organization_dict),
        Resource("events", Event, events_query, event_dict),
        Resource("opportunities", Opportunity, opportunities_query, opportunity_dict),
        Resource("programmes", Programme, programmes_query, programme_dict),
        Resource("programme-tasks", ProgrammeTask, programme_tasks_query, programme_task_dict),
    )
}


def one(resource: Resource, object_id: int) -> Any | None:
    """The public object of ``resource`` with this id, or None (missing or not public)."""
    model_id: ColumnElement = resource.model.id  # type: ignore[attr-defined]
    return db.session.scalars(resource.query(None).where(model_id == object_id)).unique().first()
