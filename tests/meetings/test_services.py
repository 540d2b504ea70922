"""Meetings: seats and the waiting list, cancellation, remarks counted as "meeting" comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.consultations.queries import report_summary
from app.extensions import db
from app.meetings import permissions, services
from app.meetings.states import RegistrationStatus
from tests.factories import make_consultation, make_meeting, make_organization, make_user


def _data(meeting, **changes):
    values = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "agenda_md": meeting.agenda_md,
        "capacity": meeting.capacity,
        "accessibility_note": meeting.accessibility_note,
    }
    values.update(changes)
    return services.MeetingData(**values)


def test_over_capacity_goes_to_the_waiting_list_and_a_cancellation_promotes_the_first(app):
    meeting = make_meeting(capacity=2)
    people = [make_user() for _ in range(4)]
    now = utcnow()
    statuses = [services.register(meeting, p, None, now).status for p in people]
    db.session.commit()
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    first = next(r for r in meeting.registrations if r.user_id == people[0].id)
    services.cancel_registration(first, now)
    db.session.commit()
    db.session.refresh(meeting)
    by_user = {r.user_id: r.status for r in meeting.registrations}
    assert by_user == {
        people[1].id: RegistrationStatus.REGISTERED,
        people[2].id: RegistrationStatus.REGISTERED,  # the first waiting got the seat
        people[3].id: RegistrationStatus.WAITING,
    }


def test_a_person_registers_once_and_not_after_the_start(app):
    meeting = make_meeting()
    person = make_user()
    services.register(meeting, person, None, utcnow())
    db.session.commit()
    with pytest.raises(services.AlreadyRegistered):
        services.register(meeting, person, None, utcnow())
    db.session.rollback()
    with pytest.raises(services.RegistrationClosed):
        services.register(meeting, make_user(), None, meeting.starts_at)


def test_more_seats_admit_the_waiting_fewer_than_taken_are_refused(app):
    meeting = make_meeting(capacity=1)
    official = make_user(role=Role.OFFICIAL)
    a, b = make_user(), make_user()
    services.register(meeting, a, None, utcnow())
    services.register(meeting, b, None, utcnow())
    db.session.commit()
    services.update_meeting(official, meeting, _data(meeting, capacity=2), utcnow())
    db.session.commit()
    assert {r.status for r in meeting.registrations} == {"registered"}
    with pytest.raises(services.CapacityBelowSeats):
        services.update_meeting(official, meeting, _data(meeting, capacity=1), utcnow())


def test_a_remark_from_the_meeting_is_a_comment_counted_as_meeting(app):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    meeting = make_meeting(consultation, official, starts_at=utcnow() - timedelta(hours=3))
    organization = make_organization()
    with pytest.raises(services.MeetingNotHeld):
        services.enter_remark(
            official,
            make_meeting(consultation, official),
            organization,
            consultation_services.CommentData(None, "x", "y"),
            utcnow(),
        )
    db.session.rollback()
    unit = consultation.current_version.units[1]
    comment = services.enter_remark(
        official,
        meeting,
        organization,
        consultation_services.CommentData(unit.key, "Nowe brzmienie", "Bo tak"),
        utcnow(),
    )
    consultation_services.enter_paper_comment(
        official,
        consultation,
        organization,
        consultation_services.CommentData(None, "Papier", "Uzasadnienie"),
        utcnow().date(),
        utcnow(),
    )
    db.session.commit()
    assert comment.channel == "meeting" and comment.unit_label == unit.label
    assert comment.current_wording == unit.text_md
    summary = report_summary(consultation)
    assert (summary.online, summary.paper, summary.meeting) == (0, 1, 1)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"comment.enter_meeting", "meeting.create"} <= actions
    # nobody but the office changes what was said at the meeting
    representative = organization.memberships[0].user
    assert not consultation_services_can_change(representative, comment)


def consultation_services_can_change(user, comment):
    from app.consultations.permissions import can_change_comment

    return can_change_comment(user, comment, utcnow())


def test_minutes_wait_for_the_meeting_and_are_audited(app):
    official = make_user(role=Role.OFFICIAL)
    upcoming = make_meeting(official=official)
    with pytest.raises(services.MeetingNotHeld):
        services.publish_minutes(official, upcoming, "Protokół", [], utcnow())
    held = make_meeting(official=official, starts_at=utcnow() - timedelta(days=1))
    organization = make_organization()
    services.publish_minutes(official, held, "# Protokół", [organization], utcnow())
    db.session.commit()
    assert held.minutes_published_at is not None and "<h2>" in held.minutes_html
    assert [o.id for o in held.organizations] == [organization.id]
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "meeting.publish_minutes")
    )


def test_permissions_are_pure(app):
    meeting = make_meeting()
    assert permissions.registration_refusal(None, meeting, utcnow()) is not None
    person = make_user()
    assert permissions.registration_refusal(person, meeting, utcnow()) is None
    assert permissions.registration_refusal(person, meeting, meeting.starts_at) == "started"


def test_the_promoted_person_is_notified(app):
    from app.notifications.models import Notification

    meeting = make_meeting(capacity=1)
    first, second = make_user(), make_user()
    seat = services.register(meeting, first, None, utcnow())
    services.register(meeting, second, None, utcnow())
    db.session.commit()
    services.cancel_registration(seat, utcnow())
    db.session.commit()
    kinds = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    assert kinds == [(second.id, "meeting.seat_given")]
