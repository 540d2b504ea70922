"""Two registrations for the last seat at once, on PostgreSQL: one seat, one waiting."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.meetings.models import MeetingRegistration
from tests.factories import make_meeting, make_user


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


@pytest.mark.parametrize("people", [2, 6])
def test_simultaneous_registrations_for_the_last_seat(app, people):
    meeting = make_meeting(capacity=1)
    user_ids = [make_user().id for _ in range(people)]
    url = f"/meetings/{meeting.id}/register"
    barrier = threading.Barrier(people)
    statuses: list = []

    def register(user_id: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(url, data={"organization": 0})
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            statuses.append(repr(error))
            return
        statuses.append(response.status_code)

    threads = [threading.Thread(target=register, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302] * people
    db.session.expire_all()
    seats = list(db.session.scalars(select(MeetingRegistration.status)))
    assert sorted(seats) == ["registered"] + ["waiting"] * (people - 1)
