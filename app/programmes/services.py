"""State changes of the programme of cooperation. Services flush but never commit.

Each service checks its rule from ``permissions`` again, so a forged request that slipped past
a view stores nothing (:class:`NotAllowed`); every official action is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState, NotAllowed
from app.common.revisions import correction_reason
from app.common.sanitize import render_markdown
from app.common.timeutil import to_local, utcnow
from app.common.uploads import CheckedFile
from app.consultations.models import Consultation
from app.extensions import db
from app.hub.models import Opportunity
from app.organizations.models import Organization, PublicBenefitArea
from app.priorities.models import VoteOption
from app.programmes import permissions, queries, signals, snapshot, timeline
from app.programmes.models import (
    ChangeNotice,
    Grant,
    Indicator,
    IndicatorValue,
    Milestone,
    NoticeReply,
    Programme,
    ProgrammeFile,
    ProgrammeReport,
    ProgrammeReportRevision,
    ProgrammeTask,
    TaskUpdate,
)
from app.programmes.states import Measure, NoticeAnswer, NoticeKind, TaskSource, TaskStatus
from app.proposals.models import Proposal, ProposalStatus

#: The office answers a change notice within this many days.
NOTICE_ANSWER_DAYS = 14


class YearTaken(DomainError):
    """There is a programme for that year already."""


class InvalidPeriod(DomainError):
    """The last year is before the first."""


class UnknownArea(DomainError):
    """The area of public benefit does not exist."""


class AlreadyAdopted(InvalidState):
    """The programme has been adopted already."""


class NotAdopted(InvalidState):
    """Tasks are tracked only for an adopted programme."""


class DateInFuture(DomainError):
    """A date of something done cannot be in the future."""


class NotAccepted(DomainError):
    """Only an accepted proposal becomes a tracked task."""


class NotFunded(DomainError):
    """Only a funded option of a vote with published results becomes a tracked task."""


class AlreadyTracked(DomainError):
    """The proposal or option is already a task of this programme."""


class EmptyTitle(DomainError):
    """A task needs a title."""


class DroppedWithoutReason(DomainError):
    """A dropped task needs the reason."""


class SpentAboveWithoutNote(DomainError):
    """More was spent than planned: a note must say why."""


class MilestoneOutsideYear(DomainError):
    """A milestone's date must lie within the programme's year(s)."""


class MilestoneReachedOutsideYear(MilestoneOutsideYear):
    """The day a milestone was reached lies outside the programme's year(s)."""


class ReasonForRemovalRequired(DomainError):
    """Removing a public record (a grant, a milestone) needs the reason."""


class TaskHasRecords(InvalidState):
    """A task with grants, updates or change notices stays: its record is public."""


class EmptyReply(DomainError):
    """A reply in a change notice's thread needs text."""


class ReplyDueInPast(DomainError):
    """The day the organization is asked to reply by is already past."""


class EmptyUpdate(DomainError):
    """An update needs text."""


class NotFundedOrganization(DomainError):
    """The organization received no grant for this task, so it files no change notice."""


class AlreadyAnswered(InvalidState):
    """The change notice has been answered already."""


class ReasonRequired(DomainError):
    """The answer to a change notice needs a reason."""


class ReplyDateRequired(DomainError):
    """An answer that needs an annex says by when the organization replies."""


class ConsultationDatesIncomplete(DomainError):
    """A consultation held outside the platform is recorded with both its dates."""


class ConsultationEndsBeforeStart(DomainError):
    """The consultation's last day is before its first."""


class IndicatorValueComputed(DomainError):
    """An indicator measured by the platform takes no typed value: its value is computed."""


class ReportTooEarly(InvalidState):
    """The report is published from 1 January of the year after the programme."""


class ReportNotDrafted(InvalidState):
    """There is no report text to publish yet."""


class ReportAlreadyPublished(InvalidState):
    """A published report changes only by a correction (a new revision with a reason)."""


class ReportNotPublished(InvalidState):
    """Only a published report is corrected; a draft is edited."""


class NotAYearOfTheProgramme(DomainError):
    """The report's year is outside the programme's period."""


@dataclass(frozen=True)
class ProgrammeData:
    year: int
    title: str
    end_year: int | None = None
    goals: str = ""
    priority_tasks: str = ""
    indicators: str = ""
    draft_published_on: date | None = None
    round_ids: Sequence[int] = ()
    #: A consultation held outside the platform: its first and last day (both or neither).
    consultation_from: date | None = None
    consultation_to: date | None = None


@dataclass(frozen=True)
class IndicatorEntry:
    """How an indicator is measured and, when typed by the office, its value for a year."""

    name: str
    #: A Measure, or None: the value is typed.
    measure: str | None = None
    value: str = ""
    note: str = ""


@dataclass(frozen=True)
class TaskProgress:
    status: TaskStatus
    progress: int
    drop_reason: str = ""
    planned_amount: Decimal | None = None
    spent_amount: Decimal | None = None
    spent_note: str = ""
    #: The task's area by code: None keeps it, "" clears it.
    area_code: str | None = None


@dataclass(frozen=True)
class TaskDetails:
    """What a task is, as opposed to how it goes (:class:`TaskProgress`): corrected when it was
    mistyped or tracked with the wrong area or plan."""

    title: str
    #: The task's area by code; "" clears it.
    area_code: str = ""
    planned_amount: Decimal | None = None


@dataclass(frozen=True)
class Upload:
    """A checked file and its bytes."""

    checked: CheckedFile
    data: bytes


def local_today(now: datetime) -> date:
    return to_local(now).date()


def _check(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed()


def _store_file(
    upload: Upload | None, user: User, now: datetime, public: bool
) -> ProgrammeFile | None:
    if upload is None:
        return None
    row = ProgrammeFile(
        filename=upload.checked.filename,
        content_type=upload.checked.content_type,
        size=upload.checked.size,
        sha256=upload.checked.sha256,
        data=upload.data,
        is_public=public,
        uploaded_at=now,
        uploaded_by_id=user.id,
    )
    db.session.add(row)
    return row


def _apply_programme(programme: Programme, data: ProgrammeData, now: datetime) -> None:
    end_year = data.end_year or data.year
    if end_year < data.year:
        raise InvalidPeriod()
    if data.draft_published_on is not None and data.draft_published_on > local_today(now):
        raise DateInFuture()
    if (data.consultation_from is None) != (data.consultation_to is None):
        raise ConsultationDatesIncomplete()
    if data.consultation_from and data.consultation_to < data.consultation_from:
        raise ConsultationEndsBeforeStart()
    clash = db.session.scalar(
        select(Programme.id).where(Programme.year == data.year, Programme.id != programme.id)
    )
    if clash is not None:
        raise YearTaken()
    rounds = []
    if data.round_ids:
        rounds = list(
            db.session.scalars(select(Consultation).where(Consultation.id.in_(data.round_ids)))
        )
    programme.year = data.year
    programme.end_year = end_year
    programme.title = data.title.strip()
    programme.goals_md = data.goals.strip()
    programme.goals_html = render_markdown(data.goals)
    programme.priority_tasks = data.priority_tasks.strip()
    programme.indicators = data.indicators.strip()
    programme.draft_published_on = data.draft_published_on
    programme.consultation_from = data.consultation_from
    programme.consultation_to = data.consultation_to
    programme.rounds = rounds
    _sync_indicators(programme)
    programme.updated_at = now
    sync_reports(programme)


def _sync_indicators(programme: Programme) -> None:
    """Keep the indicators' rows in step with the programme's lines: a line keeps its row
    (how it is measured, its typed values) while its text stays the same."""
    names = [line.strip()[:300] for line in programme.indicators.splitlines() if line.strip()]
    names = list(dict.fromkeys(names))
    rows = {row.name: row for row in programme.indicator_rows}
    for row in list(programme.indicator_rows):
        if row.name not in names:
            programme.indicator_rows.remove(row)
    for position, name in enumerate(names):
        row = rows.get(name)
        if row is None:
            row = Indicator(name=name)
            programme.indicator_rows.append(row)
        row.position = position


def set_indicators(
    official: User,
    programme: Programme,
    year: int,
    entries: Sequence[IndicatorEntry],
    now: datetime,
) -> list[Indicator]:
    """Say how each indicator is measured (one of the platform's computations, or typed) and
    give the typed ones their value and note for ``year``; audited with what changed.

    :raises NotAYearOfTheProgramme: the year is outside the programme's period.
    :raises IndicatorValueComputed: a value typed for an indicator the platform measures.
    """
    _check(permissions.can_manage(official))
    if year not in range(programme.year, programme.end_year + 1):
        raise NotAYearOfTheProgramme()
    _sync_indicators(programme)
    rows = {row.name: row for row in programme.indicator_rows}
    changes = []
    for entry in entries:
        row = rows.get(entry.name)
        if row is None:
            continue
        measure = Measure(entry.measure) if entry.measure else None
        value, note = entry.value.strip()[:100], entry.note.strip()
        if measure is not None and (value or note):
            raise IndicatorValueComputed(entry.name)
        typed = next((v for v in row.values if v.year == year), None)
        before = (row.measure, typed.value if typed else "", typed.note if typed else "")
        row.measure = measure
        if measure is None and (value or note or typed is not None):
            if typed is None:
                typed = IndicatorValue(year=year)
                row.values.append(typed)
            typed.value, typed.note, typed.updated_at = value, note, now
        after = (row.measure, typed.value if typed else "", typed.note if typed else "")
        if after != before:
            changes.append({"name": row.name, "measure": after[0], "value": after[1]})
    programme.updated_at = now
    db.session.flush()
    if changes:
        record_audit(
            official,
            Action.PROGRAMME_INDICATORS,
            programme,
            label=programme.title,
            year=year,
            changes=changes,
        )
    return list(programme.indicator_rows)


def create_programme(official: User, data: ProgrammeData, now: datetime) -> Programme:
    """Start the programme for a year.

    :raises YearTaken: there is one for that year.
    """
    _check(permissions.can_manage(official))
    programme = Programme(created_by_id=official.id, created_at=now)
    _apply_programme(programme, data, now)
    db.session.add(programme)
    db.session.flush()
    record_audit(official, Action.PROGRAMME_CREATE, programme, label=programme.title)
    return programme


def update_programme(official: User, programme: Programme, data: ProgrammeData, now: datetime):
    """Change the programme's content, period, draft date and linked rounds."""
    _check(permissions.can_manage(official))
    _apply_programme(programme, data, now)
    db.session.flush()
    record_audit(official, Action.PROGRAMME_UPDATE, programme, label=programme.title)
    return programme


def attach_opinion(
    official: User, programme: Programme, opinion_on: date, upload: Upload, now: datetime
) -> ProgrammeFile:
    """Attach the public benefit council's opinion on the draft, with its date."""
    _check(permissions.can_manage(official))
    if opinion_on > local_today(now):
        raise DateInFuture()
    document = _store_file(upload, official, now, public=True)
    programme.opinion_on = opinion_on
    programme.opinion_file = document
    programme.updated_at = now
    db.session.flush()
    record_audit(
        official,
        Action.PROGRAMME_OPINION,
        programme,
        label=programme.title,
        opinion_on=opinion_on.isoformat(),
        filename=document.filename,
    )
    return document


def adopt_programme(
    official: User,
    programme: Programme,
    resolution_number: str,
    adopted_on: date,
    bip_url: str | None,
    now: datetime,
) -> Programme:
    """Record the council's resolution adopting the programme (it cannot be undone).

    :raises AlreadyAdopted: it was recorded before.
    :raises DateInFuture: the resolution's date is after today.
    """
    _check(permissions.can_manage(official))
    if programme.is_adopted:
        raise AlreadyAdopted()
    if adopted_on > local_today(now):
        raise DateInFuture()
    programme.resolution_number = resolution_number.strip()
    programme.adopted_on = adopted_on
    programme.bip_url = bip_url or None
    programme.adopted_by_id = official.id
    programme.updated_at = now
    db.session.flush()
    record_audit(
        official,
        Action.PROGRAMME_ADOPT,
        programme,
        label=programme.title,
        resolution=programme.resolution_number,
        adopted_on=adopted_on.isoformat(),
        late=adopted_on > timeline.adoption_deadline(programme.year) or None,
    )
    return programme


def _new_task(programme: Programme, source: TaskSource, title: str, now: datetime, **values):
    task = ProgrammeTask(
        programme=programme,
        source=source,
        title=title[:300],
        source_title=title[:300],
        position=len(programme.tasks),
        status=TaskStatus.PLANNED,
        progress=0,
        created_at=now,
        updated_at=now,
        **values,
    )
    db.session.add(task)
    return task


def _require_adopted(programme: Programme) -> None:
    if not programme.is_adopted:
        raise NotAdopted()


def track_priority_tasks(
    official: User, programme: Programme, area_code: str | None, now: datetime
) -> list[ProgrammeTask]:
    """Make a tracked task of each priority task of the programme not tracked yet."""
    _check(permissions.can_manage(official))
    _require_adopted(programme)
    area = _area(area_code)
    # by the title each was tracked with: a task whose title was corrected keeps its line
    tracked = {
        t.source_title or t.title for t in programme.tasks if t.source == TaskSource.PRIORITY
    }
    created = [
        _new_task(programme, TaskSource.PRIORITY, line, now, area=area)
        for line in programme.priority_lines
        if line[:300] not in tracked
    ]
    db.session.flush()
    for task in created:
        record_audit(official, Action.TASK_CREATE, task, label=task.title, source=task.source)
    return created


def _area(code: str | None) -> PublicBenefitArea | None:
    if not code:
        return None
    area = db.session.scalar(select(PublicBenefitArea).where(PublicBenefitArea.code == code))
    if area is None:
        raise UnknownArea(code)
    return area


def track_proposal(
    official: User, programme: Programme, proposal: Proposal, now: datetime
) -> ProgrammeTask:
    """Make a tracked task of an accepted proposal (its cost estimate becomes the plan)."""
    _check(permissions.can_manage(official))
    _require_adopted(programme)
    if proposal.status != ProposalStatus.ACCEPTED:
        raise NotAccepted()
    if any(t.proposal_id == proposal.id for t in programme.tasks):
        raise AlreadyTracked()
    task = _new_task(
        programme,
        TaskSource.PROPOSAL,
        proposal.title,
        now,
        area_id=proposal.area_id,
        proposal=proposal,
        planned_amount=proposal.estimated_cost,
    )
    db.session.flush()
    record_audit(official, Action.TASK_CREATE, task, label=task.title, source=task.source)
    return task


def is_funded(option: VoteOption) -> bool:
    """Selected for funding in a vote whose results are published."""
    result = option.vote.result
    return (
        result is not None
        and result.published_at is not None
        and option.key in (result.outcome or {}).get("selected", [])
    )


def track_vote_option(
    official: User, programme: Programme, option: VoteOption, now: datetime
) -> ProgrammeTask:
    """Make a tracked task of a funded vote option (its cost becomes the plan)."""
    _check(permissions.can_manage(official))
    _require_adopted(programme)
    if not is_funded(option):
        raise NotFunded()
    if any(t.vote_option_id == option.id for t in programme.tasks):
        raise AlreadyTracked()
    task = _new_task(
        programme,
        TaskSource.VOTE_OPTION,
        option.title,
        now,
        area_id=option.area_id,
        vote_option=option,
        planned_amount=option.cost,
    )
    db.session.flush()
    record_audit(official, Action.TASK_CREATE, task, label=task.title, source=task.source)
    return task


def update_task(official: User, task: ProgrammeTask, data: TaskProgress, now: datetime):
    """Record a task's status, progress and money.

    :raises DroppedWithoutReason: dropped, and no reason given.
    :raises SpentAboveWithoutNote: spent more than planned, and no note says why.
    """
    _check(permissions.can_manage(official))
    status = TaskStatus(data.status)
    if status == TaskStatus.DROPPED and not data.drop_reason.strip():
        raise DroppedWithoutReason()
    if timeline.spent_needs_note(data.planned_amount, data.spent_amount) and not (
        data.spent_note.strip()
    ):
        raise SpentAboveWithoutNote()
    before = (task.status, task.progress, task.spent_amount)
    if data.area_code is not None:
        task.area = _area(data.area_code)
    task.status = status
    task.progress = 100 if status == TaskStatus.DONE else max(0, min(100, data.progress))
    task.drop_reason = data.drop_reason.strip() if status == TaskStatus.DROPPED else ""
    task.planned_amount = data.planned_amount
    task.spent_amount = data.spent_amount
    task.spent_note = data.spent_note.strip()
    task.updated_at = now
    db.session.flush()
    record_audit(
        official,
        Action.TASK_UPDATE,
        task,
        label=task.title,
        status=str(task.status),
        progress=task.progress,
        spent=str(task.spent_amount) if task.spent_amount is not None else None,
        before=f"{before[0]} {before[1]}% {before[2]}",
    )
    return task


def _amount_text(amount: Decimal | None) -> str:
    """An amount for the audit log, to the grosz (so 6000 and 6000.00 are the same)."""
    return f"{amount:.2f}" if amount is not None else ""


def correct_task(official: User, task: ProgrammeTask, data: TaskDetails, now: datetime):
    """Correct a task's title, area or planned amount (its source stays as tracked). What
    changed is audited with its old and new values.

    :raises EmptyTitle: no title.
    :raises UnknownArea: no area has that code.
    :raises SpentAboveWithoutNote: more was recorded as spent than the corrected plan, and no
        note on spending says why.
    """
    _check(permissions.can_manage(official))
    title = data.title.strip()[:300]
    if not title:
        raise EmptyTitle()
    area = _area(data.area_code)
    if timeline.spent_needs_note(data.planned_amount, task.spent_amount) and not (
        task.spent_note.strip()
    ):
        raise SpentAboveWithoutNote()
    before = {
        "title": task.title,
        "area": task.area.code if task.area else "",
        "planned": _amount_text(task.planned_amount),
    }
    after = {
        "title": title,
        "area": area.code if area else "",
        "planned": _amount_text(data.planned_amount),
    }
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return task
    task.title = title
    task.area = area
    task.planned_amount = data.planned_amount
    task.updated_at = now
    db.session.flush()
    details = {}
    for key in changed:
        details[key] = after[key]
        details[f"before_{key}"] = before[key]
    record_audit(official, Action.TASK_CORRECT, task, label=task.title, **details)
    return task


def add_milestone(
    official: User, task: ProgrammeTask, title: str, due_on: date, done_on: date | None
) -> Milestone:
    """Add a dated milestone within the programme's period.

    :raises MilestoneOutsideYear: a date outside the programme's year(s).
    """
    _check(permissions.can_manage(official))
    _check_milestone_dates(task.programme, due_on, done_on)
    milestone = Milestone(task=task, title=title.strip(), due_on=due_on, done_on=done_on)
    db.session.add(milestone)
    db.session.flush()
    record_audit(
        official,
        Action.TASK_MILESTONE,
        task,
        label=task.title,
        milestone=milestone.title,
        due_on=due_on.isoformat(),
    )
    return milestone


def _check_milestone_dates(programme: Programme, due_on: date, done_on: date | None) -> None:
    if not timeline.in_year(due_on, programme.year, programme.end_year):
        raise MilestoneOutsideYear()
    if done_on is not None and not timeline.in_year(done_on, programme.year, programme.end_year):
        raise MilestoneReachedOutsideYear()


def edit_milestone(
    official: User, milestone: Milestone, title: str, due_on: date, done_on: date | None
) -> Milestone:
    """Correct a milestone or record the day it was reached (later than its planning).

    :raises MilestoneOutsideYear: the planned day is outside the programme's year(s).
    :raises MilestoneReachedOutsideYear: so is the day it was reached.
    """
    _check(permissions.can_manage(official))
    task = milestone.task
    _check_milestone_dates(task.programme, due_on, done_on)
    before = f"{milestone.title} {milestone.due_on.isoformat()} {milestone.done_on or ''}".strip()
    milestone.title = title.strip()
    milestone.due_on = due_on
    milestone.done_on = done_on
    task.updated_at = utcnow()
    db.session.flush()
    record_audit(
        official,
        Action.TASK_MILESTONE_EDIT,
        task,
        label=task.title,
        milestone=milestone.title,
        due_on=due_on.isoformat(),
        done_on=done_on.isoformat() if done_on else None,
        before=before,
    )
    return milestone


def _removal_reason(reason: str) -> str:
    """The reason given for removing a record entered by mistake, trimmed.

    :raises ReasonForRemovalRequired: no reason given.
    """
    if not reason.strip():
        raise ReasonForRemovalRequired()
    return reason.strip()


def remove_milestone(official: User, milestone: Milestone, reason: str) -> None:
    """Remove a milestone entered by mistake (the reason is audited).

    :raises ReasonForRemovalRequired: no reason given.
    """
    _check(permissions.can_manage(official))
    reason = _removal_reason(reason)
    task = milestone.task
    record_audit(
        official,
        Action.TASK_MILESTONE_REMOVE,
        task,
        label=task.title,
        reason=reason,
        milestone=milestone.title,
        due_on=milestone.due_on.isoformat(),
    )
    task.milestones.remove(milestone)
    db.session.flush()


def post_update(
    official: User, task: ProgrammeTask, body: str, upload: Upload | None, now: datetime
) -> TaskUpdate:
    """Post a dated update on a task; its followers are notified."""
    _check(permissions.can_manage(official))
    if not body.strip():
        raise EmptyUpdate()
    update = TaskUpdate(
        task=task,
        body_md=body.strip(),
        body_html=render_markdown(body),
        file=_store_file(upload, official, now, public=True),
        posted_at=now,
        author_id=official.id,
    )
    db.session.add(update)
    task.updated_at = now
    db.session.flush()
    record_audit(official, Action.TASK_POST_UPDATE, task, label=task.title, update=update.id)
    signals.task_updated.send(update, actor=official)
    return update


def edit_update(official: User, update: TaskUpdate, body: str, now: datetime) -> TaskUpdate:
    """Correct the text of a posted update (sanitised as when posted). The public page shows it
    was corrected and when; the old and new text are audited.

    :raises EmptyUpdate: no text.
    """
    _check(permissions.can_manage(official))
    if not body.strip():
        raise EmptyUpdate()
    before = update.body_md
    if body.strip() == before:
        return update
    task = update.task
    update.body_md = body.strip()
    update.body_html = render_markdown(body)
    update.edited_at = now
    task.updated_at = now
    db.session.flush()
    record_audit(
        official,
        Action.TASK_EDIT_UPDATE,
        task,
        label=task.title,
        update=update.id,
        body=update.body_md,
        before=before,
    )
    # No task_updated signal: the followers were notified when it was posted, and a corrected
    # typo is not news; the page marks the update as corrected instead.
    return update


def link_opportunity(official: User, task: ProgrammeTask, opportunity: Opportunity) -> None:
    """Link a competition or another form of cooperation that implements the task."""
    _check(permissions.can_manage(official))
    if opportunity not in task.opportunities:
        task.opportunities.append(opportunity)
    db.session.flush()
    record_audit(
        official,
        Action.TASK_LINK_OPPORTUNITY,
        task,
        label=task.title,
        opportunity=opportunity.id,
    )


def add_grant(
    official: User,
    task: ProgrammeTask,
    organization: Organization,
    amount: Decimal,
    purpose: str,
    opportunity: Opportunity | None,
    offers_received: int | None,
) -> Grant:
    """Record a result: which organization received how much for what (public)."""
    _check(permissions.can_manage(official))
    if opportunity is not None and opportunity not in task.opportunities:
        task.opportunities.append(opportunity)
    grant = Grant(
        task=task,
        organization=organization,
        amount=amount,
        purpose=purpose.strip(),
        opportunity=opportunity,
        offers_received=offers_received,
    )
    db.session.add(grant)
    db.session.flush()
    record_audit(
        official,
        Action.TASK_GRANT,
        task,
        label=task.title,
        organization=organization.name,
        amount=str(amount),
    )
    return grant


def edit_grant(
    official: User,
    grant: Grant,
    organization: Organization,
    amount: Decimal,
    purpose: str,
    opportunity: Opportunity | None,
    offers_received: int | None,
) -> Grant:
    """Correct a recorded result (organization, amount, purpose, competition, offers)."""
    _check(permissions.can_manage(official))
    task = grant.task
    if opportunity is not None and opportunity not in task.opportunities:
        task.opportunities.append(opportunity)
    before = f"{grant.organization.name} {grant.amount}"
    grant.organization = organization
    grant.amount = amount
    grant.purpose = purpose.strip()
    grant.opportunity = opportunity
    grant.offers_received = offers_received
    db.session.flush()
    record_audit(
        official,
        Action.TASK_GRANT_EDIT,
        task,
        label=task.title,
        organization=organization.name,
        amount=str(amount),
        before=before,
    )
    return grant


def remove_grant(official: User, grant: Grant, reason: str) -> None:
    """Remove a result recorded by mistake; the public record keeps the reason in the audit.

    :raises ReasonForRemovalRequired: no reason given.
    """
    _check(permissions.can_manage(official))
    reason = _removal_reason(reason)
    task = grant.task
    record_audit(
        official,
        Action.TASK_GRANT_REMOVE,
        task,
        label=task.title,
        reason=reason,
        organization=grant.organization.name,
        amount=str(grant.amount),
        purpose=grant.purpose,
    )
    task.grants.remove(grant)
    db.session.flush()


def remove_task(official: User, task: ProgrammeTask, reason: str) -> None:
    """Remove a task tracked by mistake (e.g. the wrong proposal), while nothing public was
    recorded on it; its milestones go with it.

    :raises ReasonForRemovalRequired: no reason given.
    :raises TaskHasRecords: it has grants, updates or change notices.
    """
    _check(permissions.can_manage(official))
    if (
        task.grants
        or task.updates
        or db.session.scalar(
            select(ChangeNotice.id).where(ChangeNotice.task_id == task.id).limit(1)
        )
    ):
        raise TaskHasRecords()
    reason = _removal_reason(reason)
    programme = task.programme
    record_audit(
        official,
        Action.TASK_REMOVE,
        programme,
        label=programme.title,
        reason=reason,
        task=task.title,
        source=str(task.source),
    )
    programme.tasks.remove(task)
    db.session.flush()


def file_notice(
    person: User,
    task: ProgrammeTask,
    organization: Organization,
    kind: NoticeKind,
    description: str,
    justification: str,
    upload: Upload | None,
    now: datetime,
) -> ChangeNotice:
    """A funded organization notifies the office of a change or a problem in its task.

    :raises NotFundedOrganization: the organization received no grant for this task.
    """
    if organization.id not in permissions.funded_organization_ids(task):
        raise NotFundedOrganization()
    _check(permissions.can_file_notice(person, task, organization))
    notice = ChangeNotice(
        task=task,
        organization=organization,
        kind=NoticeKind(kind),
        description=description.strip(),
        justification=justification.strip(),
        file=_store_file(upload, person, now, public=False),
        submitted_by_id=person.id,
        submitted_at=now,
        answer_due_on=local_today(now) + timedelta(days=NOTICE_ANSWER_DAYS),
    )
    db.session.add(notice)
    db.session.flush()
    record_audit(
        person,
        Action.NOTICE_FILE,
        notice,
        label=task.title,
        organization=organization.name,
        kind=str(notice.kind),
    )
    signals.notice_filed.send(notice, actor=person)
    return notice


def reply_to_notice(
    person: User,
    notice: ChangeNotice,
    body: str,
    upload: Upload | None,
    now: datetime,
    answer: NoticeAnswer | None = None,
    due_on: date | None = None,
) -> NoticeReply:
    """A further message in a change notice's thread.

    The office may give a (new) decision and the day by which the organization is to reply
    (e.g. with the annex); a reply of the organization gives the office
    :data:`NOTICE_ANSWER_DAYS` days to answer again. Dated, audited, the other side notified.

    :raises EmptyReply: no text.
    :raises ReplyDueInPast: the office's reply date is already past.
    """
    is_office = permissions.can_manage(person)
    _check(is_office or permissions.can_view_notice(person, notice))
    if not body.strip():
        raise EmptyReply()
    today = local_today(now)
    if is_office:
        if due_on is not None and due_on < today:
            raise ReplyDueInPast()
        side = "office"
    else:
        answer = None
        due_on = today + timedelta(days=NOTICE_ANSWER_DAYS)
        side = "organization"
    reply = NoticeReply(
        notice=notice,
        side=side,
        body=body.strip(),
        answer=NoticeAnswer(answer) if answer else None,
        due_on=due_on,
        file=_store_file(upload, person, now, public=False),
        author_id=person.id,
        posted_at=now,
    )
    db.session.add(reply)
    db.session.flush()
    record_audit(
        person,
        Action.NOTICE_REPLY,
        notice,
        label=notice.task.title,
        side=side,
        organization=notice.organization.name,
        answer=str(reply.answer) if reply.answer else None,
        due_on=due_on.isoformat() if due_on else None,
    )
    signals.notice_replied.send(reply, actor=person)
    return reply


def answer_notice(
    official: User,
    notice: ChangeNotice,
    answer: NoticeAnswer,
    reason: str,
    now: datetime,
    reply_due_on: date | None = None,
) -> ChangeNotice:
    """The office's answer to a change notice (accepted, needs an annex, rejected).

    An answer that needs an annex sets the day by which the organization replies (with it);
    the thread then waits for the organization until that day.

    :raises ReplyDateRequired: needs an annex, without the day.
    :raises ReplyDueInPast: the day is already past.
    """
    _check(permissions.can_manage(official))
    if notice.answer is not None:
        raise AlreadyAnswered()
    if not reason.strip():
        raise ReasonRequired()
    if answer == NoticeAnswer.NEEDS_ANNEX and reply_due_on is None:
        raise ReplyDateRequired()
    if reply_due_on is not None and reply_due_on < local_today(now):
        raise ReplyDueInPast()
    notice.reply_due_on = reply_due_on
    notice.answer = NoticeAnswer(answer)
    notice.answer_reason = reason.strip()
    notice.answered_at = now
    notice.answered_by_id = official.id
    db.session.flush()
    record_audit(
        official,
        Action.NOTICE_ANSWER,
        notice,
        label=notice.task.title,
        answer=str(notice.answer),
        organization=notice.organization.name,
        reason=reason.strip(),
        reply_due_on=reply_due_on.isoformat() if reply_due_on else None,
    )
    signals.notice_answered.send(notice, actor=official)
    return notice


def _report_of(programme: Programme, year: int | None) -> ProgrammeReport:
    """The report on ``year`` of the programme (an annual programme's only one by default),
    created on first use.

    :raises NotAYearOfTheProgramme: the year is outside the programme's period.
    """
    if year is None:
        if programme.is_multi_year:
            raise NotAYearOfTheProgramme()
        year = programme.year
    if year not in programme.years:
        raise NotAYearOfTheProgramme()
    report = programme.report_for(year)
    if report is None:
        report = ProgrammeReport(year=year)
        programme.reports.append(report)
    return report


def sync_reports(programme: Programme) -> None:
    """One report per year of the programme: add the missing years; drop the unpublished
    reports of years no longer in its period (a published one stays, it is a public record)."""
    for year in programme.years:
        _report_of(programme, year)
    for report in list(programme.reports):
        if report.year not in programme.years and not report.is_published:
            programme.reports.remove(report)


def _report_label(report: ProgrammeReport) -> str:
    programme = report.programme
    return f"{programme.title} ({report.year})" if programme.is_multi_year else programme.title


def save_report(
    official: User,
    programme: Programme,
    text: str,
    prepared_by: str,
    now: datetime,
    year: int | None = None,
) -> ProgrammeReport:
    """Save the text of a report's draft.

    :raises ReportAlreadyPublished: a published report changes only by a correction
        (:func:`correct_report`), never in place.
    """
    _check(permissions.can_manage(official))
    report = _report_of(programme, year)
    if report.is_published:
        raise ReportAlreadyPublished()
    report.text_md = text.strip()
    report.text_html = render_markdown(text)
    report.prepared_by = prepared_by.strip()
    if report.drafted_at is None:
        report.drafted_at = now
    report.updated_at = now
    db.session.flush()
    record_audit(
        official,
        Action.PROGRAMME_REPORT_SAVE,
        programme,
        label=_report_label(report),
        year=report.year,
    )
    return report


def _publish_revision(
    official: User, report: ProgrammeReport, now: datetime, reason: str | None
) -> ProgrammeReportRevision:
    """Store the report's text and a snapshot of its tables taken now as a new revision."""
    revision = ProgrammeReportRevision(
        number=len(report.revisions) + 1,
        text_md=report.text_md,
        text_html=report.text_html,
        prepared_by=report.prepared_by,
        snapshot=snapshot.take(queries.report_data(report.programme, "pl", year=report.year)),
        reason=reason,
        published_at=now,
        published_by_id=official.id,
    )
    report.revisions.append(revision)
    report.updated_at = now
    return revision


def publish_report(
    official: User, programme: Programme, now: datetime, year: int | None = None
) -> ProgrammeReport:
    """Publish the report on a year: its text and a snapshot of all its tables become
    revision 1, which the page and the downloads show from then on.

    :raises ReportTooEarly: before 1 January of the year after the report's year.
    :raises ReportNotDrafted: no text saved yet.
    :raises ReportAlreadyPublished: it is published already (correct it instead).
    """
    _check(permissions.can_manage(official))
    report = _report_of(programme, year)
    if report.is_published:
        raise ReportAlreadyPublished()
    if local_today(now) < timeline.report_opens(report.year):
        raise ReportTooEarly()
    if report.drafted_at is None:
        raise ReportNotDrafted()
    report.published_at = now
    report.published_by_id = official.id
    _publish_revision(official, report, now, None)
    db.session.flush()
    record_audit(
        official,
        Action.PROGRAMME_REPORT_PUBLISH,
        programme,
        label=_report_label(report),
        year=report.year,
        late=local_today(now) > timeline.report_deadline(report.year) or None,
    )
    return report


def correct_report(
    official: User,
    programme: Programme,
    text: str,
    prepared_by: str,
    reason: str,
    now: datetime,
    year: int | None = None,
) -> ProgrammeReportRevision:
    """Correct a published report by a new dated revision with a public ``reason``: the new
    text and a new snapshot of the data as it is now; the earlier revisions stay readable.

    :raises ReportNotPublished: a draft is edited, not corrected.
    :raises MissingCorrectionReason: no reason given.
    """
    _check(permissions.can_manage(official))
    report = _report_of(programme, year)
    if not report.is_published:
        raise ReportNotPublished()
    reason = correction_reason(reason)
    report.text_md = text.strip()
    report.text_html = render_markdown(text)
    report.prepared_by = prepared_by.strip()
    revision = _publish_revision(official, report, now, reason)
    db.session.flush()
    record_audit(
        official,
        Action.PROGRAMME_REPORT_REVISE,
        programme,
        label=_report_label(report),
        year=report.year,
        revision=revision.number,
        reason=reason,
    )
    return revision


def fill_missing_snapshots(report: ProgrammeReport) -> bool:
    """Give a revision published before snapshots existed (a migrated report) the snapshot of
    the data as it is on its first read; return whether one was taken (the caller commits)."""
    missing = [r for r in report.revisions if r.snapshot is None]
    if not missing:
        return False
    taken = snapshot.take(queries.report_data(report.programme, "pl", year=report.year))
    for revision in missing:
        revision.snapshot = taken
    db.session.flush()
    return True
