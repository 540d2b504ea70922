"""What each wing contributes to the search index: for every *root* (an object whose change
rewrites some rows), the rows it writes now; and which roots a changed object touches.

A row's ``audience`` says who may find it: 'public' (everyone, from ``visible_from`` on) or
'staff' (officials only: rounds not yet announced, withdrawn or hidden remarks, draft answers,
organizations not verified, drafted implementation reports of the programme of cooperation).
What only its authors may see (draft proposals) is not indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from app.consultations.models import (
    Answer,
    Comment,
    Consultation,
    DraftUnit,
    DraftVersion,
    Stage,
)
from app.consultations.states import CommentVisibility, StageKind
from app.hub.models import Event, Opportunity
from app.meetings.models import Meeting
from app.organizations.models import Organization, OrganizationStatus
from app.priorities.models import Vote, VoteOption, VoteResult
from app.programmes.messages import STATUS_LABELS
from app.programmes.models import Programme, ProgrammeReport, ProgrammeTask, TaskUpdate
from app.proposals.models import Proposal
from app.proposals.permissions import is_public as proposal_is_public
from app.search.folding import fold
from app.surveys.models import Survey

PUBLIC, STAFF = "public", "staff"
#: The kinds in the order the results page shows them.
KINDS = (
    "consultation",
    "unit",
    "remark",
    "answer",
    "proposal",
    "option",
    "meeting",
    "survey",
    "organization",
    "event",
    "opportunity",
    "programme_task",
    "task_update",
    "programme_report",
)
EXCERPT_LENGTH = 240


def _excerpt(*parts: str | None) -> str:
    text = " ".join(" ".join(p.split()) for p in parts if p)
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def entry(
    kind: str,
    object_id: int,
    root: str,
    *,
    title: str,
    body: Iterable[str | None] = (),
    context: str = "",
    endpoint: str,
    url_values: dict[str, Any],
    anchor: str = "",
    audience: str = PUBLIC,
    visible_from: datetime | None = None,
    number: int | None = None,
    excerpt: str | None = None,
    keywords: Iterable[str] = (),
) -> dict[str, Any]:
    """One row of the index, as the dictionary inserted; ``keywords`` are searched but not
    shown (e.g. a status's label in every language of the site)."""
    body = [b for b in body if b]
    return {
        "kind": kind,
        "object_id": object_id,
        "root": root,
        "title": (title or "")[:300],
        "context": (context or "")[:300],
        "number": number,
        "excerpt": _excerpt(*body) if excerpt is None else excerpt,
        "folded": fold(" ".join([title or "", context or "", *body, *keywords])),
        "endpoint": endpoint,
        "url_values": url_values,
        "anchor": anchor,
        "audience": audience,
        "visible_from": visible_from,
    }


# --- consultations, their drafts and remarks -----------------------------------------------


def _commenting_closes(round_: Consultation) -> datetime | None:
    stage = next((s for s in round_.stages if s.kind == StageKind.COMMENTING), None)
    return stage.closes_at if stage is not None else None


def consultation_entries(round_: Consultation) -> list[dict]:
    return [
        entry(
            "consultation",
            round_.id,
            f"consultation:{round_.id}",
            title=round_.title,
            body=[round_.subject, round_.summary],
            endpoint="consultations.show",
            url_values={"consultation_id": round_.id},
            audience=PUBLIC if round_.announced_at is not None else STAFF,
        )
    ]


def version_entries(version: DraftVersion) -> list[dict]:
    """The units of a round's latest draft version (older versions are not searched)."""
    round_ = version.consultation
    if version.number != max(v.number for v in round_.versions):
        return []
    audience = PUBLIC if round_.announced_at is not None else STAFF
    return [
        entry(
            "unit",
            unit.id,
            f"version:{version.id}",
            title=unit.label,
            body=[unit.text_md],
            context=round_.title,
            endpoint="consultations.draft",
            url_values={"consultation_id": round_.id, "number": version.number},
            anchor=f"unit-{unit.key}",
            audience=audience,
        )
        for unit in version.units
        if unit.text_md.strip()
    ]


def _remark_audience(comment: Comment) -> tuple[str, datetime | None]:
    round_ = comment.consultation
    if round_.announced_at is None or comment.withdrawn_at or comment.hidden_at:
        return STAFF, None
    if round_.comment_visibility == CommentVisibility.IMMEDIATE:
        return PUBLIC, None
    closes = _commenting_closes(round_)
    return (PUBLIC, closes) if closes is not None else (STAFF, None)


def remark_entries(comment: Comment) -> list[dict]:
    """A remark, and its answer as a row of its own (public once published)."""
    round_ = comment.consultation
    audience, visible_from = _remark_audience(comment)
    organization = comment.organization.name if comment.organization else ""
    values = {"consultation_id": round_.id, "comment_id": comment.id}
    rows = [
        entry(
            "remark",
            comment.id,
            f"remark:{comment.id}",
            title=comment.unit_label or round_.title,
            body=[comment.proposed_wording, comment.justification, comment.current_wording],
            context=" · ".join(p for p in (round_.title, organization) if p),
            number=comment.number,
            endpoint="consultations.comment",
            url_values=values,
            audience=audience,
            visible_from=visible_from,
        )
    ]
    answer: Answer | None = comment.answer
    if answer is not None and answer.justification_md.strip():
        rows.append(
            entry(
                "answer",
                comment.id,
                f"remark:{comment.id}",
                title=comment.unit_label or round_.title,
                body=[answer.justification_md],
                context=round_.title,
                number=comment.number,
                endpoint="consultations.comment",
                url_values=values,
                audience=audience if answer.published_at is not None else STAFF,
                visible_from=visible_from,
            )
        )
    return rows


# --- proposals, votes, organizations, the hub ------------------------------------------------


def proposal_entries(proposal: Proposal) -> list[dict]:
    if not proposal_is_public(proposal):
        return []  # drafts: only their authors see them, and they do not search for them here
    published = proposal.answer_published_at is not None
    return [
        entry(
            "proposal",
            proposal.id,
            f"proposal:{proposal.id}",
            title=proposal.title,
            body=[
                proposal.problem,
                proposal.activities,
                proposal.target_group,
                proposal.expected_results,
                proposal.evidence,
                proposal.answer_md if published else "",
            ],
            context=proposal.organization.name,
            endpoint="proposals.show",
            url_values={"proposal_id": proposal.id},
        )
    ]


def vote_entries(vote: Vote) -> list[dict]:
    """A vote's options: public once the vote opens (or its result is published)."""
    if vote.consultation.announced_at is None:
        audience, visible_from = STAFF, None
    elif vote.result is not None and vote.result.published_at is not None:
        audience, visible_from = PUBLIC, None
    else:
        audience, visible_from = PUBLIC, vote.opens_at
    return [
        entry(
            "option",
            option.id,
            f"vote:{vote.id}",
            title=option.title,
            body=[option.description_md],
            context=vote.title,
            endpoint="priorities.show",
            url_values={"vote_id": vote.id},
            anchor="options",
            audience=audience,
            visible_from=visible_from,
        )
        for option in vote.options
    ]


def meeting_entries(meeting: Meeting) -> list[dict]:
    """A round's open meeting: public with its round; the minutes once published."""
    round_ = meeting.consultation
    published = meeting.minutes_published_at is not None
    return [
        entry(
            "meeting",
            meeting.id,
            f"meeting:{meeting.id}",
            title=meeting.title,
            body=[meeting.place, meeting.agenda_md, meeting.minutes_md if published else ""],
            context=round_.title,
            endpoint="meetings.show",
            url_values={"meeting_id": meeting.id},
            audience=PUBLIC if round_.announced_at is not None else STAFF,
        )
    ]


def survey_entries(survey: Survey) -> list[dict]:
    """A round's survey: public from its opening in an announced round."""
    announced = survey.consultation.announced_at is not None
    return [
        entry(
            "survey",
            survey.id,
            f"survey:{survey.id}",
            title=survey.title,
            body=[survey.intro_md],
            context=survey.consultation.title,
            endpoint="surveys.show",
            url_values={"survey_id": survey.id},
            audience=PUBLIC if announced else STAFF,
            visible_from=survey.opens_at if announced else None,
        )
    ]


def organization_entries(organization: Organization) -> list[dict]:
    verified = organization.status == OrganizationStatus.VERIFIED
    return [
        entry(
            "organization",
            organization.id,
            f"organization:{organization.id}",
            title=organization.name,
            body=[organization.description_md, organization.address if verified else ""],
            endpoint="organizations.show",
            url_values={"organization_id": organization.id},
            audience=PUBLIC if verified else STAFF,
        )
    ]


def event_entries(event: Event) -> list[dict]:
    return [
        entry(
            "event",
            event.id,
            f"event:{event.id}",
            title=event.title,
            body=[event.place, event.description_md],
            context=event.organization.name if event.organization else "",
            endpoint="hub.event",
            url_values={"event_id": event.id},
        )
    ]


def opportunity_entries(opportunity: Opportunity) -> list[dict]:
    return [
        entry(
            "opportunity",
            opportunity.id,
            f"opportunity:{opportunity.id}",
            title=opportunity.title,
            body=[opportunity.description_md, opportunity.criteria],
            endpoint="hub.opportunity",
            url_values={"opportunity_id": opportunity.id},
        )
    ]


# --- the programme of cooperation: tracked tasks, their updates, the implementation report ------


def _in_every_language(label: Any) -> list[str]:
    """A translatable label in each language of the site (searched whichever is used)."""
    texts = []
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            texts.append(str(label))
    return texts


def _programme_context(programme: Programme) -> str:
    title = programme.title
    return title if programme.period in title else f"{title} ({programme.period})"


def programme_task_entries(task: ProgrammeTask) -> list[dict]:
    """A tracked task, and each of its updates as a row of its own, both leading to the task's
    page. That page is open to everyone; tasks are tracked once their programme is adopted, so
    a task of a programme not adopted (not reachable through the services) is for officials."""
    programme = task.programme
    audience = PUBLIC if programme.is_adopted else STAFF
    context = _programme_context(programme)
    values = {"task_id": task.id}
    keywords = [str(programme.year), programme.period]
    keywords += _in_every_language(STATUS_LABELS[task.status])
    if task.area is not None:
        keywords += [task.area.name_pl, task.area.name_en]
    rows = [
        entry(
            "programme_task",
            task.id,
            f"programme_task:{task.id}",
            title=task.title,
            body=[task.drop_reason, task.spent_note],
            context=context,
            endpoint="programmes.task",
            url_values=values,
            audience=audience,
            keywords=keywords,
        )
    ]
    rows += [
        entry(
            "task_update",
            update.id,
            f"programme_task:{task.id}",
            title=task.title,
            body=[update.body_md],
            context=context,
            endpoint="programmes.task",
            url_values=values,
            audience=audience,
        )
        for update in task.updates
        if update.body_md.strip()
    ]
    return rows


def programme_report_entries(report: ProgrammeReport) -> list[dict]:
    """A year's implementation report: public once published (its current revision's text);
    its draft (shown to officials on the same page) for officials only; nothing before it is
    drafted (the page does not exist)."""
    if report.drafted_at is None:
        return []
    programme = report.programme
    values = {"programme_id": programme.id}
    if programme.is_multi_year:
        values["year"] = report.year
    return [
        entry(
            "programme_report",
            report.id,
            f"programme_report:{report.id}",
            title=programme.title + (f" ({report.year})" if programme.is_multi_year else ""),
            body=[report.text_md, report.prepared_by],
            context=programme.period,
            endpoint="programmes.report",
            url_values=values,
            audience=PUBLIC if report.published_at is not None else STAFF,
            keywords=[str(programme.year), str(report.year)],
        )
    ]


# --- roots: the registry -----------------------------------------------------------------------

#: root kind -> (model loaded by id, rows of one object, loader options for a full reindex)
ROOTS: dict[str, tuple[type, Callable[[Any], list[dict]], tuple]] = {
    "consultation": (Consultation, consultation_entries, ()),
    "version": (
        DraftVersion,
        version_entries,
        (
            selectinload(DraftVersion.units),
            selectinload(DraftVersion.consultation).selectinload(Consultation.versions),
        ),
    ),
    "remark": (
        Comment,
        remark_entries,
        (
            selectinload(Comment.answer),
            selectinload(Comment.organization),
            selectinload(Comment.consultation).selectinload(Consultation.stages),
        ),
    ),
    "proposal": (Proposal, proposal_entries, (selectinload(Proposal.organization),)),
    "vote": (
        Vote,
        vote_entries,
        (selectinload(Vote.options), selectinload(Vote.result), selectinload(Vote.consultation)),
    ),
    "meeting": (Meeting, meeting_entries, (selectinload(Meeting.consultation),)),
    "survey": (Survey, survey_entries, (selectinload(Survey.consultation),)),
    "organization": (Organization, organization_entries, ()),
    "event": (Event, event_entries, (selectinload(Event.organization),)),
    "opportunity": (Opportunity, opportunity_entries, ()),
    "programme_task": (
        ProgrammeTask,
        programme_task_entries,
        (
            selectinload(ProgrammeTask.programme),
            selectinload(ProgrammeTask.area),
            selectinload(ProgrammeTask.updates),
        ),
    ),
    "programme_report": (
        ProgrammeReport,
        programme_report_entries,
        (selectinload(ProgrammeReport.programme),),
    ),
}


def preload(session: Session, roots: Iterable[str]) -> list[Any]:
    """Load the objects of many roots (and what their rows read) in a few queries, so that
    ``rows_of`` finds them in the session. The caller keeps the returned list while it writes:
    the session holds its objects only weakly."""
    loaded: list[Any] = []
    ids: dict[str, list[int]] = {}
    for root in roots:
        kind, _, object_id = root.partition(":")
        if kind in ROOTS:
            ids.setdefault(kind, []).append(int(object_id))
    for kind, wanted in ids.items():
        if len(wanted) < 2:
            continue
        model, _, options = ROOTS[kind]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            loaded += session.scalars(select(model).where(model.id.in_(chunk)).options(*options))
    return loaded


def rows_of(session: Session, root: str) -> list[dict]:
    """The rows ``root`` ('remark:12') writes now; none when the object is gone."""
    kind, _, object_id = root.partition(":")
    model, build, _ = ROOTS[kind]
    obj = session.get(model, int(object_id))
    return build(obj) if obj is not None else []


def _changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def round_roots(session: Session, consultation_id: int) -> set[str]:
    """Every root whose rows depend on how a round is published (announced, visibility, title,
    stages): its draft versions, remarks, votes, meetings and surveys."""
    roots = {f"consultation:{consultation_id}"}
    for model, prefix in (
        (DraftVersion, "version"),
        (Comment, "remark"),
        (Vote, "vote"),
        (Meeting, "meeting"),
        (Survey, "survey"),
    ):
        ids = session.scalars(select(model.id).where(model.consultation_id == consultation_id))
        roots.update(f"{prefix}:{i}" for i in ids)
    return roots


def touched_roots(obj: Any, deleted: bool = False) -> set[str]:
    """The roots a new, changed or deleted object rewrites. A root written as 'round:<id>' is
    expanded by ``round_roots`` when the index is written."""
    if isinstance(obj, Consultation):
        if (
            not deleted
            and obj.id is not None
            and _changed(obj, "announced_at", "comment_visibility", "title")
        ):
            return {f"round:{obj.id}"}
        return {f"consultation:{obj.id}"}
    if isinstance(obj, Stage):
        return {f"round:{obj.consultation_id}"}
    if isinstance(obj, DraftVersion):
        return {f"round-versions:{obj.consultation_id}"}
    if isinstance(obj, DraftUnit):
        return {f"version:{obj.version_id}"}
    if isinstance(obj, Comment):
        return {f"remark:{obj.id}"}
    if isinstance(obj, Answer):
        return {f"remark:{obj.comment_id}"}
    if isinstance(obj, Proposal):
        return {f"proposal:{obj.id}"}
    if isinstance(obj, Vote):
        return {f"vote:{obj.id}"}
    if isinstance(obj, VoteOption | VoteResult):
        return {f"vote:{obj.vote_id}"}
    if isinstance(obj, Organization):
        if not deleted and obj.id is not None and _changed(obj, "name"):
            return {f"organization-all:{obj.id}"}  # its name is in its remarks and proposals
        return {f"organization:{obj.id}"}
    if isinstance(obj, Meeting):
        return {f"meeting:{obj.id}"}
    if isinstance(obj, Survey):
        return {f"survey:{obj.id}"}
    if isinstance(obj, Event):
        return {f"event:{obj.id}"}
    if isinstance(obj, Opportunity):
        return {f"opportunity:{obj.id}"}
    if isinstance(obj, ProgrammeTask):
        return {f"programme_task:{obj.id}"}
    if isinstance(obj, TaskUpdate):
        return {f"programme_task:{obj.task_id}"}
    if isinstance(obj, Programme):
        if (
            not deleted
            and obj.id is not None
            and _changed(obj, "title", "year", "end_year", "adopted_on")
        ):
            return {f"programme-all:{obj.id}"}  # in the rows of its tasks, updates, reports
        return set()
    if isinstance(obj, ProgrammeReport):
        return {f"programme_report:{obj.id}"}
    return set()


def expand(session: Session, root: str) -> set[str]:
    """A root itself, or the roots a grouping root ('round:3', 'round-versions:3') stands for."""
    kind, _, object_id = root.partition(":")
    if kind == "round":
        return round_roots(session, int(object_id))
    if kind == "organization-all":
        roots = {f"organization:{object_id}"}
        for model, prefix in ((Comment, "remark"), (Proposal, "proposal"), (Event, "event")):
            ids = session.scalars(select(model.id).where(model.organization_id == int(object_id)))
            roots.update(f"{prefix}:{i}" for i in ids)
        return roots
    if kind == "programme-all":
        ids = session.scalars(
            select(ProgrammeTask.id).where(ProgrammeTask.programme_id == int(object_id))
        )
        reports = session.scalars(
            select(ProgrammeReport.id).where(ProgrammeReport.programme_id == int(object_id))
        )
        return {f"programme_report:{i}" for i in reports} | {f"programme_task:{i}" for i in ids}
    if kind == "round-versions":
        ids = session.scalars(
            select(DraftVersion.id).where(DraftVersion.consultation_id == int(object_id))
        )
        return {f"version:{i}" for i in ids}
    return {root}
