"""Concurrent requests on PostgreSQL: the database, not luck, keeps the state whole.

Each thread sends its request through its own test client, so each gets its own app context,
session and connection, as separate gunicorn workers would.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.extensions import db
from app.organizations.models import Membership, Organization
from tests.factories import make_organization, make_user


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


def _in_parallel(app, user_ids, method, url, data, times=None):
    """Send the same request from several signed-in clients at the same moment."""
    barrier = threading.Barrier(len(user_ids))
    statuses: list[int] = []

    def send(user_id):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
        barrier.wait()
        response = getattr(client, method)(url, data=data)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_two_officials_verifying_at_once_give_one_decision(app):
    organization = make_organization(verified=False)
    officials = [make_user(role=Role.OFFICIAL).id for _ in range(4)]
    statuses = _in_parallel(
        app,
        officials,
        "post",
        f"/organizations/{organization.id}/decide",
        {"decision": "approve"},
    )
    assert statuses == [302] * 4
    db.session.expire_all()
    verifications = db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "organization.verify")
    )
    assert verifications == 1
    assert db.session.get(Organization, organization.id).status == "verified"


def test_double_submitted_join_request_creates_one_membership(app):
    organization = make_organization()
    person = make_user()
    statuses = _in_parallel(
        app, [person.id] * 4, "post", f"/organizations/{organization.id}/join", {"message": "x"}
    )
    assert all(status in (302, 403) for status in statuses)
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.user_id == person.id)
    )
    assert count == 1


def test_same_nip_registered_twice_at_once_creates_one_organization(app):
    people = [make_user().id for _ in range(3)]
    data = {
        "name": "Fundacja Bliźniacza",
        "legal_form": "foundation",
        "register_type": "none",
        "nip": "5260001298",
        "areas": ["seniors"],
    }
    statuses = _in_parallel(app, people, "post", "/organizations/new", data)
    assert sorted(statuses) == [200, 200, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Organization.id))) == 1
