"""Who is told about what: the followers and representatives each event concerns.

Each function is called by the service of its feature, inside that service's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app.extensions import db
from app.notifications.emails import path_for
from app.notifications.models import FollowTarget, Reminder
from app.notifications.services import followers_of, record_notifications
from app.organizations.models import Membership, MembershipStatus


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


def consultation_announced(actor: Any, consultation: Any, now: datetime) -> None:
    """Followers of the round's areas hear about a new consultation; stages already open
    count as announced with it (no separate "stage opened" later)."""
    recipients = followers_of((FollowTarget.AREA, area.id) for area in consultation.areas)
    record_notifications(
        _without(recipients, actor),
        "consultation.announced",
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
    )
    for stage in consultation.stages:
        if stage.opens_at <= now:
            mark_reminded("stage.opened", stage.id, [0])


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
        "stage.opened",
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
        stage=stage.kind,
    )


def stage_rescheduled(actor: Any, stage: Any) -> None:
    """A stage of an announced round got new dates: the round's followers hear them, and its
    reminders (opening, closing soon) become due again for the new dates."""
    _forget_reminders(("stage.opened", "stage.closing"), stage.id)
    consultation = stage.consultation
    record_notifications(
        _without(round_followers(consultation), actor),
        "stage.rescheduled",
        consultation,
        link=path_for("consultations.show", consultation_id=consultation.id),
        title=consultation.title,
        stage=stage.kind,
        opens=stage.opens_at.isoformat(),
        closes=stage.closes_at.isoformat(),
    )


def report_published(actor: Any, consultation: Any, participant_org_ids: list[int]) -> None:
    """The round's followers and the organizations that took part hear about its report."""
    recipients = followers_of([(FollowTarget.CONSULTATION, consultation.id)])
    recipients += representatives_of(participant_org_ids)
    record_notifications(
        _without(recipients, actor),
        "consultation.report_published",
        consultation,
        link=path_for("consultations.report", consultation_id=consultation.id),
        title=consultation.title,
    )


def opportunity_published(actor: Any, opportunity: Any) -> None:
    recipients = followers_of((FollowTarget.AREA, area.id) for area in opportunity.areas)
    record_notifications(
        _without(recipients, actor),
        "opportunity.published",
        opportunity,
        link=path_for("opportunities.show", opportunity_id=opportunity.id),
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
        link=path_for("calendar.show", event_id=event.id),
        title=event.title,
        starts=event.starts_at.isoformat(),
    )


def event_published(actor: Any, event: Any) -> None:
    """Followers of the event's area and of its organizer hear about it."""
    _tell_about_event(actor, event, "event.published")


def event_rescheduled(actor: Any, event: Any) -> None:
    """The event's start or end moved: those told about it hear the new time."""
    _tell_about_event(actor, event, "event.rescheduled")


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


def opportunity_deadline_changed(actor: Any, opportunity: Any) -> None:
    """The deadline moved: followers of the opportunity and of its areas hear the new one,
    and the 7-day reminder is due again for the new deadline."""
    _forget_reminders(("opportunity.deadline",), opportunity.id)
    if opportunity.deadline_at is None:
        return
    record_notifications(
        _without(opportunity_followers(opportunity), actor),
        "opportunity.deadline_changed",
        opportunity,
        link=path_for("opportunities.show", opportunity_id=opportunity.id),
        title=opportunity.title,
        deadline=opportunity.deadline_at.isoformat(),
    )


def join_requested(membership: Any, person: Any) -> None:
    organization = membership.organization
    record_notifications(
        _without(representatives_of([organization.id]), person),
        "membership.requested",
        organization,
        link=path_for("organizations.requests", organization_id=organization.id),
        person=person.name,
        organization=organization.name,
    )
