"""The ballot service on its own: it re-checks everything, whatever the view let through."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.domain import NotAllowed
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities import services
from app.priorities.models import Ballot
from app.priorities.permissions import BallotRefusal
from app.priorities.rules import BallotProblem
from tests.factories import make_organization, make_user, make_vote


def count():
    return db.session.scalar(select(func.count()).select_from(Ballot))


@pytest.fixture
def vote(app):
    return make_vote(official=make_user(role=Role.OFFICIAL), options=3)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (["999"], BallotProblem.UNKNOWN_OPTION),
        ("first", BallotProblem.UNKNOWN_OPTION),
        ([], BallotProblem.EMPTY),
    ],
)
def test_forged_content_is_refused_and_nothing_stored(vote, content, code):
    organization = make_organization()
    with pytest.raises(services.InvalidBallot) as refused:
        services.cast_ballot(
            vote, content, organization.memberships[0].user, utcnow(), organization=organization
        )
    assert code in [p.code for p in refused.value.problems]
    db.session.rollback()
    assert count() == 0


def test_duplicate_option_is_refused(vote):
    organization = make_organization()
    key = vote.options[0].key
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(
            vote, [key, key], organization.memberships[0].user, utcnow(), organization=organization
        )


def test_outside_the_window_is_refused(vote):
    organization = make_organization()
    person = organization.memberships[0].user
    content = [vote.options[0].key]
    with pytest.raises(services.VoteNotOpen) as early:
        services.cast_ballot(
            vote, content, person, vote.opens_at - timedelta(seconds=1), organization=organization
        )
    assert early.value.refusal == BallotRefusal.NOT_OPEN_YET
    with pytest.raises(services.VoteNotOpen) as late:
        services.cast_ballot(vote, content, person, vote.closes_at, organization=organization)
    assert late.value.refusal == BallotRefusal.CLOSED


def test_only_representatives_of_verified_organizations(vote):
    verified = make_organization()
    pending = make_organization(verified=False)
    content = [vote.options[0].key]
    for person, organization in (
        (make_user(), verified),
        (pending.memberships[0].user, pending),
    ):
        with pytest.raises(NotAllowed):
            services.cast_ballot(vote, content, person, utcnow(), organization=organization)
    official = make_user(role=Role.OFFICIAL)
    with pytest.raises(NotAllowed):  # paper ballots only for verified organizations
        services.enter_paper_ballot(official, vote, pending, content, utcnow().date(), utcnow())
    assert count() == 0


def test_a_person_ballot_leaves_no_audit_of_its_content(app):
    vote = make_vote(official=make_user(role=Role.OFFICIAL), options=2, voter_unit="person")
    person = make_user()
    result = services.cast_ballot(vote, [vote.options[1].key], person, utcnow(), person=person)
    db.session.commit()
    assert result.ballot.voter_key == f"person:{person.id}"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.cast")) is None
    with pytest.raises(NotAllowed):  # nobody votes for someone else
        services.cast_ballot(vote, [vote.options[1].key], make_user(), utcnow(), person=person)


def test_helpers_for_other_parts(vote):
    organization = make_organization()
    assert services.current_ballot(vote, organization=organization) is None
    services.cast_ballot(
        vote,
        [vote.options[0].key],
        organization.memberships[0].user,
        utcnow(),
        organization=organization,
    )
    db.session.commit()
    assert services.current_ballot(vote, organization=organization).content == [vote.options[0].key]
    assert services.ballot_count(vote) == 1
    assert services.eligible_voter_count(vote) >= 1
    assert services.voter_key(organization=organization) == f"org:{organization.id}"
