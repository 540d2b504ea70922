"""Read helpers for the calendar and the opportunities board.

The calendar merges stored events with the stage openings and closings of announced rounds,
which are read from the rounds themselves (never copied).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from app.common.calendars import uid_domain
from app.common.timeutil import WARSAW
from app.consultations.models import Consultation, Stage
from app.extensions import db
from app.hub.models import Event, Opportunity
from app.meetings.ical import meeting_uid
from app.meetings.models import Meeting
from app.meetings.queries import meetings_between
from app.organizations.models import Organization, OrganizationStatus, PublicBenefitArea
from app.surveys.models import Survey
from app.surveys.queries import surveys_between

#: The organizer filter's value for the city office.
CITY = "city"


class Edge(StrEnum):
    """Which moment of a stage a calendar item marks."""

    OPENS = "opens"
    CLOSES = "closes"


@dataclass(frozen=True)
class CalendarFilters:
    area: str = ""
    #: "" for everyone, ``CITY``, or an organization's id as text.
    organizer: str = ""


@dataclass(frozen=True)
class CalendarItem:
    """One entry of the calendar: a stored event or a stage opening or closing (a moment)."""

    starts_at: datetime
    ends_at: datetime | None
    event: Event | None = None
    stage: Stage | None = None
    #: For a stage: its opening or its closing.
    edge: Edge | None = None
    #: A consultation meeting of a round.
    meeting: Meeting | None = None
    #: A survey of a round: its opening or its closing (``edge``), like a stage's.
    survey: Survey | None = None

    @property
    def uid(self) -> str:
        """Stable: from the database id and the configured site's host (a meeting's is the
        one its own .ics file gives it)."""
        if self.event is not None:
            return f"event-{self.event.id}@{uid_domain()}"
        if self.meeting is not None:
            return meeting_uid(self.meeting)
        if self.survey is not None:
            return f"survey-{self.survey.id}-{self.edge}@{uid_domain()}"
        return f"stage-{self.stage.id}-{self.edge}@{uid_domain()}"


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next one in Europe/Warsaw, as UTC."""
    start = datetime(year, month, 1, tzinfo=WARSAW)
    following = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=WARSAW)
    return start.astimezone(UTC), following.astimezone(UTC)


def _events(start: datetime, end: datetime, filters: CalendarFilters) -> list[Event]:
    query = (
        select(Event)
        .options(selectinload(Event.organization), selectinload(Event.area))
        .where(Event.starts_at < end, Event.ends_at >= start)
        .order_by(Event.starts_at, Event.id)
    )
    if filters.area:
        query = query.join(Event.area).where(PublicBenefitArea.code == filters.area)
    if filters.organizer == CITY:
        query = query.where(Event.organization_id.is_(None))
    elif filters.organizer.isdigit():
        query = query.where(Event.organization_id == int(filters.organizer))
    return list(db.session.scalars(query))


def _stage_items(start: datetime, end: datetime, filters: CalendarFilters) -> list[CalendarItem]:
    if filters.organizer not in ("", CITY):
        return []  # rounds are the city's
    query = (
        select(Stage)
        .join(Stage.consultation)
        .options(selectinload(Stage.consultation))
        .where(
            Consultation.announced_at.is_not(None),
            or_(
                Stage.opens_at.between(start, end - timedelta(microseconds=1)),
                Stage.closes_at.between(start, end - timedelta(microseconds=1)),
            ),
        )
    )
    if filters.area:
        query = query.where(Consultation.areas.any(PublicBenefitArea.code == filters.area))
    items = []
    for stage in db.session.scalars(query):
        for edge, moment in ((Edge.OPENS, stage.opens_at), (Edge.CLOSES, stage.closes_at)):
            if start <= moment < end:
                items.append(CalendarItem(moment, None, stage=stage, edge=edge))
    return items


def _meeting_items(start: datetime, end: datetime, filters: CalendarFilters) -> list[CalendarItem]:
    """Consultation meetings of announced rounds (the city's, like the rounds)."""
    if filters.organizer not in ("", CITY):
        return []
    meetings = meetings_between(start, end)
    if filters.area:
        meetings = [
            m for m in meetings if any(a.code == filters.area for a in m.consultation.areas)
        ]
    return [CalendarItem(m.starts_at, m.ends_at, meeting=m) for m in meetings]


def _survey_items(start: datetime, end: datetime, filters: CalendarFilters) -> list[CalendarItem]:
    """Openings and closings of the surveys of announced rounds (the city's, like the rounds):
    a survey has its own dates, not a stage of the round, but is in the calendar as one."""
    if filters.organizer not in ("", CITY):
        return []
    items = []
    for survey in surveys_between(start, end):
        if filters.area and not any(a.code == filters.area for a in survey.consultation.areas):
            continue
        for edge, moment in ((Edge.OPENS, survey.opens_at), (Edge.CLOSES, survey.closes_at)):
            if start <= moment < end:
                items.append(CalendarItem(moment, None, survey=survey, edge=edge))
    return items


def calendar_items(
    start: datetime, end: datetime, filters: CalendarFilters = CalendarFilters()
) -> list[CalendarItem]:
    """Events and meetings overlapping [start, end) and the openings and closings of stages and
    surveys within it, by time."""
    items = [CalendarItem(e.starts_at, e.ends_at, event=e) for e in _events(start, end, filters)]
    items.extend(_stage_items(start, end, filters))
    items.extend(_meeting_items(start, end, filters))
    items.extend(_survey_items(start, end, filters))
    return sorted(items, key=lambda i: (i.starts_at, i.uid))


def by_local_day(items: list[CalendarItem]) -> dict:
    """Items grouped by their local (Europe/Warsaw) day of start, in order."""
    days: dict = {}
    for item in items:
        days.setdefault(item.starts_at.astimezone(WARSAW).date(), []).append(item)
    return days


def organizers() -> list[Organization]:
    """Verified organizations that have published at least one event."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(
                Organization.status == OrganizationStatus.VERIFIED,
                Organization.id.in_(select(Event.organization_id)),
            )
            .order_by(Organization.name)
        )
    )


@dataclass(frozen=True)
class OpportunityFilters:
    kind: str = ""
    area: str = ""


def opportunities_query(filters: OpportunityFilters, now: datetime, archive: bool) -> Select:
    """Current opportunities (deadline ahead or none) by nearest deadline, or the archive."""
    query = select(Opportunity).options(selectinload(Opportunity.areas))
    if archive:
        query = query.where(Opportunity.deadline_at < now).order_by(
            Opportunity.deadline_at.desc(), Opportunity.id.desc()
        )
    else:
        query = query.where(
            or_(Opportunity.deadline_at.is_(None), Opportunity.deadline_at >= now)
        ).order_by(Opportunity.deadline_at.is_(None), Opportunity.deadline_at, Opportunity.id)
    if filters.kind:
        query = query.where(Opportunity.kind == filters.kind)
    if filters.area:
        query = query.where(Opportunity.areas.any(PublicBenefitArea.code == filters.area))
    return query


def annual_plan(year: int) -> dict[int, list[Opportunity]]:
    """The competitions planned in ``year``, by month (1–12, only months with any)."""
    months: dict[int, list[Opportunity]] = {}
    query = (
        select(Opportunity)
        .options(selectinload(Opportunity.areas))
        .where(Opportunity.planned_year == year)
        .order_by(Opportunity.planned_month, Opportunity.title, Opportunity.id)
    )
    for opportunity in db.session.scalars(query):
        months.setdefault(opportunity.planned_month, []).append(opportunity)
    return months


def plan_years() -> list[int]:
    return list(
        db.session.scalars(
            select(Opportunity.planned_year)
            .where(Opportunity.planned_year.is_not(None))
            .distinct()
            .order_by(Opportunity.planned_year)
        )
    )
