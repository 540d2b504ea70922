"""Who hears about what: hooks in the features' services and the reminders of ``tick``."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.common.models import OutboxMessage
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.hub import services as hub_services
from app.notifications import services
from app.notifications.messages import describe
from app.notifications.models import FollowTarget, Notification
from app.organizations.queries import area_by_code
from app.site.reminders import run_reminders
from tests.factories import (
    add_member,
    event_data,
    make_consultation,
    make_event,
    make_opportunity,
    make_organization,
    make_user,
    opportunity_data,
)


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def _follow(user, target_type, target_id):
    services.follow(user, target_type, target_id, utcnow())
    db.session.commit()


def test_announcing_a_round_notifies_followers_of_its_areas(app):
    follower = make_user()
    stranger = make_user()
    _follow(follower, FollowTarget.AREA, area_by_code("seniors").id)
    _follow(stranger, FollowTarget.AREA, area_by_code("culture-heritage").id)
    official = make_user(role=Role.OFFICIAL)
    _follow(official, FollowTarget.AREA, area_by_code("seniors").id)
    draft = make_consultation(official, announce=False)
    assert _kinds(follower) == []  # drafts are not public
    consultation_services.announce_consultation(official, draft, utcnow())
    db.session.commit()
    assert _kinds(follower) == ["consultation.announced"]
    assert _kinds(stranger) == [] and _kinds(official) == []  # not the one who did it
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.user_id == follower.id))
    assert "Nowe konsultacje w obserwowanej sferze pożytku publicznego" in message.subject
    assert f"/consultations/{draft.id}" in message.text_body
    run_reminders(utcnow())  # the commenting stage opened with the announcement: no second note
    db.session.commit()
    assert _kinds(follower) == ["consultation.announced"]


def test_stage_opening_is_announced_once(app):
    now = utcnow()
    consultation = make_consultation(
        stages=(
            consultation_services.StageData(
                "commenting", now - timedelta(days=2), now + timedelta(days=1)
            ),
            consultation_services.StageData(
                "proposals", now + timedelta(days=2), now + timedelta(days=20)
            ),
        )
    )
    follower = make_user()
    _follow(follower, FollowTarget.CONSULTATION, consultation.id)
    run_reminders(now)
    db.session.commit()
    assert "stage.opened" not in _kinds(follower)
    later = now + timedelta(days=2, hours=1)
    run_reminders(later)
    run_reminders(later + timedelta(hours=1))
    db.session.commit()
    assert _kinds(follower).count("stage.opened") == 1
    row = db.session.scalar(select(Notification).where(Notification.kind == "stage.opened"))
    assert row.params["stage"] == "proposals"


def test_stage_closing_reminds_organizations_that_did_not_take_part(app):
    now = utcnow()
    consultation = make_consultation(
        stages=(
            consultation_services.StageData(
                "commenting", now - timedelta(days=10), now + timedelta(days=2)
            ),
        )
    )
    silent = make_organization(name="Milcząca")  # works for seniors, like the round
    active = make_organization(name="Aktywna")
    elsewhere = make_organization(name="Kulturalna", area_codes=("culture-heritage",))
    second_rep = add_member(silent).user
    consultation_services.submit_comment(
        consultation,
        active.memberships[0].user,
        active,
        consultation_services.CommentData(None, "Dodać paragraf", "Bo tak"),
        now,
    )
    db.session.commit()
    assert run_reminders(now)["stages_closing"] == 2
    assert run_reminders(now + timedelta(hours=1))["stages_closing"] == 0  # once per person
    db.session.commit()
    assert _kinds(silent.memberships[0].user) == ["stage.closing"]
    assert _kinds(second_rep) == ["stage.closing"]
    assert _kinds(active.memberships[0].user) == []
    assert _kinds(elsewhere.memberships[0].user) == []
    row = db.session.scalar(select(Notification).where(Notification.kind == "stage.closing"))
    assert row.params["organization"] == "Milcząca"


def test_round_open_to_everyone_reminds_followers_who_have_not_commented(app):
    now = utcnow()
    consultation = make_consultation(
        participation="confirmed_persons",
        stages=(
            consultation_services.StageData(
                "commenting", now - timedelta(days=10), now + timedelta(days=2)
            ),
        ),
    )
    seniors = area_by_code("seniors")
    quiet, talkative, round_follower = make_user(), make_user(), make_user()
    unconfirmed = make_user(confirmed_at=None)
    representative = make_organization(name="Milcząca").memberships[0].user
    for person in (quiet, talkative, unconfirmed, representative):
        _follow(person, FollowTarget.AREA, seniors.id)
    _follow(round_follower, FollowTarget.CONSULTATION, consultation.id)
    consultation_services.submit_comment(
        consultation,
        talkative,
        None,
        consultation_services.CommentData(None, "Dodać paragraf", "Bo tak"),
        now,
    )
    db.session.commit()

    assert run_reminders(now)["stages_closing"] == 3
    assert run_reminders(now + timedelta(hours=1))["stages_closing"] == 0
    db.session.commit()
    assert _kinds(quiet) == _kinds(round_follower) == ["stage.closing_personal"]
    assert _kinds(talkative) == _kinds(unconfirmed) == []
    assert _kinds(representative) == ["stage.closing"]  # on behalf of the organization, once
    row = db.session.scalar(
        select(Notification).where(Notification.kind == "stage.closing_personal")
    )
    with app.test_request_context():
        assert describe(row.kind, row.params).endswith("Nie zgłoszono jeszcze Twoich uwag.")


def _round_data(consultation, **overrides):
    values = {
        "title": consultation.title,
        "summary": consultation.summary,
        "subject": consultation.subject,
        "rules_md": consultation.rules_md,
        "contact_person": consultation.contact_person,
        "contact_email": consultation.contact_email,
        "participation": consultation.participation,
        "comment_visibility": consultation.comment_visibility,
        "short_stage_justification": consultation.short_stage_justification,
        "area_codes": tuple(area.code for area in consultation.areas),
        "stages": tuple(
            consultation_services.StageData(s.kind, s.opens_at, s.closes_at)
            for s in consultation.stages
        ),
    }
    values.update(overrides)
    return consultation_services.RoundData(**values)


def test_new_stage_dates_are_announced_and_reminded_again(app):
    now = utcnow()
    opens, closes = now - timedelta(days=10), now + timedelta(days=2)
    consultation = make_consultation(
        stages=(consultation_services.StageData("commenting", opens, closes),)
    )
    official = db.session.get(User, consultation.created_by_id)
    follower = make_user()
    _follow(follower, FollowTarget.CONSULTATION, consultation.id)
    silent = make_organization(name="Milcząca")
    assert run_reminders(now)["stages_closing"] == 1
    db.session.commit()

    consultation_services.update_consultation(
        official, consultation, _round_data(consultation, title="Nowy tytuł"), now
    )
    db.session.commit()
    assert _kinds(follower) == []  # other changes are not announced

    extended = closes + timedelta(days=7)
    stages = (consultation_services.StageData("commenting", opens, extended),)
    consultation_services.update_consultation(
        official, consultation, _round_data(consultation, stages=stages), now
    )
    db.session.commit()
    assert _kinds(follower) == ["stage.rescheduled"]
    row = db.session.scalar(select(Notification).where(Notification.kind == "stage.rescheduled"))
    assert row.params["closes"] == extended.isoformat()
    with app.test_request_context():
        assert describe(row.kind, row.params).startswith("Nowe terminy etapu „zgłaszanie uwag”")
    # the closing reminder comes again before the new closing
    assert run_reminders(extended - timedelta(days=1))["stages_closing"] == 1
    db.session.commit()
    assert _kinds(silent.memberships[0].user) == ["stage.closing", "stage.closing"]


def test_opportunity_publication_and_deadline(app):
    area_follower = make_user()
    item_follower = make_user()
    _follow(area_follower, FollowTarget.AREA, area_by_code("seniors").id)
    opportunity = make_opportunity(deadline_at=utcnow() + timedelta(days=10))
    assert _kinds(area_follower) == ["opportunity.published"]
    _follow(item_follower, FollowTarget.OPPORTUNITY, opportunity.id)
    assert run_reminders(utcnow())["opportunity_deadlines"] == 0  # 10 days: not yet
    soon = utcnow() + timedelta(days=4)
    assert run_reminders(soon)["opportunity_deadlines"] == 2
    assert run_reminders(soon)["opportunity_deadlines"] == 0
    db.session.commit()
    assert _kinds(item_follower) == ["opportunity.deadline"]
    assert _kinds(area_follower) == ["opportunity.published", "opportunity.deadline"]


def test_events_reach_followers_of_the_area_and_of_the_organizer(app):
    organization = make_organization(name="Organizator")
    area_follower, organization_follower = make_user(), make_user()
    _follow(area_follower, FollowTarget.AREA, area_by_code("seniors").id)
    _follow(organization_follower, FollowTarget.ORGANIZATION, organization.id)
    make_event(organization.memberships[0].user, organization, area_code=None)
    assert _kinds(organization_follower) == ["event.published"]
    assert _kinds(area_follower) == []
    make_event()
    assert _kinds(area_follower) == ["event.published"]


def test_a_moved_deadline_is_announced_and_reminded_again(app):
    official = make_user(role=Role.OFFICIAL)
    follower = make_user()
    opportunity = make_opportunity(official, deadline_at=utcnow() + timedelta(days=5))
    _follow(follower, FollowTarget.OPPORTUNITY, opportunity.id)
    assert run_reminders(utcnow())["opportunity_deadlines"] == 1
    later = utcnow().replace(microsecond=0) + timedelta(days=20)
    hub_services.update_opportunity(
        official, opportunity, opportunity_data(deadline_at=later), utcnow()
    )
    db.session.commit()
    assert _kinds(follower) == ["opportunity.deadline", "opportunity.deadline_changed"]
    assert run_reminders(later - timedelta(days=3))["opportunity_deadlines"] == 1
    db.session.commit()
    assert _kinds(follower)[-1] == "opportunity.deadline"
    # another edit that keeps the deadline says nothing
    hub_services.update_opportunity(
        official, opportunity, opportunity_data(deadline_at=later, title="Nowy tytuł"), utcnow()
    )
    db.session.commit()
    assert len(_kinds(follower)) == 3


def test_a_rescheduled_event_is_announced_to_those_told_about_it(app):
    author = make_user(role=Role.OFFICIAL)
    follower = make_user()
    _follow(follower, FollowTarget.AREA, area_by_code("seniors").id)
    event = make_event(author)
    hub_services.update_event(
        author, event, None, event_data(place="Sala 2 (bez zmiany terminu)"), utcnow()
    )
    db.session.commit()
    assert _kinds(follower) == ["event.published"]
    moved = event.starts_at + timedelta(days=7)
    hub_services.update_event(
        author,
        event,
        None,
        event_data(starts_at=moved, ends_at=moved + timedelta(hours=1)),
        utcnow(),
    )
    db.session.commit()
    assert _kinds(follower) == ["event.published", "event.rescheduled"]
    row = db.session.scalar(select(Notification).where(Notification.kind == "event.rescheduled"))
    assert row.params["starts"] == moved.isoformat()


def test_join_request_notifies_the_representatives(client, auth):
    organization = make_organization()
    person = make_user(name="Ewa Nowak")
    auth.login_as(person)
    client.post(f"/organizations/{organization.id}/join", data={"message": "Wolontariuszka"})
    [row] = db.session.scalars(select(Notification)).all()
    assert row.user_id == organization.memberships[0].user_id
    assert row.kind == "membership.requested" and row.params["person"] == "Ewa Nowak"


def test_report_publication_reaches_followers_and_participants(app):
    consultation = make_consultation()
    organization = make_organization()
    follower = make_user()
    _follow(follower, FollowTarget.CONSULTATION, consultation.id)
    consultation_services.submit_comment(
        consultation,
        organization.memberships[0].user,
        organization,
        consultation_services.CommentData(None, "Zmiana", "Uzasadnienie"),
        utcnow(),
    )
    official = make_user(role=Role.OFFICIAL)
    # the report comes after the commenting stage (issue 12, item 2)
    consultation.stage("commenting").closes_at = utcnow() - timedelta(minutes=1)
    consultation_services.publish_report(official, consultation, "Dziękujemy.", "Urząd", utcnow())
    consultation_services.publish_report(
        official, consultation, "Poprawka.", "Urząd", utcnow(), reason="Literówka"
    )
    db.session.commit()
    assert _kinds(follower) == ["consultation.report_published"]
    assert _kinds(organization.memberships[0].user) == ["consultation.report_published"]


def test_cli_commands(app, runner):
    person = make_user()
    services.set_email_mode(person.id, "daily", utcnow())
    _follow(person, FollowTarget.AREA, area_by_code("seniors").id)
    make_opportunity(deadline_at=utcnow() + timedelta(days=3))
    result = runner.invoke(args=["notifications", "tick"])
    assert "opportunity_deadlines: 1" in result.output
    result = runner.invoke(args=["notifications", "digest"])
    assert "digests written: 1" in result.output
    message = db.session.scalar(select(OutboxMessage))
    assert "2 nowe powiadomienia" in message.subject
    result = runner.invoke(args=["notifications", "send"])
    assert "sent: 1, to retry: 0, failed: 0" in result.output


def test_two_ticks_at_once_record_each_reminder_once(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")
    now = utcnow()
    make_consultation(
        stages=(
            consultation_services.StageData(
                "commenting", now - timedelta(days=10), now + timedelta(days=2)
            ),
        )
    )
    for number in range(6):
        make_organization(name=f"Milcząca {number}")
    barrier = threading.Barrier(3)
    counts: list[int] = []
    errors: list[BaseException] = []

    def tick():
        with app.app_context():
            try:
                barrier.wait()
                counts.append(run_reminders(now)["stages_closing"])
                db.session.commit()
            except BaseException as error:  # reported below, with the thread's traceback lost
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=tick) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(counts) == [0, 0, 6]
    closing = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "stage.closing")
    ).all()
    assert len(closing) == len(set(closing)) == 6
