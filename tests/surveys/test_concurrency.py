"""Two representatives of one organization send the survey at the same moment, on PostgreSQL:
one response (the organization's), never two and never a failure."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import SurveyResponse
from tests.factories import add_member, make_organization, make_survey, make_user


@pytest.fixture(autouse=True)
def _postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")


def test_simultaneous_answers_of_one_organization_make_one_response(app):
    survey = make_survey(questions=[{"kind": "short_text", "text": "Jedno słowo"}])
    organization = make_organization()
    people = [organization.memberships[0].user_id]
    for _ in range(3):
        people.append(add_member(organization, user=make_user()).user_id)
    url = f"/surveys/{survey.id}/respond"
    field = f"q{survey.questions[0].id}"
    organization_id = organization.id
    barrier = threading.Barrier(len(people))
    statuses: list = []

    def answer(user_id: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
        barrier.wait()
        try:
            response = client.post(
                url,
                data={"organization": organization_id, field: f"od {user_id}", "action": "submit"},
            )
        except Exception as error:  # a crash in a thread must fail the test, not vanish
            statuses.append(repr(error))
            return
        statuses.append(response.status_code)

    threads = [threading.Thread(target=answer, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302] * len(people)
    db.session.expire_all()
    responses = list(db.session.scalars(select(SurveyResponse)))
    assert len(responses) == 1 and responses[0].organization_id == organization_id
