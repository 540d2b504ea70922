"""Simultaneous endorsements by one organization on PostgreSQL: the database keeps one."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Endorsement
from tests.factories import add_member, make_organization, make_proposal


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


def test_simultaneous_endorsements_by_one_organization_store_one(app):
    proposal = make_proposal()
    supporter = make_organization()
    representatives = [supporter.memberships[0].user_id] + [
        add_member(supporter).user_id for _ in range(5)
    ]
    url = f"/proposals/{proposal.id}/endorse"
    supporter_id = supporter.id  # read here: the threads have no application context
    barrier = threading.Barrier(len(representatives))
    statuses: list = []

    def endorse(user_id: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(url, data={"endorse-organization": supporter_id})
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            statuses.append(repr(error))
            return
        statuses.append(response.status_code)

    threads = [threading.Thread(target=endorse, args=(uid,)) for uid in representatives]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302] * len(representatives)
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count(Endorsement.id)).where(Endorsement.proposal_id == proposal.id)
    )
    assert count == 1


def test_simultaneous_last_acceptances_submit_a_waiting_proposal(app):
    """Issue 12, item 4: co-authors accepting at the same moment are serialised by the lock
    on the proposal, so the last of them sees every acceptance and submits it."""
    from app.common.timeutil import utcnow
    from app.proposals import services
    from app.proposals.models import Proposal

    lead = make_organization()
    partners = [make_organization() for _ in range(4)]
    proposal = make_proposal(lead, submit=False, invited=partners)
    services.submit_proposal(lead.memberships[0].user, proposal, utcnow(), wait_for_coauthors=True)
    db.session.commit()
    answers = [
        (p.memberships[0].user_id, f"/proposals/{proposal.id}/invitations/{row.id}")
        for p, row in zip(partners, proposal.authors, strict=True)
    ]
    proposal_id = proposal.id
    barrier = threading.Barrier(len(answers))
    statuses: list = []

    def accept(user_id: int, url: str) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(url, data={"decision": "accept"})
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            statuses.append(repr(error))
            return
        statuses.append(response.status_code)

    threads = [threading.Thread(target=accept, args=answer) for answer in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302] * len(answers)
    db.session.expire_all()
    proposal = db.session.get(Proposal, proposal_id)
    assert proposal.status == "submitted"
    assert len(proposal.co_authors) == len(partners)
