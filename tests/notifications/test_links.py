"""Every notification opens the object it is about, also when a service was called without a
link (the demo data, a command): the receivers build the link from the object."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.proposals import services as proposal_services
from app.site.demo import create_demo_data
from tests.factories import make_consultation, make_organization, make_proposal, make_user


def _notifications(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def test_review_started_without_a_link_opens_the_proposal(app):
    official = make_user(role=Role.OFFICIAL)
    proposal = make_proposal(make_organization())
    proposal_services.start_review(official, proposal, utcnow())  # no link given
    db.session.commit()
    notifications = _notifications(NotificationKind.PROPOSAL_REVIEW_STARTED)
    assert notifications
    assert {n.link for n in notifications} == {f"/proposals/{proposal.id}"}


def test_answer_published_without_a_link_opens_the_comment(app):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    organization = make_organization()
    comment = consultation_services.submit_comment(
        consultation,
        organization.memberships[0].user,
        organization,
        consultation_services.CommentData(None, "Dodać paragraf", "Bo tak"),
        utcnow(),
    )
    consultation_services.save_answer(
        official, comment, "accepted", "Przyjęto.", True, utcnow()
    )  # no link given
    db.session.commit()
    notifications = _notifications(NotificationKind.COMMENT_ANSWERED)
    assert notifications
    assert {n.link for n in notifications} == {
        f"/consultations/{consultation.id}/comments/{comment.id}"
    }


def test_every_notification_of_the_demo_has_a_link(app):
    """The demo calls the services without links: each kind it produces still opens its object."""
    create_demo_data()
    db.session.commit()
    notifications = db.session.scalars(select(Notification)).all()
    kinds = {n.kind for n in notifications}
    assert {NotificationKind.COMMENT_ANSWERED, NotificationKind.PROPOSAL_REVIEW_STARTED} <= kinds
    assert [(n.kind, n.link) for n in notifications if not n.link] == []
    client = app.test_client()
    # each link opened by the person it was meant for (an invitation to co-author a draft that
    # waits for its co-authors' consent is not public)
    for user_id, link in {(n.user_id, n.link) for n in notifications}:
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        assert client.get(link).status_code in (200, 302), link
