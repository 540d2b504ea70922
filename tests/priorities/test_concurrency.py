"""Simultaneous ballots on PostgreSQL, through real requests in threads (own connections).

(a) many submissions by one organization leave exactly one ballot, with every replaced receipt
kept and the replacement count matching; (b) many organizations voting at once lose nothing.
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.priorities.models import Ballot, ReplacedReceipt
from app.priorities.receipts import receipt_digest
from tests.factories import add_member, make_organization, make_user, make_vote

CODE = re.compile(r'id="receipt-code">([A-Z2-7-]+)<')


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


def _run(app, jobs):
    """Post every (user id, url, data) at the same moment; return (status, receipt) per job."""
    barrier = threading.Barrier(len(jobs))
    results: list = []

    def post(user_id, url, data):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(url, data=data)
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            results.append((repr(error), None))
            return
        found = CODE.search(response.get_data(as_text=True))
        results.append((response.status_code, found.group(1) if found else None))

    threads = [threading.Thread(target=post, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_ballots_of_one_organization_leave_one(app):
    vote = make_vote(official=make_user(role=Role.OFFICIAL), options=4)
    organization = make_organization()
    people = [organization.memberships[0].user_id] + [
        add_member(organization).user_id for _ in range(9)
    ]
    keys = [o.key for o in vote.options]
    url = f"/votes/{vote.id}/ballot/confirm"
    jobs = [
        (uid, url, {"organization": organization.id, f"rank-{keys[n % 4]}": "1"})
        for n, uid in enumerate(people)
    ]
    results = _run(app, jobs)
    assert [status for status, _code in results] == [200] * 10
    codes = [code for _status, code in results]
    assert all(codes)
    db.session.expire_all()
    rows = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()
    assert len(rows) == 1
    ballot = rows[0]
    assert ballot.replacements == 9
    replaced = set(
        db.session.scalars(
            select(ReplacedReceipt.receipt_digest).where(ReplacedReceipt.vote_id == vote.id)
        )
    )
    digests = {receipt_digest(code) for code in codes}
    assert len(digests) == 10
    assert ballot.receipt_digest in digests
    assert replaced == digests - {ballot.receipt_digest}


def test_twenty_organizations_voting_at_once_lose_nothing(app):
    vote = make_vote(official=make_user(role=Role.OFFICIAL), options=3)
    organizations = [make_organization() for _ in range(20)]
    keys = [o.key for o in vote.options]
    url = f"/votes/{vote.id}/ballot/confirm"
    jobs = [
        (
            org.memberships[0].user_id,
            url,
            {"organization": org.id, f"rank-{keys[n % 3]}": "1", f"rank-{keys[(n + 1) % 3]}": "2"},
        )
        for n, org in enumerate(organizations)
    ]
    results = _run(app, jobs)
    assert [status for status, _code in results] == [200] * 20
    db.session.expire_all()
    rows = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()
    assert sorted(b.organization_id for b in rows) == sorted(o.id for o in organizations)
    assert all(b.replacements == 0 for b in rows)
    assert {b.receipt_digest for b in rows} == {receipt_digest(c) for _s, c in results}
    assert db.session.scalar(select(func.count()).select_from(ReplacedReceipt)) == 0


def test_closing_early_while_ballots_arrive_keeps_none_after_closing(app):
    official = make_user(role=Role.OFFICIAL)
    vote = make_vote(official=official, options=2)
    organizations = [make_organization() for _ in range(12)]
    key = vote.options[0].key
    url = f"/votes/{vote.id}/ballot/confirm"
    jobs = [
        (org.memberships[0].user_id, url, {"organization": org.id, f"rank-{key}": "1"})
        for org in organizations
    ]
    jobs.insert(6, (official.id, f"/votes/{vote.id}/close", {"confirmed": "y"}))
    results = _run(app, jobs)
    statuses = [status for status, _code in results]
    assert all(status in (200, 302, 403) for status in statuses), statuses
    accepted = {code for _status, code in results if code}
    db.session.expire_all()
    rows = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()
    assert {b.receipt_digest for b in rows} == {receipt_digest(c) for c in accepted}
    assert all(b.cast_at < vote.closes_at for b in rows)
    assert len(rows) + statuses.count(403) == 12
