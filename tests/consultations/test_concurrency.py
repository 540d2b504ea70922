"""Concurrent comments on PostgreSQL: numbers stay unique and gap-free, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.consultations.models import Comment
from app.extensions import db
from tests.factories import make_consultation, make_organization


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


def test_simultaneous_comments_get_distinct_numbers(app):
    consultation = make_consultation()
    organizations = [make_organization() for _ in range(6)]
    url = f"/consultations/{consultation.id}/comment"
    voters = [(o.id, o.memberships[0].user_id) for o in organizations]
    barrier = threading.Barrier(len(organizations))
    statuses: list[int] = []

    def comment(organization_id: int, user_id: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(
                url,
                data={
                    "organization": organization_id,
                    "unit": "",
                    "proposed_wording": "x",
                    "justification": "y",
                },
            )
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            statuses.append(repr(error))
            return
        statuses.append(response.status_code)

    threads = [threading.Thread(target=comment, args=voter) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302] * len(organizations)
    db.session.expire_all()
    numbers = sorted(db.session.scalars(select(Comment.number)))
    assert numbers == list(range(1, len(organizations) + 1))
