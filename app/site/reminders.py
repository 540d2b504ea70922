"""Reminders made by ``flask notifications tick``: stages opening, stages closing soon for
organizations that have not taken part, and opportunity deadlines. Each is recorded once
(``notification_reminders`` has a unique key), so the command may run as often as wanted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.common.timeutil import to_local
from app.common.urls import path_for
from app.consultations.models import Comment, Consultation, Participation, Stage, StageKind
from app.extensions import db
from app.hub.models import Opportunity
from app.meetings.queries import meetings_starting_between, seated_user_ids
from app.notifications import hooks
from app.notifications.models import Follow, FollowTarget, NotificationKind
from app.notifications.services import record_notifications
from app.organizations.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
    organization_areas,
)
from app.programmes.models import Programme
from app.programmes.queries import programme_dates
from app.programmes.states import Step
from app.programmes.timeline import (
    adoption_deadline,
    consultation_done,
    planning_deadline,
    report_deadline,
)
from app.proposals.models import Proposal
from app.surveys.models import Survey
from app.surveys.queries import answered_user_ids, surveys_of_announced_rounds

#: A stage that opened longer ago than this when the command first sees it is not announced.
OPENED_WINDOW = timedelta(days=2)
CLOSING_NOTICE = timedelta(days=3)
DEADLINE_NOTICE = timedelta(days=7)
#: People registered for a meeting are reminded once, when it starts within this time.
MEETING_NOTICE = timedelta(days=1)
#: Officials are reminded of a programme's statutory deadline this long before it.
PROGRAMME_NOTICE = timedelta(days=30)
#: Stages in which organizations take part by commenting or proposing.
PARTICIPATION_STAGES = (StageKind.COMMENTING, StageKind.PROPOSALS)


def _announced_stages(*conditions) -> list[Stage]:
    return list(
        db.session.scalars(
            select(Stage)
            .join(Consultation)
            .where(Consultation.announced_at.is_not(None), *conditions)
            .options(selectinload(Stage.consultation).selectinload(Consultation.areas))
            .order_by(Stage.id)
        )
    )


def stages_opened(now: datetime) -> int:
    count = 0
    for stage in _announced_stages(Stage.opens_at <= now, Stage.opens_at > now - OPENED_WINDOW):
        if hooks.mark_reminded(NotificationKind.STAGE_OPENED, stage.id, [0]):
            hooks.stage_opened(stage)
            count += 1
    return count


def _participants(stage: Stage) -> set[int]:
    """Organizations that took part in the stage: commented, or proposed."""
    consultation_id = stage.consultation_id
    if stage.kind == StageKind.COMMENTING:
        query = select(Comment.organization_id).where(
            Comment.consultation_id == consultation_id,
            Comment.organization_id.is_not(None),
            Comment.withdrawn_at.is_(None),
        )
    else:
        query = select(Proposal.organization_id).where(Proposal.consultation_id == consultation_id)
    return set(db.session.scalars(query))


def _concerned_representatives(stage: Stage) -> list[tuple[int, int, str]]:
    """(person, organization, name) for representatives of verified organizations concerned by
    the round: working in one of its areas, or following the round or one of its areas."""
    consultation = stage.consultation
    area_ids = [area.id for area in consultation.areas]
    in_areas = select(organization_areas.c.organization_id).where(
        organization_areas.c.area_id.in_(area_ids)
    )
    follows = select(Follow.user_id).where(
        ((Follow.target_type == FollowTarget.CONSULTATION) & (Follow.target_id == consultation.id))
        | ((Follow.target_type == FollowTarget.AREA) & Follow.target_id.in_(area_ids))
    )
    rows = db.session.execute(
        select(Membership.user_id, Organization.id, Organization.name)
        .join(Organization, Membership.organization_id == Organization.id)
        .where(
            Membership.status == MembershipStatus.APPROVED,
            Organization.status == OrganizationStatus.VERIFIED,
            Organization.id.in_(in_areas) | Membership.user_id.in_(follows),
        )
        .order_by(Membership.user_id, Organization.name)
    )
    return [tuple(row) for row in rows]


def _waiting_persons(stage: Stage, exclude: set[int]) -> list[int]:
    """People who follow a round open to everyone (or one of its areas), with a confirmed
    active account, and have not commented in it themselves; ``exclude`` is already reminded
    on behalf of an organization."""
    consultation = stage.consultation
    area_ids = [area.id for area in consultation.areas]
    commented = select(Comment.author_id).where(
        Comment.consultation_id == consultation.id, Comment.withdrawn_at.is_(None)
    )
    user_ids = db.session.scalars(
        select(Follow.user_id)
        .join(User, User.id == Follow.user_id)
        .where(
            (
                (Follow.target_type == FollowTarget.CONSULTATION)
                & (Follow.target_id == consultation.id)
            )
            | ((Follow.target_type == FollowTarget.AREA) & Follow.target_id.in_(area_ids)),
            User.confirmed_at.is_not(None),
            User.is_active_account.is_(True),
            Follow.user_id.not_in(commented),
        )
        .distinct()
        .order_by(Follow.user_id)
    )
    return [user_id for user_id in user_ids if user_id not in exclude]


def _remind_closing(stage: Stage, user_id: int, kind: str, **params: str) -> None:
    consultation = stage.consultation
    record_notifications(
        [user_id],
        kind,
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
        stage=stage.kind,
        closes=stage.closes_at.isoformat(),
        **params,
    )


def stages_closing(now: datetime) -> int:
    """Remind representatives whose organization has not taken part in a stage closing soon;
    in a round open to everyone, also its followers who have not commented themselves."""
    count = 0
    for stage in _announced_stages(
        Stage.kind.in_(PARTICIPATION_STAGES),
        Stage.opens_at <= now,
        Stage.closes_at > now,
        Stage.closes_at <= now + CLOSING_NOTICE,
    ):
        took_part = _participants(stage)
        representatives = _concerned_representatives(stage)
        waiting: dict[int, str] = {}
        for user_id, organization_id, name in representatives:
            if organization_id not in took_part:
                waiting.setdefault(user_id, name)
        for user_id in hooks.mark_reminded(NotificationKind.STAGE_CLOSING, stage.id, list(waiting)):
            _remind_closing(
                stage, user_id, NotificationKind.STAGE_CLOSING, organization=waiting[user_id]
            )
            count += 1
        if (
            stage.kind == StageKind.COMMENTING
            and stage.consultation.participation == Participation.CONFIRMED_PERSONS
        ):
            concerned = {user_id for user_id, _org, _name in representatives}
            persons = _waiting_persons(stage, exclude=concerned)
            for user_id in hooks.mark_reminded(NotificationKind.STAGE_CLOSING, stage.id, persons):
                _remind_closing(stage, user_id, NotificationKind.STAGE_CLOSING_PERSONAL)
                count += 1
    return count


def opportunity_deadlines(now: datetime) -> int:
    """Remind followers of an opportunity (or of its areas) 7 days before its deadline."""
    count = 0
    opportunities = db.session.scalars(
        select(Opportunity)
        .where(Opportunity.deadline_at > now, Opportunity.deadline_at <= now + DEADLINE_NOTICE)
        .options(selectinload(Opportunity.areas))
        .order_by(Opportunity.id)
    )
    for opportunity in opportunities:
        recipients = hooks.opportunity_followers(opportunity)
        new = hooks.mark_reminded(NotificationKind.OPPORTUNITY_DEADLINE, opportunity.id, recipients)
        if new:
            record_notifications(
                new,
                NotificationKind.OPPORTUNITY_DEADLINE,
                opportunity,
                link=path_for("hub.opportunity", opportunity_id=opportunity.id),
                title=opportunity.title,
                deadline=opportunity.deadline_at.isoformat(),
            )
            count += len(new)
    return count


def _official_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(User.id)
            .where(User.role.in_(hooks.OFFICE_ROLES), User.is_active_account.is_(True))
            .order_by(User.id)
        )
    )


#: The planning steps before adoption officials are reminded of, with the reminder's kind.
PLANNING_REMINDERS = (
    (Step.DRAFT, NotificationKind.PROGRAMME_DRAFT_DUE),
    (Step.CONSULTATION, NotificationKind.PROGRAMME_CONSULTATION_DUE),
    (Step.OPINION, NotificationKind.PROGRAMME_OPINION_DUE),
)


def planning_steps_due(programme: Programme, now: datetime) -> list[tuple[Step, str]]:
    """The planning steps of a programme not adopted yet that are not taken: the draft not
    published, the consultation not held (no linked round closed, no dates recorded), the
    council's opinion not attached."""
    dates = programme_dates(programme, now)
    taken = {
        Step.DRAFT: dates.draft_published_on is not None,
        Step.CONSULTATION: consultation_done(dates, to_local(now).date())[0] is not None,
        Step.OPINION: dates.opinion_on is not None,
    }
    return [(step, kind) for step, kind in PLANNING_REMINDERS if not taken[step]]


def programme_deadlines(now: datetime) -> int:
    """Remind officials, once each, 30 days before a programme's deadline that is not met yet:
    the planning dates before adoption (draft published, consultation held, the council's
    opinion: :func:`planning_steps_due`), adoption by 30 November, each year's report by
    31 May of the year after (reminders of a report are recorded under the report's id, of
    adoption and the planning dates the programme's)."""
    today = to_local(now).date()
    count = 0
    officials: list[int] | None = None
    programmes = db.session.scalars(
        select(Programme)
        .options(
            selectinload(Programme.reports),
            selectinload(Programme.rounds).selectinload(Consultation.stages),
        )
        .order_by(Programme.id)
    )
    for programme in programmes:
        # (kind, deadline, the id reminders of it are recorded under, the report's year)
        due = []
        if programme.adopted_on is None:
            due.append(
                (
                    NotificationKind.PROGRAMME_ADOPTION_DUE,
                    adoption_deadline(programme.year),
                    programme.id,
                    None,
                )
            )
            # the office's planning dates before adoption, each step not taken yet
            due += [
                (kind, planning_deadline(step, programme.year), programme.id, None)
                for step, kind in planning_steps_due(programme, now)
            ]
        # one report per year of the programme, each due by 31 May of the year after
        for report in programme.reports:
            if report.published_at is None:
                due.append(
                    (
                        NotificationKind.PROGRAMME_REPORT_DUE,
                        report_deadline(report.year),
                        report.id,
                        report.year if programme.is_multi_year else None,
                    )
                )
        for kind, deadline, object_id, year in due:
            if not today <= deadline <= today + PROGRAMME_NOTICE:
                continue
            if officials is None:
                officials = _official_ids()
            new = hooks.mark_reminded(kind, object_id, officials)
            if new:
                record_notifications(
                    new,
                    kind,
                    programme,
                    link=path_for("programmes.show", programme_id=programme.id),
                    title=programme.title if year is None else f"{programme.title} ({year})",
                    due=deadline.isoformat(),
                )
                count += len(new)
    return count


def meetings_tomorrow(now: datetime) -> int:
    """Remind the people who have a seat at a meeting starting within a day (once each)."""
    count = 0
    for meeting in meetings_starting_between(now, now + MEETING_NOTICE):
        new = hooks.mark_reminded(
            NotificationKind.MEETING_REMINDER, meeting.id, seated_user_ids(meeting)
        )
        if new:
            record_notifications(
                new,
                NotificationKind.MEETING_REMINDER,
                meeting,
                link=path_for("meetings.show", meeting_id=meeting.id),
                title=meeting.title,
                starts=meeting.starts_at.isoformat(),
            )
            count += len(new)
    return count


def surveys_opened(now: datetime) -> int:
    """Tell the round's followers, once, that one of its surveys has opened (as a stage's
    opening; a survey has its own dates rather than being a stage of the round)."""
    count = 0
    for survey in surveys_of_announced_rounds(
        Survey.opens_at <= now, Survey.opens_at > now - OPENED_WINDOW, Survey.closes_at > now
    ):
        if hooks.mark_reminded(NotificationKind.SURVEY_OPENED, survey.id, [0]):
            consultation = survey.consultation
            record_notifications(
                hooks.round_followers(consultation),
                NotificationKind.SURVEY_OPENED,
                survey,
                link=path_for("surveys.show", survey_id=survey.id),
                title=survey.title,
                consultation=consultation.title,
                closes=survey.closes_at.isoformat(),
            )
            count += 1
    return count


def surveys_closing(now: datetime) -> int:
    """Remind the round's followers who have not answered (nor has their organization) that a
    survey closes within three days, once each."""
    count = 0
    for survey in surveys_of_announced_rounds(
        Survey.opens_at <= now, Survey.closes_at > now, Survey.closes_at <= now + CLOSING_NOTICE
    ):
        answered = answered_user_ids(survey)
        waiting = [u for u in hooks.round_followers(survey.consultation) if u not in answered]
        new = hooks.mark_reminded(NotificationKind.SURVEY_CLOSING, survey.id, waiting)
        if new:
            record_notifications(
                new,
                NotificationKind.SURVEY_CLOSING,
                survey,
                link=path_for("surveys.respond", survey_id=survey.id),
                title=survey.title,
                consultation=survey.consultation.title,
                closes=survey.closes_at.isoformat(),
            )
            count += len(new)
    return count


#: Key of the PostgreSQL advisory lock that lets one ``tick`` at a time record reminders.
TICK_LOCK_KEY = 7_470_001


def _one_tick_at_a_time() -> None:
    """Two ticks started at once (cron on two hosts) run one after the other on PostgreSQL.

    The lock is held until the caller commits, so the second tick reads the first one's
    reminders and records none twice instead of failing on the unique key. SQLite already
    allows one writer at a time.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TICK_LOCK_KEY})


def run_reminders(now: datetime) -> dict[str, int]:
    """Record every reminder that is due; the caller commits."""
    _one_tick_at_a_time()
    result = {
        "stages_opened": stages_opened(now),
        "stages_closing": stages_closing(now),
        "opportunity_deadlines": opportunity_deadlines(now),
        "meetings_tomorrow": meetings_tomorrow(now),
        "programme_deadlines": programme_deadlines(now),
        "surveys_opened": surveys_opened(now),
        "surveys_closing": surveys_closing(now),
    }
    db.session.flush()
    return result
