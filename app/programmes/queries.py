"""Read helpers of the programme of cooperation: the implementation page and the report.

Every page loads a constant number of queries whatever the number of tasks (the related rows
come with ``selectinload``), checked by a query-count test.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.common.timeutil import to_local, to_utc
from app.consultations.models import Answer, Comment, Consultation, Stage
from app.extensions import db
from app.hub.models import Opportunity
from app.organizations.models import Organization, PublicBenefitArea
from app.priorities.models import Vote, VoteOption, VoteResult
from app.programmes import timeline
from app.programmes.models import (
    ChangeNotice,
    Grant,
    Indicator,
    NoticeReply,
    Programme,
    ProgrammeTask,
    TaskUpdate,
    programme_rounds,
    task_opportunities,
)
from app.programmes.states import Measure, TaskStatus
from app.proposals.models import Proposal, ProposalStatus


def programmes() -> list[Programme]:
    """Every programme, newest first, with the rounds and stages its calendar reads."""
    return list(
        db.session.scalars(
            select(Programme)
            .options(
                selectinload(Programme.rounds).selectinload(Consultation.stages),
                selectinload(Programme.reports),
            )
            .order_by(Programme.year.desc())
        )
    )


def programme_for_page(programme_id: int) -> Programme | None:
    """A programme with the rounds (and their stages) its calendar and page read."""
    return db.session.scalar(
        select(Programme)
        .where(Programme.id == programme_id)
        .options(
            selectinload(Programme.rounds).selectinload(Consultation.stages),
            selectinload(Programme.opinion_file),
            selectinload(Programme.reports),
        )
    )


def votes_of_rounds(rounds: list[Consultation]) -> list[Vote]:
    """The votes of the rounds, in one query."""
    if not rounds:
        return []
    return list(
        db.session.scalars(
            select(Vote)
            .where(Vote.consultation_id.in_([c.id for c in rounds]))
            .order_by(Vote.consultation_id, Vote.id)
        )
    )


def programme_dates(programme: Programme, now: datetime) -> timeline.ProgrammeDates:
    """The recorded dates of a programme, with its consultation done when a linked round's
    last stage has closed (or its dates were recorded by hand, or it was adopted: see
    :func:`timeline.consultation_done`)."""
    closed = [
        stage.closes_at
        for consultation in programme.rounds
        for stage in consultation.stages
        if consultation.announced_at is not None
    ]
    last = max(closed, default=None)
    return timeline.ProgrammeDates(
        year=programme.year,
        end_year=programme.end_year,
        draft_published_on=programme.draft_published_on,
        consultation_closed_on=to_local(last).date() if last and last <= now else None,
        consultation_recorded_on=programme.consultation_to,
        opinion_on=programme.opinion_on,
        adopted_on=programme.adopted_on,
        reports_published_on={
            r.year: to_local(r.published_at).date() for r in programme.reports if r.published_at
        },
    )


@dataclass(frozen=True)
class TaskFilters:
    area: str = ""
    status: str = ""
    organization: int | None = None


def tasks_of(programme: Programme, filters: TaskFilters | None = None) -> list[ProgrammeTask]:
    """The programme's tasks with everything the pages show, filtered."""
    query = (
        select(ProgrammeTask)
        .where(ProgrammeTask.programme_id == programme.id)
        .options(
            selectinload(ProgrammeTask.area),
            selectinload(ProgrammeTask.milestones),
            selectinload(ProgrammeTask.opportunities),
            selectinload(ProgrammeTask.grants).selectinload(Grant.organization),
            selectinload(ProgrammeTask.grants).selectinload(Grant.opportunity),
        )
        .order_by(ProgrammeTask.position, ProgrammeTask.id)
    )
    if filters is not None:
        if filters.area:
            query = query.join(PublicBenefitArea, ProgrammeTask.area_id == PublicBenefitArea.id)
            query = query.where(PublicBenefitArea.code == filters.area)
        if filters.status:
            query = query.where(ProgrammeTask.status == filters.status)
        if filters.organization:
            query = query.where(
                ProgrammeTask.id.in_(
                    select(Grant.task_id).where(Grant.organization_id == filters.organization)
                )
            )
    return list(db.session.scalars(query))


@dataclass
class AreaTotal:
    name: str
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    tasks: int = 0


def area_totals(tasks: list[ProgrammeTask], locale: str) -> list[AreaTotal]:
    """Planned and spent money by area, in the order of the areas' names."""
    totals: dict[str, AreaTotal] = {}
    for task in tasks:
        name = task.area.name(locale) if task.area else "—"
        total = totals.setdefault(name, AreaTotal(name))
        total.planned += task.planned_amount or 0
        total.spent += task.spent_amount or 0
        total.tasks += 1
    return sorted(totals.values(), key=lambda t: t.name)


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    task: ProgrammeTask
    title: str
    done: bool


def implementation_timeline(tasks: list[ProgrammeTask]) -> list[TimelineEntry]:
    """Every milestone of the tasks in date order."""
    entries = [
        TimelineEntry(m.due_on, task, m.title, m.done_on is not None)
        for task in tasks
        for m in task.milestones
    ]
    return sorted(entries, key=lambda e: (e.day, e.task.position, e.title))


def funded_organizations(programme: Programme) -> list[Organization]:
    """Organizations with a grant in the programme (the implementation page's filter)."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(
                Organization.id.in_(
                    select(Grant.organization_id)
                    .join(ProgrammeTask, Grant.task_id == ProgrammeTask.id)
                    .where(ProgrammeTask.programme_id == programme.id)
                )
            )
            .order_by(Organization.name)
        )
    )


def trackable_proposals(programme: Programme) -> list[Proposal]:
    """Accepted proposals not tracked in this programme yet."""
    tracked = select(ProgrammeTask.proposal_id).where(
        ProgrammeTask.programme_id == programme.id, ProgrammeTask.proposal_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.status == ProposalStatus.ACCEPTED, Proposal.id.not_in(tracked))
            .order_by(Proposal.title)
        )
    )


def trackable_options(programme: Programme) -> list[VoteOption]:
    """Funded options of votes with published results, not tracked in this programme yet."""
    tracked = select(ProgrammeTask.vote_option_id).where(
        ProgrammeTask.programme_id == programme.id, ProgrammeTask.vote_option_id.is_not(None)
    )
    options = db.session.scalars(
        select(VoteOption)
        .join(Vote, VoteOption.vote_id == Vote.id)
        .join(VoteResult, VoteResult.vote_id == Vote.id)
        .where(VoteResult.published_at.is_not(None), VoteOption.id.not_in(tracked))
        .options(selectinload(VoteOption.vote).selectinload(Vote.result))
        .order_by(Vote.id, VoteOption.position)
    )
    return [o for o in options if o.key in (o.vote.result.outcome or {}).get("selected", [])]


def task_for_page(task_id: int) -> ProgrammeTask | None:
    """A task with everything its public page shows, in a constant number of queries."""
    return db.session.scalar(
        select(ProgrammeTask)
        .where(ProgrammeTask.id == task_id)
        .options(
            selectinload(ProgrammeTask.programme),
            selectinload(ProgrammeTask.area),
            selectinload(ProgrammeTask.proposal),
            selectinload(ProgrammeTask.milestones),
            selectinload(ProgrammeTask.opportunities),
            selectinload(ProgrammeTask.grants).selectinload(Grant.organization),
            selectinload(ProgrammeTask.grants).selectinload(Grant.opportunity),
            selectinload(ProgrammeTask.updates).selectinload(TaskUpdate.file),
            selectinload(ProgrammeTask.updates).selectinload(TaskUpdate.author),
        )
    )


def notice_for_page(notice_id: int) -> ChangeNotice | None:
    """A change notice with its thread (replies, their files and authors)."""
    return db.session.scalar(
        select(ChangeNotice)
        .where(ChangeNotice.id == notice_id)
        .options(
            selectinload(ChangeNotice.task).selectinload(ProgrammeTask.programme),
            selectinload(ChangeNotice.organization),
            selectinload(ChangeNotice.file),
            selectinload(ChangeNotice.replies).selectinload(NoticeReply.file),
        )
    )


def notices_of_task(task: ProgrammeTask, organization_ids: list[int] | None) -> list[ChangeNotice]:
    """The task's change notices: all (``None``: the office) or those of the organizations."""
    query = (
        select(ChangeNotice)
        .where(ChangeNotice.task_id == task.id)
        .options(selectinload(ChangeNotice.organization), selectinload(ChangeNotice.replies))
    )
    if organization_ids is not None:
        query = query.where(ChangeNotice.organization_id.in_(organization_ids or [0]))
    return list(db.session.scalars(query.order_by(ChangeNotice.submitted_at.desc())))


# ---------------------------------------------------------------------------------------------
# the implementation report


@dataclass
class CompetitionRow:
    opportunity: Opportunity
    offers: int | None
    grants: int
    amount: Decimal


@dataclass
class OrganizationRow:
    name: str
    grants: int
    amount: Decimal


@dataclass
class ConsultationRow:
    consultation: Consultation
    comments: int
    answered: int
    #: Published answers by decision (accepted, partly accepted, rejected, not applicable).
    decisions: dict[str, int] = field(default_factory=dict)


@dataclass
class VoteRow:
    vote: Vote
    ballots: int
    selected: list[str]


@dataclass
class IndicatorRow:
    """An evaluation indicator with its value for the report year: computed by the platform
    (``measure``) or typed by the office (``note`` with it); ``value`` None: not given yet."""

    name: str
    measure: str | None
    value: int | Decimal | str | None
    note: str = ""

    @property
    def is_money(self) -> bool:
        return self.measure in MONEY_MEASURES

    def __str__(self) -> str:
        return self.name


MONEY_MEASURES = {Measure.AMOUNT_GRANTED, Measure.AMOUNT_SPENT}


@dataclass
class ReportData:
    tasks: list[ProgrammeTask]
    statuses: dict[str, int]
    planned: Decimal
    spent: Decimal
    areas: list[AreaTotal]
    forms: dict[str, int]
    competitions: list[CompetitionRow]
    organizations: list[OrganizationRow]
    consultations: list[ConsultationRow]
    votes: list[VoteRow]
    indicators: list[IndicatorRow] = field(default_factory=list)
    #: The year the report is about (the last year of the period for the whole programme).
    year: int | None = None


def measured(measure: str, data: ReportData) -> int | Decimal:
    """The value of one of the platform's computations (:class:`Measure`) in the report."""
    values = {
        Measure.COMPETITIONS: lambda: len(data.competitions),
        Measure.OFFERS: lambda: sum(c.offers or 0 for c in data.competitions),
        Measure.GRANTS: lambda: sum(o.grants for o in data.organizations),
        Measure.AMOUNT_GRANTED: lambda: sum((o.amount for o in data.organizations), Decimal(0)),
        Measure.ORGANIZATIONS: lambda: len(data.organizations),
        Measure.CONSULTATIONS: lambda: len(data.consultations),
        Measure.REMARKS: lambda: sum(c.comments for c in data.consultations),
        Measure.REMARKS_ANSWERED: lambda: sum(c.answered for c in data.consultations),
        Measure.VOTES: lambda: len(data.votes),
        Measure.BALLOTS: lambda: sum(v.ballots for v in data.votes),
        Measure.TASKS_DONE: lambda: data.statuses.get(TaskStatus.DONE, 0),
        Measure.AMOUNT_SPENT: lambda: data.spent,
    }
    return values[Measure(measure)]()


def indicator_rows(programme: Programme) -> dict[str, Indicator]:
    """The programme's indicators by name, with their typed values (one query each)."""
    rows = db.session.scalars(
        select(Indicator)
        .where(Indicator.programme_id == programme.id)
        .options(selectinload(Indicator.values))
    )
    return {row.name: row for row in rows}


def report_year(programme: Programme, year: int | None) -> int:
    """The year a report is about: the one asked for, else the programme's last."""
    return year if year is not None else programme.end_year


def _indicators(programme: Programme, data: ReportData, year: int) -> list[IndicatorRow]:
    rows = indicator_rows(programme)
    result = []
    for name in indicator_names(programme):
        row = rows.get(name)
        if row is not None and row.measure:
            result.append(IndicatorRow(name, row.measure, measured(row.measure, data)))
            continue
        typed = next((v for v in row.values if v.year == year), None) if row else None
        result.append(
            IndicatorRow(
                name,
                None,
                typed.value if typed is not None and typed.value else None,
                typed.note if typed is not None else "",
            )
        )
    return result


def indicator_names(programme: Programme) -> list[str]:
    """The indicators the programme defines, in its order."""
    names = [line.strip() for line in programme.indicators.splitlines() if line.strip()]
    return list(dict.fromkeys(names))


def _year_bounds(first: int, last: int) -> tuple[datetime, datetime]:
    """1 January of ``first`` and of the year after ``last``, midnight in Warsaw, as UTC."""
    return to_utc(datetime(first, 1, 1)), to_utc(datetime(last + 1, 1, 1))


def report_rounds(programme: Programme, first: int, last: int) -> list[Consultation]:
    """The consultation rounds of the report: those linked to the programme, those whose last
    stage closed within the years, and those tracked tasks came from (an accepted proposal's
    round, a funded option's vote's round); announced ones only, by id."""
    start, end = _year_bounds(first, last)
    closing = (
        select(Stage.consultation_id)
        .group_by(Stage.consultation_id)
        .having(func.max(Stage.closes_at) >= start, func.max(Stage.closes_at) < end)
    )
    linked = select(programme_rounds.c.consultation_id).where(
        programme_rounds.c.programme_id == programme.id
    )
    from_proposals = (
        select(Proposal.consultation_id)
        .join(ProgrammeTask, ProgrammeTask.proposal_id == Proposal.id)
        .where(ProgrammeTask.programme_id == programme.id)
    )
    from_votes = (
        select(Vote.consultation_id)
        .join(VoteOption, VoteOption.vote_id == Vote.id)
        .join(ProgrammeTask, ProgrammeTask.vote_option_id == VoteOption.id)
        .where(ProgrammeTask.programme_id == programme.id)
    )
    return list(
        db.session.scalars(
            select(Consultation)
            .where(
                Consultation.announced_at.is_not(None),
                or_(
                    Consultation.id.in_(closing),
                    Consultation.id.in_(linked),
                    Consultation.id.in_(from_proposals),
                    Consultation.id.in_(from_votes),
                ),
            )
            .order_by(Consultation.id)
        )
    )


def report_votes(programme: Programme, round_ids: list[int], first: int, last: int) -> list[Vote]:
    """The votes of the report: of its rounds, closing within the years, or those tracked
    tasks came from; with their results and options."""
    start, end = _year_bounds(first, last)
    tracked = (
        select(VoteOption.vote_id)
        .join(ProgrammeTask, ProgrammeTask.vote_option_id == VoteOption.id)
        .where(ProgrammeTask.programme_id == programme.id)
    )
    return list(
        db.session.scalars(
            select(Vote)
            .where(
                or_(
                    Vote.consultation_id.in_(round_ids or [0]),
                    (Vote.closes_at >= start) & (Vote.closes_at < end),
                    Vote.id.in_(tracked),
                )
            )
            .options(selectinload(Vote.result), selectinload(Vote.options))
            .order_by(Vote.id)
        )
    )


def report_data(programme: Programme, locale: str, year: int | None = None) -> ReportData:
    """Everything the implementation report says, computed from the platform's data.

    ``year``: the report of one year of a multi-year programme; None: of its whole period.
    The consultations and votes are those held in the period (closing within it), linked to
    the programme or that its tracked tasks came from; each indicator gets its value for the
    report year (:func:`report_year`).
    """
    first, last = (year, year) if year is not None else (programme.year, programme.end_year)
    tasks = tasks_of(programme)
    statuses = {s.value: 0 for s in TaskStatus}
    for task in tasks:
        statuses[task.status] += 1
    competitions: dict[int, CompetitionRow] = {}
    forms: dict[str, int] = defaultdict(int)
    seen: set[int] = set()
    organizations: dict[int, OrganizationRow] = {}
    for task in tasks:
        for opportunity in task.opportunities:
            if opportunity.id not in seen:
                seen.add(opportunity.id)
                forms[opportunity.kind] += 1
                competitions[opportunity.id] = CompetitionRow(opportunity, None, 0, Decimal(0))
        for grant in task.grants:
            if grant.opportunity_id in competitions:
                row = competitions[grant.opportunity_id]
                row.grants += 1
                row.amount += grant.amount
                if grant.offers_received is not None:
                    row.offers = max(row.offers or 0, grant.offers_received)
            org = organizations.setdefault(
                grant.organization_id, OrganizationRow(grant.organization.name, 0, Decimal(0))
            )
            org.grants += 1
            org.amount += grant.amount
    rounds = report_rounds(programme, first, last)
    round_ids = [c.id for c in rounds]
    counts = dict(
        db.session.execute(
            select(Comment.consultation_id, func.count(Comment.id))
            .where(Comment.consultation_id.in_(round_ids or [0]))
            .group_by(Comment.consultation_id)
        ).all()
    )
    decisions = _decision_counts(round_ids)
    votes = report_votes(programme, round_ids, first, last)
    vote_rows = []
    for vote in votes:
        result = vote.result
        if result is None or result.published_at is None:
            continue
        titles = {o.key: o.title for o in vote.options}
        outcome = result.outcome or {}
        keys = outcome.get("selected") or outcome.get("winners") or []
        vote_rows.append(
            VoteRow(
                vote,
                int((result.turnout or {}).get("ballots", 0)),
                [titles.get(str(k), str(k)) for k in keys],
            )
        )
    data = ReportData(
        tasks=tasks,
        statuses=statuses,
        planned=sum((t.planned_amount or Decimal(0) for t in tasks), Decimal(0)),
        spent=sum((t.spent_amount or Decimal(0) for t in tasks), Decimal(0)),
        areas=area_totals(tasks, locale),
        forms=dict(forms),
        competitions=list(competitions.values()),
        organizations=sorted(organizations.values(), key=lambda o: o.name),
        consultations=[
            ConsultationRow(
                c,
                counts.get(c.id, 0),
                sum(decisions.get(c.id, {}).values()),
                decisions.get(c.id, {}),
            )
            for c in rounds
        ],
        votes=vote_rows,
        year=report_year(programme, year),
    )
    data.indicators = _indicators(programme, data, data.year)
    return data


def _decision_counts(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """Published answers to comments, per round and decision (one grouped query)."""
    if not round_ids:
        return {}
    rows = db.session.execute(
        select(Comment.consultation_id, Answer.decision, func.count(Answer.id))
        .join(Answer, Answer.comment_id == Comment.id)
        .where(Comment.consultation_id.in_(round_ids), Answer.published_at.is_not(None))
        .group_by(Comment.consultation_id, Answer.decision)
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for consultation_id, decision, number in rows:
        result[consultation_id][decision] = number
    return dict(result)


def tasks_of_opportunity(opportunity_id: int) -> list[ProgrammeTask]:
    """The tracked tasks an opportunity of the board implements (through the task's link or a
    grant awarded in it), with their programmes; only of adopted programmes (public)."""
    granted = select(Grant.task_id).where(Grant.opportunity_id == opportunity_id)
    linked = select(task_opportunities.c.task_id).where(
        task_opportunities.c.opportunity_id == opportunity_id
    )
    return list(
        db.session.scalars(
            select(ProgrammeTask)
            .join(Programme, ProgrammeTask.programme_id == Programme.id)
            .where(
                Programme.adopted_on.is_not(None),
                or_(ProgrammeTask.id.in_(linked), ProgrammeTask.id.in_(granted)),
            )
            .options(selectinload(ProgrammeTask.programme))
            .order_by(Programme.year.desc(), ProgrammeTask.position, ProgrammeTask.id)
        )
    )
