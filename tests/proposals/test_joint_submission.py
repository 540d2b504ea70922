"""Issue 12, item 4: a joint proposal never shows an organization as co-author before it
accepted. Submitting with invitations not answered yet: the lead waits for the co-authors'
consent (the proposal stays a draft until the last one accepts) or submits without them after
a warning; an acceptance after submission adds the organization, until the office starts the
review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.common.domain import NotAllowed
from app.common.timeutil import utcnow
from app.consultations.services import StageData
from app.extensions import db
from app.notifications.models import Notification
from app.proposals import permissions, queries, services
from app.proposals.models import Proposal
from tests.exports import csv_table
from tests.factories import make_consultation, make_organization, make_proposal

TITLE = "Wspólny klub seniora"


def _rep(organization):
    return organization.memberships[0].user


@pytest.fixture
def orgs():
    return (
        make_organization(name="Fundacja Prowadząca"),
        make_organization(name="Stowarzyszenie Zgodne"),
        make_organization(name="Klub Niezdecydowany"),
    )


def _draft(lead, *invited):
    return make_proposal(lead, submit=False, invited=list(invited), title=TITLE)


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    )


def _public_texts(client, proposal, organization) -> list[str]:
    """Every public place that names a proposal's authors, as an anonymous visitor sees it."""
    return [
        client.get(f"/proposals/{proposal.id}").get_data(as_text=True),
        client.get("/proposals/").get_data(as_text=True),
        client.get("/proposals/export.csv").get_data(as_text=True),
        client.get("/proposals/export.json").get_data(as_text=True),
        client.get(f"/proposals/?organization={organization.id}").get_data(as_text=True),
        client.get(f"/organizations/{organization.id}").get_data(as_text=True),
    ]


# --- services -------------------------------------------------------------------------------


def test_waiting_keeps_a_draft_until_the_last_acceptance_submits_it(orgs):
    lead, first, second = orgs
    proposal = _draft(lead, first, second)
    assert (
        services.submit_proposal(_rep(lead), proposal, utcnow(), wait_for_coauthors=True) is False
    )
    assert proposal.status == "draft" and proposal.is_awaiting_coauthors
    assert not permissions.can_view_proposal(None, proposal)
    assert proposal not in db.session.scalars(queries.public_query(queries.Filters())).all()

    first_row, second_row = proposal.authors
    assert services.answer_invitation(_rep(first), first_row, True, utcnow()) is False
    assert proposal.status == "draft" and proposal.is_awaiting_coauthors
    assert services.answer_invitation(_rep(second), second_row, True, utcnow()) is True
    db.session.commit()
    assert proposal.status == "submitted" and proposal.submitted_at is not None
    assert proposal.submission_requested_at is None
    assert [o.name for o in proposal.all_authors] == [
        "Fundacja Prowadząca",
        "Stowarzyszenie Zgodne",
        "Klub Niezdecydowany",
    ]
    for organization in orgs:  # every author hears that it went to the office
        assert "proposal.submitted" in _kinds(_rep(organization))


def test_a_refusal_ends_the_waiting_and_the_lead_decides_again(orgs):
    lead, first, second = orgs
    proposal = _draft(lead, first, second)
    services.submit_proposal(_rep(lead), proposal, utcnow(), wait_for_coauthors=True)
    services.answer_invitation(_rep(first), proposal.authors[0], False, utcnow())
    db.session.commit()
    assert proposal.status == "draft" and not proposal.is_awaiting_coauthors
    assert "proposal.coauthor_declined" in _kinds(_rep(lead))
    # the other one accepting later does not submit it: the lead has to decide again
    assert services.answer_invitation(_rep(second), proposal.authors[1], True, utcnow()) is False
    assert proposal.status == "draft"
    assert [o.name for o in proposal.all_authors] == ["Fundacja Prowadząca", "Klub Niezdecydowany"]


def test_waiting_past_the_stage_close_submits_nothing(orgs):
    lead, first, _second = orgs
    now = utcnow()
    round_ = make_consultation(
        stages=(StageData("proposals", now - timedelta(days=2), now + timedelta(days=1)),)
    )
    proposal = make_proposal(lead, round_, submit=False, invited=[first])
    services.submit_proposal(_rep(lead), proposal, now, wait_for_coauthors=True)
    later = now + timedelta(days=2)  # the proposals stage has closed
    assert services.answer_invitation(_rep(first), proposal.authors[0], True, later) is False
    assert proposal.status == "draft"


def test_submitting_without_them_never_shows_pending_or_declined(client, orgs):
    lead, pending, declining = orgs
    proposal = _draft(lead, pending, declining)
    assert services.submit_proposal(_rep(lead), proposal, utcnow()) is True
    services.answer_invitation(_rep(declining), proposal.authors[1], False, utcnow())
    db.session.commit()
    assert proposal.status == "submitted"
    assert proposal.all_authors == [lead]
    for organization in (pending, declining):
        texts = _public_texts(client, proposal, organization)
        assert TITLE in texts[0]
        for text in texts[:4]:  # the page, the list and both downloads
            assert organization.name not in text
        assert TITLE not in texts[4] and TITLE not in texts[5]  # not in its list nor profile
    rows = csv_table(texts[2])  # past the metryka (issue 16)
    assert rows[1][5] == "Fundacja Prowadząca"


def test_acceptance_after_submission_adds_the_coauthor_until_the_review(client, orgs, official):
    lead, late, too_late = orgs
    proposal = _draft(lead, late, too_late)
    services.submit_proposal(_rep(lead), proposal, utcnow())
    services.answer_invitation(_rep(late), proposal.authors[0], True, utcnow())
    db.session.commit()
    assert proposal.all_authors == [lead, late]
    assert "Stowarzyszenie Zgodne" in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    services.start_review(official, proposal, utcnow())
    db.session.commit()
    # the review started: the list of authors the office reviews is fixed
    assert queries.pending_invitations([too_late.id]) == []
    with pytest.raises(NotAllowed):
        services.answer_invitation(_rep(too_late), proposal.authors[1], True, utcnow())
    # the authors told of the review are the lead and the co-author that accepted
    assert "proposal.review_started" in _kinds(_rep(late))
    assert "proposal.review_started" not in _kinds(_rep(too_late))


# --- the confirmation page --------------------------------------------------------------------


def test_confirmation_page_says_what_happens_and_offers_both(client, auth, orgs):
    lead, first, _second = orgs
    proposal = _draft(lead, first)
    auth.login_as(_rep(lead))
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert "Stowarzyszenie Zgodne" in page
    assert 'value="wait"' in page and 'value="alone"' in page
    assert "Na liście autorów nie będzie: Stowarzyszenie Zgodne" in page
    # a POST without a choice submits nothing and shows the page again
    assert client.post(f"/proposals/{proposal.id}/submit").status_code == 200
    assert db.session.get(Proposal, proposal.id).status == "draft"
    response = client.post(f"/proposals/{proposal.id}/submit", data={"mode": "wait"})
    assert response.status_code == 302
    shown = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Czeka na zgodę współautorów" in shown
    # still waiting: the page offers to submit without them, not to wait again
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert 'value="wait"' not in page and 'value="alone"' in page
    client.post(f"/proposals/{proposal.id}/submit", data={"mode": "alone"})
    assert db.session.get(Proposal, proposal.id).status == "submitted"
    response = client.get(f"/proposals/{proposal.id}/submit")
    assert response.status_code == 302  # already submitted: back to the proposal


def test_confirmation_without_invitations_has_one_button(client, auth, orgs):
    lead = orgs[0]
    proposal = _draft(lead)
    auth.login_as(_rep(lead))
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert 'value="wait"' not in page and 'value="alone"' in page
    assert "staje się publiczna" in page


def test_invited_representative_may_not_submit(client, auth, orgs):
    lead, first, _second = orgs
    proposal = _draft(lead, first)
    auth.login_as(_rep(first))
    assert client.get(f"/proposals/{proposal.id}/submit").status_code == 403
    assert (
        client.post(f"/proposals/{proposal.id}/submit", data={"mode": "alone"}).status_code == 403
    )
    assert db.session.get(Proposal, proposal.id).status == "draft"


def test_the_authors_read_why_in_their_notifications(client, auth, orgs):
    lead, first, second = orgs
    proposal = _draft(lead, first, second)
    services.submit_proposal(_rep(lead), proposal, utcnow(), wait_for_coauthors=True)
    services.answer_invitation(_rep(second), proposal.authors[1], False, utcnow())
    db.session.commit()
    auth.login_as(_rep(lead))
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Klub Niezdecydowany odmawia współautorstwa propozycji" in page
    links = db.session.scalars(
        select(Notification.link).where(Notification.user_id == _rep(lead).id)
    )
    assert set(links) == {f"/proposals/{proposal.id}"}
    services.submit_proposal(_rep(lead), proposal, utcnow(), wait_for_coauthors=True)
    services.answer_invitation(_rep(first), proposal.authors[0], True, utcnow())
    db.session.commit()
    assert proposal.status == "submitted"
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Wszystkie zaproszone organizacje przyjęły zaproszenie" in page


def test_confirmation_page_in_english(app, client, auth, orgs):
    lead, first, _second = orgs
    proposal = _draft(lead, first)
    auth.login_as(_rep(lead))
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert "1 invited organization has not accepted yet:" in page
    assert "Not listed among the authors: Stowarzyszenie Zgodne." in page
    assert "consent" in page and "Submit now without the pending co-authors" in page
    print(page[page.index("wait-h") : page.index("wait-h") + 200])
