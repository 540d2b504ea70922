"""Who is told about what: the followers and representatives each event concerns.

The features announce their events with signals (``<wing>/signals.py``) and import nothing of
this wing; the receivers below are connected to those signals and run inside the transaction
of the change, adding notifications (and their e-mails) to the same session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app.auth.models import Role, User
from app.common.moderation import content_hidden
from app.common.urls import path_for
from app.consultations import signals as consultation_signals
from app.extensions import db
from app.hub import signals as hub_signals
from app.meetings import signals as meeting_signals
from app.moderation import signals as moderation_signals
from app.notifications.models import FollowTarget, NotificationKind, Reminder
from app.notifications.services import followers_of, record_notifications
from app.organizations import signals as organization_signals
from app.organizations.models import Membership, MembershipStatus
from app.priorities import signals as vote_signals
from app.programmes import signals as programme_signals
from app.proposals import signals as proposal_signals
from app.surveys import signals as survey_signals

#: Roles that work in the city office (admins are officials too).
OFFICE_ROLES = (Role.OFFICIAL, Role.ADMIN)


def _without(user_ids: list[int], actor: Any) -> list[int]:
    actor_id = getattr(actor, "id", None)
    return [user_id for user_id in user_ids if user_id != actor_id]


def representatives_of(organization_ids: list[int]) -> list[int]:
    """Approved representatives of the organizations, in one query."""
    if not organization_ids:
        return []
    return list(
        db.session.scalars(
            select(Membership.user_id)
            .where(
                Membership.organization_id.in_(organization_ids),
                Membership.status == MembershipStatus.APPROVED,
            )
            .distinct()
        )
    )


def mark_reminded(kind: str, object_id: int, user_ids: list[int]) -> list[int]:
    """Record reminders not recorded before; return the people not reminded yet."""
    if not user_ids:
        return []
    done = set(
        db.session.scalars(
            select(Reminder.user_id).where(
                Reminder.kind == kind,
                Reminder.object_id == object_id,
                Reminder.user_id.in_(user_ids),
            )
        )
    )
    new = [user_id for user_id in dict.fromkeys(user_ids) if user_id not in done]
    db.session.add_all(Reminder(kind=kind, object_id=object_id, user_id=u) for u in new)
    return new


@consultation_signals.round_announced.connect
def consultation_announced(consultation: Any, actor: Any, now: datetime) -> None:
    """Followers of the round's areas hear about a new consultation; stages already open
    count as announced with it (no separate "stage opened" later)."""
    recipients = followers_of((FollowTarget.AREA, area.id) for area in consultation.areas)
    record_notifications(
        _without(recipients, actor),
        NotificationKind.CONSULTATION_ANNOUNCED,
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
    )
    for stage in consultation.stages:
        if stage.opens_at <= now:
            mark_reminded(NotificationKind.STAGE_OPENED, stage.id, [0])


def round_followers(consultation: Any) -> list[int]:
    """People following the round itself or one of its areas."""
    return followers_of(
        [(FollowTarget.CONSULTATION, consultation.id)]
        + [(FollowTarget.AREA, area.id) for area in consultation.areas]
    )


def stage_opened(stage: Any) -> None:
    consultation = stage.consultation
    recipients = round_followers(consultation)
    record_notifications(
        recipients,
        NotificationKind.STAGE_OPENED,
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
        stage=stage.kind,
    )


@consultation_signals.stage_rescheduled.connect
def stage_rescheduled(stage: Any, actor: Any) -> None:
    """A stage of an announced round got new dates: the round's followers hear them, and its
    reminders (opening, closing soon) become due again for the new dates."""
    _forget_reminders((NotificationKind.STAGE_OPENED, NotificationKind.STAGE_CLOSING), stage.id)
    consultation = stage.consultation
    record_notifications(
        _without(round_followers(consultation), actor),
        NotificationKind.STAGE_RESCHEDULED,
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
        stage=stage.kind,
        opens=stage.opens_at.isoformat(),
        closes=stage.closes_at.isoformat(),
    )


@consultation_signals.report_published.connect
def report_published(consultation: Any, actor: Any, organization_ids: list[int]) -> None:
    """The round's followers and the organizations that took part hear about its report."""
    recipients = followers_of([(FollowTarget.CONSULTATION, consultation.id)])
    recipients += representatives_of(organization_ids)
    record_notifications(
        _without(recipients, actor),
        NotificationKind.CONSULTATION_REPORT_PUBLISHED,
        consultation,
        link=path_for("consultations.report", consultation_id=consultation.id),
        title=consultation.title,
    )


@hub_signals.opportunity_published.connect
def opportunity_published(opportunity: Any, actor: Any) -> None:
    recipients = followers_of((FollowTarget.AREA, area.id) for area in opportunity.areas)
    record_notifications(
        _without(recipients, actor),
        NotificationKind.OPPORTUNITY_PUBLISHED,
        opportunity,
        link=path_for("hub.opportunity", opportunity_id=opportunity.id),
        title=opportunity.title,
    )


def _event_followers(event: Any) -> list[int]:
    """People following the event's area or its organizer."""
    return followers_of(
        [(FollowTarget.AREA, event.area_id), (FollowTarget.ORGANIZATION, event.organization_id)]
    )


def _tell_about_event(actor: Any, event: Any, kind: str) -> None:
    record_notifications(
        _without(_event_followers(event), actor),
        kind,
        event,
        link=path_for("hub.event", event_id=event.id),
        title=event.title,
        starts=event.starts_at.isoformat(),
    )


@hub_signals.event_published.connect
def event_published(event: Any, actor: Any) -> None:
    """Followers of the event's area and of its organizer hear about it."""
    _tell_about_event(actor, event, NotificationKind.EVENT_PUBLISHED)


@hub_signals.event_rescheduled.connect
def event_rescheduled(event: Any, actor: Any) -> None:
    """The event's start or end moved: those told about it hear the new time."""
    _tell_about_event(actor, event, NotificationKind.EVENT_RESCHEDULED)


def opportunity_followers(opportunity: Any) -> list[int]:
    """People following the opportunity itself or one of its areas."""
    return followers_of(
        [(FollowTarget.OPPORTUNITY, opportunity.id)]
        + [(FollowTarget.AREA, area.id) for area in opportunity.areas]
    )


def _forget_reminders(kinds: tuple[str, ...], object_id: int) -> None:
    """The object's dates changed: its reminders become due again."""
    db.session.execute(
        delete(Reminder).where(Reminder.kind.in_(kinds), Reminder.object_id == object_id)
    )


@hub_signals.opportunity_deadline_changed.connect
def opportunity_deadline_changed(opportunity: Any, actor: Any) -> None:
    """The deadline moved: followers of the opportunity and of its areas hear the new one,
    and the 7-day reminder is due again for the new deadline."""
    _forget_reminders((NotificationKind.OPPORTUNITY_DEADLINE,), opportunity.id)
    if opportunity.deadline_at is None:
        return
    record_notifications(
        _without(opportunity_followers(opportunity), actor),
        NotificationKind.OPPORTUNITY_DEADLINE_CHANGED,
        opportunity,
        link=path_for("hub.opportunity", opportunity_id=opportunity.id),
        title=opportunity.title,
        deadline=opportunity.deadline_at.isoformat(),
    )


@organization_signals.join_requested.connect
def join_requested(membership: Any, person: Any) -> None:
    organization = membership.organization
    record_notifications(
        _without(representatives_of([organization.id]), person),
        NotificationKind.MEMBERSHIP_REQUESTED,
        organization,
        link=path_for("organizations.requests", organization_id=organization.id),
        person=person.name,
        organization=organization.name,
    )


@consultation_signals.comment_answered.connect
def comment_answered(comment: Any, link: str) -> None:
    """The organization's representatives (or the person who commented) hear the answer."""
    if comment.organization is not None:
        recipients = representatives_of([comment.organization.id])
    else:
        recipients = [comment.author_id]
    record_notifications(
        recipients,
        NotificationKind.COMMENT_ANSWERED,
        comment,
        link=link
        or path_for(
            "consultations.comment",
            consultation_id=comment.consultation_id,
            comment_id=comment.id,
        ),
        number=comment.number,
        consultation=comment.consultation.title,
    )


def _proposal_link(proposal: Any) -> str:
    return path_for("proposals.show", proposal_id=proposal.id)


@proposal_signals.coauthor_invited.connect
def coauthor_invited(proposal: Any, organization: Any, link: str) -> None:
    record_notifications(
        representatives_of([organization.id]),
        NotificationKind.PROPOSAL_INVITED,
        proposal,
        link=link or _proposal_link(proposal),
        title=proposal.title,
        lead=proposal.organization.name,
    )


@proposal_signals.join_offered.connect
def join_offered(proposal: Any, organization: Any) -> None:
    record_notifications(
        representatives_of([proposal.organization.id]),
        NotificationKind.PROPOSAL_OFFER,
        proposal,
        link=_proposal_link(proposal),
        title=proposal.title,
        organization=organization.name,
    )


@proposal_signals.authors_told.connect
def proposal_authors_told(proposal: Any, kind: str, link: str, params: dict[str, Any]) -> None:
    record_notifications(
        representatives_of([organization.id for organization in proposal.all_authors]),
        kind,
        proposal,
        link=link or _proposal_link(proposal),
        title=proposal.title,
        **params,
    )


@vote_signals.results_published.connect
def vote_results_published(
    vote: Any, link: str, organization_ids: list[int], person_ids: list[int]
) -> None:
    """The representatives of organizations that voted, the people who voted for themselves
    and the followers of the round and its areas hear about published results."""
    user_ids = set(representatives_of(organization_ids))
    user_ids.update(person_ids)
    user_ids.update(round_followers(vote.consultation))
    if user_ids:
        record_notifications(
            sorted(user_ids),
            NotificationKind.VOTE_RESULTS_PUBLISHED,
            vote,
            link or path_for("priorities.results", vote_id=vote.id),
            title=vote.title,
        )


@programme_signals.task_updated.connect
def programme_task_updated(update: Any, actor: Any) -> None:
    """Followers of the task and the representatives of the organizations funded for it hear
    about an official update."""
    task = update.task
    recipients = followers_of([(FollowTarget.PROGRAMME_TASK, task.id)])
    recipients += representatives_of(sorted({g.organization_id for g in task.grants}))
    record_notifications(
        _without(recipients, actor),
        NotificationKind.PROGRAMME_TASK_UPDATED,
        task,
        link=path_for("programmes.task", task_id=task.id),
        title=task.title,
    )


@programme_signals.notice_filed.connect
def change_notice_filed(notice: Any, actor: Any) -> None:
    """The officials hear about a change notice from a funded organization."""
    officials = list(
        db.session.scalars(
            select(User.id).where(User.role.in_(OFFICE_ROLES), User.is_active_account.is_(True))
        )
    )
    record_notifications(
        _without(officials, actor),
        NotificationKind.CHANGE_NOTICE_FILED,
        notice,
        link=path_for("programmes.notice", notice_id=notice.id),
        title=notice.task.title,
        organization=notice.organization.name,
    )


@programme_signals.notice_answered.connect
def change_notice_answered(notice: Any, actor: Any) -> None:
    """The organization's representatives hear the office's answer."""
    record_notifications(
        _without(representatives_of([notice.organization_id]), actor),
        NotificationKind.CHANGE_NOTICE_ANSWERED,
        notice,
        link=path_for("programmes.notice", notice_id=notice.id),
        title=notice.task.title,
        answer=notice.answer,
        **({"due": notice.reply_due_on.isoformat()} if notice.reply_due_on else {}),
    )


@programme_signals.notice_replied.connect
def change_notice_replied(reply: Any, actor: Any) -> None:
    """A message in a change notice's thread: the office hears the organization's, the
    organization's representatives hear the office's."""
    notice = reply.notice
    if reply.side == "organization":
        recipients = list(
            db.session.scalars(
                select(User.id).where(User.role.in_(OFFICE_ROLES), User.is_active_account.is_(True))
            )
        )
        who = notice.organization.name
    else:
        recipients = representatives_of([notice.organization_id])
        who = "office"
    record_notifications(
        _without(recipients, actor),
        NotificationKind.CHANGE_NOTICE_REPLIED,
        notice,
        link=path_for("programmes.notice", notice_id=notice.id),
        title=notice.task.title,
        who=who,
    )


@meeting_signals.seat_given.connect
def meeting_seat_given(registration: Any) -> None:
    """The first person on a meeting's waiting list hears that a seat is theirs."""
    meeting = registration.meeting
    record_notifications(
        [registration.user_id],
        NotificationKind.MEETING_SEAT_GIVEN,
        meeting,
        link=path_for("meetings.show", meeting_id=meeting.id),
        title=meeting.title,
        starts=meeting.starts_at.isoformat(),
    )


@survey_signals.rescheduled.connect
def survey_rescheduled(survey: Any) -> None:
    """A survey got new dates: its reminders (opened, closing soon) become due again."""
    _forget_reminders((NotificationKind.SURVEY_OPENED, NotificationKind.SURVEY_CLOSING), survey.id)


@meeting_signals.rescheduled.connect
def meeting_rescheduled(meeting: Any) -> None:
    """A meeting moved: the day-before reminder becomes due again for the new start."""
    _forget_reminders((NotificationKind.MEETING_REMINDER,), meeting.id)


# --- moderation (issue 15, item 5): the author hears the reason, the office the request ------


@content_hidden.connect
def content_hidden_told(
    obj: Any, kind: str, author_ids: list[int], reason: str, title: str, actor: Any
) -> None:
    """The author reads why the office hid what they wrote, with the way to ask for a review."""
    record_notifications(
        _without(author_ids, actor),
        NotificationKind.CONTENT_HIDDEN,
        obj,
        link=path_for("moderation.review", kind=kind, target_id=obj.id),
        title=title,
        reason=reason,
    )


@moderation_signals.review_requested.connect
def review_requested(review: Any, target: Any, link: str) -> None:
    """The official who hid it (or, without one, every official) hears of the request."""
    if target.hidden_by_id is not None:
        recipients = [target.hidden_by_id]
    else:
        recipients = list(
            db.session.scalars(
                select(User.id).where(User.role.in_(OFFICE_ROLES), User.is_active_account)
            )
        )
    if target.names_author:
        kind, params = NotificationKind.REVIEW_REQUESTED, {"name": review.requested_by.name}
    else:  # an anonymous survey's answer: the office is not told who answered
        kind, params = NotificationKind.REVIEW_REQUESTED_ANONYMOUS, {}
    record_notifications(recipients, kind, review, link=link, title=target.title, **params)


@moderation_signals.review_decided.connect
def review_decided(review: Any, target: Any, link: str) -> None:
    """The author hears the office's decision."""
    kind = (
        NotificationKind.REVIEW_RESTORED
        if review.outcome == "restored"
        else NotificationKind.REVIEW_UPHELD
    )
    record_notifications(target.author_ids, kind, review, link=link, title=target.title)
