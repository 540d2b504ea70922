"""The outbox: written with the event, delivered by the worker, never lost, never sent twice."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from app.common.models import OutboxMessage, OutboxStatus
from app.common.outbox import send_due
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications import services
from app.notifications.digest import build_digests
from app.notifications.models import EmailState, Notification
from tests.conftest import Inbox, _free_port, body_of, smtp_config
from tests.factories import make_opportunity, make_user


@pytest.fixture
def sink_port():
    return _free_port()


@pytest.fixture
def app_overrides(sink_port):
    inbox = Inbox()
    inbox.port = sink_port
    return smtp_config(inbox)


def _start_sink(port: int) -> tuple[Inbox, Controller]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return inbox, controller


def _notify(user, title="Konkurs dla seniorów"):
    opportunity = make_opportunity(title=title)
    rows = services.record_notifications(
        [user.id], "opportunity.published", opportunity, link="/opportunities/1", title=title
    )
    db.session.commit()
    return rows


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_message_is_written_in_the_event_transaction(app):
    user = make_user()
    opportunity = make_opportunity()
    before = _count(OutboxMessage)
    services.record_notifications([user.id], "opportunity.published", opportunity, title="X")
    db.session.rollback()  # the event failed: neither the notification nor the e-mail remain
    assert _count(OutboxMessage) == before
    assert _count(Notification) == 0

    [row] = _notify(user, "Konkurs „Lato”")
    message = row.outbox
    assert message.status == OutboxStatus.PENDING and row.email_state == EmailState.QUEUED
    assert message.to_address == user.email and message.locale == "pl"
    assert "Nowa możliwość" in message.subject
    assert "Konkurs „Lato”" in message.text_body and "Konkurs „Lato”" in message.html_body
    assert "/notifications/unsubscribe/" in message.headers["List-Unsubscribe"]
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_smtp_down_then_up_loses_nothing(app, sink_port):
    person = make_user(email="ala@example.org")
    english = make_user(email="bob@example.org", locale="en")
    _notify(person)
    _notify(english, "Small grants")

    summary = send_due()  # nothing listens on the port
    assert (summary.sent, summary.retried) == (0, 2)
    messages = db.session.scalars(select(OutboxMessage)).all()
    for message in messages:
        db.session.refresh(message)
        assert message.status == OutboxStatus.PENDING and message.attempts == 1
        assert "Connection" in message.last_error
        assert message.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert send_due().sent == 0  # not due yet: back-off

    inbox, controller = _start_sink(sink_port)
    try:
        summary = send_due(now=utcnow() + timedelta(minutes=2))
    finally:
        controller.stop()
    assert summary.sent == 2
    polish = inbox.last_to("ala@example.org")
    assert "Nowa możliwość" in polish["Subject"]
    assert polish.get_body(preferencelist=("html",)).get_content().startswith("<!doctype html>")
    assert "/notifications/unsubscribe/" in polish["List-Unsubscribe"]
    assert "One-Click" in polish["List-Unsubscribe-Post"]
    assert "A new opportunity" in inbox.last_to("bob@example.org")["Subject"]
    assert "Small grants" in body_of(inbox.last_to("bob@example.org"))
    for message in db.session.scalars(select(OutboxMessage)):
        db.session.refresh(message)
        assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert send_due(now=utcnow() + timedelta(days=1)).sent == 0  # never twice


def test_gives_up_after_the_last_attempt(app):
    _notify(make_user())
    later = utcnow()
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        send_due(now=later)
        later += timedelta(days=1)
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == app.config["OUTBOX_MAX_ATTEMPTS"]
    assert message.last_error


def test_daily_digest_groups_the_days_notifications_once(app, sink_port):
    person = make_user(email="daily@example.org")
    services.set_email_mode(person.id, "daily", utcnow())
    db.session.commit()
    for title in ("Konkurs A", "Konkurs B", "Konkurs C"):
        [row] = _notify(person, title)
        assert row.email_state == EmailState.DIGEST and row.outbox is None
    assert _count(OutboxMessage) == 0

    assert build_digests() == 1
    assert build_digests() == 0  # nothing waits: no notification goes out twice
    digest = db.session.scalar(select(OutboxMessage))
    assert digest.kind == "digest" and "3 nowe powiadomienia" in digest.subject
    for title in ("Konkurs A", "Konkurs B", "Konkurs C"):
        assert title in digest.text_body and title in digest.html_body

    _notify(person, "Konkurs D")  # the next day's notification waits for the next digest
    assert build_digests() == 1
    second = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "Konkurs D" in second.text_body and "Konkurs A" not in second.text_body
    states = db.session.scalars(select(Notification.email_state)).all()
    assert set(states) == {EmailState.DIGESTED}

    inbox, controller = _start_sink(sink_port)
    try:
        assert send_due().sent == 2
    finally:
        controller.stop()
    assert len(inbox.to("daily@example.org")) == 2


def test_never_means_no_e_mail_but_still_in_the_site(app):
    person = make_user()
    services.set_email_mode(person.id, "never", utcnow())
    db.session.commit()
    [row] = _notify(person)
    assert row.email_state == EmailState.NONE
    assert build_digests() == 0 and _count(OutboxMessage) == 0
    assert services.unread_count(person.id) == 1


def test_switching_to_never_drops_the_waiting_digest(app):
    person = make_user()
    services.set_email_mode(person.id, "daily", utcnow())
    _notify(person)
    services.set_email_mode(person.id, "never", utcnow())
    db.session.commit()
    assert build_digests() == 0


def test_unconfirmed_and_inactive_people(app):
    unconfirmed = make_user(confirmed_at=None)
    inactive = make_user(is_active_account=False)
    opportunity = make_opportunity()
    rows = services.record_notifications(
        [unconfirmed.id, inactive.id, unconfirmed.id], "x.unknown", opportunity
    )
    db.session.commit()
    assert [r.user_id for r in rows] == [unconfirmed.id]  # once; nobody notifies the inactive
    assert rows[0].email_state == EmailState.NONE  # no e-mail to an unconfirmed address


def test_two_workers_at_once_deliver_each_message_once(app, sink_port):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")
    people = [make_user() for _ in range(12)]
    opportunity = make_opportunity()
    for person in people:
        for number in range(2):
            services.record_notifications(
                [person.id], "opportunity.published", opportunity, title=f"T{number}"
            )
    db.session.commit()
    inbox, controller = _start_sink(sink_port)
    barrier = threading.Barrier(4)
    totals: list[int] = []

    def work():
        with app.app_context():
            barrier.wait()
            totals.append(send_due(limit=3).sent)
            db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        controller.stop()
    assert sum(totals) == 24
    assert len(inbox.messages) == 24
    for person in people:
        assert len(inbox.to(person.email)) == 2
    assert len([t for t in totals if t]) >= 2  # the work was really shared
    db.session.expire_all()
    statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert statuses == [OutboxStatus.SENT] * 24


def test_a_claim_left_by_a_dead_worker_is_taken_over(app, sink_port):
    [row] = _notify(make_user(email="late@example.org"))
    message = row.outbox
    message.status = OutboxStatus.SENDING
    message.claimed_by = "host:1:dead"
    message.claimed_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    inbox, controller = _start_sink(sink_port)
    try:
        assert send_due().sent == 0  # a recent claim: its worker may still be sending
        message.claimed_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        assert send_due().sent == 1
    finally:
        controller.stop()
    assert len(inbox.to("late@example.org")) == 1
