"""Published results reach the people following the vote's round or one of its areas."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role
from app.common.models import OutboxMessage
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import services as notification_services
from app.notifications.models import FollowTarget, Notification
from app.priorities import results
from tests.factories import (
    make_ballot,
    make_organization,
    make_user,
    make_vote,
    publish_vote_results,
)


def test_followers_of_the_round_and_its_areas_are_notified_once(app):
    now = utcnow()
    official = make_user(role=Role.OFFICIAL)
    vote = make_vote(official=official, opens_at=now - timedelta(days=3), closes_at=now)
    round_follower = make_user()
    area_follower = make_user()
    bystander = make_user()
    notification_services.follow(
        round_follower, FollowTarget.CONSULTATION, vote.consultation_id, now
    )
    notification_services.follow(
        area_follower, FollowTarget.AREA, vote.consultation.areas[0].id, now
    )
    notification_services.follow(
        area_follower, FollowTarget.CONSULTATION, vote.consultation_id, now
    )
    make_ballot(vote, make_organization())
    db.session.commit()

    publish_vote_results(vote, official)
    results.notify_results_published(vote, f"/votes/{vote.id}/results")
    db.session.commit()

    notified = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "vote.results_published")
    ).all()
    assert notified.count(round_follower.id) == 1
    assert notified.count(area_follower.id) == 1
    assert bystander.id not in notified
    # written in the same transaction: the outbox already holds the e-mails
    recipients = set(db.session.scalars(select(OutboxMessage.user_id)))
    assert {round_follower.id, area_follower.id} <= recipients
