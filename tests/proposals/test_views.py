"""Proposals through the test client: filing, co-authors, endorsements, discussion, review,
the public list and its downloads."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations.services import StageData
from app.extensions import db
from app.notifications.models import Notification
from app.proposals.models import Endorsement, Proposal, ProposalAuthor, ProposalComment
from tests.exports import csv_table
from tests.factories import make_consultation, make_organization, make_proposal, make_user


def form(**overrides) -> dict:
    data = {
        "consultation": "0",
        "title": "Klub seniora na Wólkach",
        "area": "seniors",
        "problem": "Seniorzy nie mają miejsca spotkań.",
        "evidence": "",
        "activities": "Otwarcie klubu seniora.",
        "target_group": "Seniorzy",
        "expected_results": "Spotkania 40 osób.",
        "estimated_cost": "12 500,50",
        "time_frame": "2027",
        "action": "draft",
    }
    data.update(overrides)
    return data


def _rep(organization):
    return organization.memberships[0].user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def lead():
    return make_organization(name="Fundacja Seniorzy", area_codes=("seniors",))


def test_draft_is_private_until_submitted(client, auth, lead):
    auth.login_as(_rep(lead))
    response = client.post("/proposals/new", data=form(organization=lead.id))
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == "draft"
    assert proposal.estimated_cost == Decimal("12500.50")
    assert proposal.consultation_id is None
    assert "Klub seniora" in client.get("/proposals/").get_data(as_text=True)  # "your drafts"
    auth.logout()
    assert client.get(f"/proposals/{proposal.id}").status_code == 403
    assert "Klub seniora" not in client.get("/proposals/").get_data(as_text=True)
    auth.login_as(make_user())
    assert client.get(f"/proposals/{proposal.id}").status_code == 403
    auth.login_as(_rep(lead))
    assert (
        client.post(f"/proposals/{proposal.id}/submit", data={"mode": "alone"}).status_code == 302
    )
    auth.logout()
    db.session.refresh(proposal)
    assert proposal.status == "submitted"
    assert client.get(f"/proposals/{proposal.id}").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"problem": ""}, "problem"),
        ({"area": ""}, "area"),
        ({"time_frame": ""}, "time_frame"),
        ({"estimated_cost": "-100"}, "estimated_cost"),
        ({"estimated_cost": "1000000000,01"}, "estimated_cost"),
        ({"estimated_cost": "1e12"}, "estimated_cost"),
        ({"estimated_cost": "dużo"}, "estimated_cost"),
        ({"estimated_cost": "NaN"}, "estimated_cost"),
        ({"title": "x" * 251}, "title"),
        ({"activities": "x" * 10001}, "activities"),
        ({"looking_for_partners": "y", "partner_needs": ""}, "partner_needs"),
    ],
)
def test_bad_input_keeps_values_and_stores_nothing(client, auth, lead, overrides, field):
    auth.login_as(_rep(lead))
    response = client.post("/proposals/new", data=form(organization=lead.id, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert "Spotkania 40 osób." in html  # what was typed is kept
    assert _count(Proposal) == 0


def test_member_without_organization_is_refused_with_a_message(client, auth):
    auth.login_as(make_user())
    response = client.get("/proposals/new")
    assert response.status_code == 403
    assert 'id="refusal"' in response.get_data(as_text=True)


def test_forged_organization_gets_403_and_stores_nothing(client, auth, lead):
    other = make_organization(name="Cudza")
    auth.login_as(_rep(lead))
    response = client.post("/proposals/new", data=form(organization=other.id, action="submit"))
    assert response.status_code == 403
    assert _count(Proposal) == 0


def test_closed_stage_is_refused_with_a_message(client, auth, lead):
    now = utcnow()
    closed = make_consultation(
        stages=(StageData("proposals", now - timedelta(days=9), now - timedelta(days=1)),)
    )
    auth.login_as(_rep(lead))
    response = client.post(
        "/proposals/new", data=form(organization=lead.id, consultation=closed.id)
    )
    assert response.status_code == 403
    assert 'id="refusal"' in response.get_data(as_text=True)
    assert _count(Proposal) == 0


def test_open_round_is_offered(client, auth, lead):
    now = utcnow()
    open_round = make_consultation(
        title="Program 2027",
        stages=(StageData("proposals", now - timedelta(days=1), now + timedelta(days=9)),),
    )
    auth.login_as(_rep(lead))
    page = client.get(f"/proposals/new?consultation={open_round.id}").get_data(as_text=True)
    assert f'<option selected value="{open_round.id}">Program 2027</option>' in page
    response = client.post(
        "/proposals/new",
        data=form(organization=lead.id, consultation=open_round.id, action="submit"),
    )
    proposal = db.session.scalar(select(Proposal))
    # "submit" saves the draft and opens the confirmation page
    assert response.headers["Location"] == f"/proposals/{proposal.id}/submit"
    assert proposal.consultation_id == open_round.id and proposal.status == "draft"
    client.post(f"/proposals/{proposal.id}/submit", data={"mode": "alone"})
    db.session.refresh(proposal)
    assert proposal.status == "submitted"


class TestIdeasBoxClosed:
    @pytest.fixture
    def app_overrides(self):
        return {"IDEAS_BOX_ENABLED": False}

    def test_nothing_open_is_refused(self, client, auth, lead):
        auth.login_as(_rep(lead))
        response = client.get("/proposals/new")
        assert response.status_code == 403
        assert 'id="refusal"' in response.get_data(as_text=True)
        response = client.post("/proposals/new", data=form(organization=lead.id))
        assert response.status_code == 403
        assert _count(Proposal) == 0


def test_joint_proposal_invitation(client, auth, lead):
    partner = make_organization(name="Klub Sportowy")
    stranger = make_organization(name="Obcy")
    auth.login_as(_rep(lead))
    client.post(
        "/proposals/new",
        data=form(organization=lead.id, coauthors=[partner.id], action="submit"),
    )
    proposal = db.session.scalar(select(Proposal))
    client.post(f"/proposals/{proposal.id}/submit", data={"mode": "wait"})
    assert proposal.is_awaiting_coauthors
    row = db.session.scalar(select(ProposalAuthor))
    assert row.organization_id == partner.id and row.status == "invited"
    notification = db.session.scalar(select(Notification))
    assert notification.link == f"/proposals/{proposal.id}"
    # the lead cannot answer for the invited organization; nor can a stranger
    url = f"/proposals/{proposal.id}/invitations/{row.id}"
    assert client.post(url, data={"decision": "accept"}).status_code == 403
    auth.login_as(_rep(stranger))
    assert client.post(url, data={"decision": "accept"}).status_code == 403
    db.session.refresh(row)
    assert row.status == "invited"
    auth.login_as(_rep(partner))
    assert client.post(url, data={"decision": "accept"}).status_code == 302
    db.session.refresh(row)
    assert row.status == "accepted"
    db.session.refresh(proposal)
    assert proposal.status == "submitted"  # the last acceptance submitted it
    auth.logout()
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Klub Sportowy" in page
    profile = client.get(f"/organizations/{partner.id}").get_data(as_text=True)
    assert "Klub seniora na Wólkach" in profile
    listing = client.get(f"/proposals/?organization={partner.id}").get_data(as_text=True)
    assert "Klub seniora na Wólkach" in listing


def test_endorse_once_not_own_and_withdraw(client, auth, lead):
    proposal = make_proposal(lead)
    supporter = make_organization(name="Wspierająca")
    url = f"/proposals/{proposal.id}/endorse"
    auth.login_as(_rep(lead))
    assert client.post(url, data={"endorse-organization": lead.id}).status_code == 403
    auth.login_as(_rep(supporter))
    # forged: an organization the person does not represent
    assert client.post(url, data={"endorse-organization": lead.id}).status_code == 403
    assert _count(Endorsement) == 0
    assert client.post(url, data={"endorse-organization": supporter.id}).status_code == 302
    assert client.post(url, data={"endorse-organization": supporter.id}).status_code == 302
    assert _count(Endorsement) == 1
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Wspierająca" in page
    client.post(
        f"/proposals/{proposal.id}/endorse/withdraw",
        data={"unendorse-organization": supporter.id},
    )
    assert _count(Endorsement) == 0


def test_edit_until_review_starts(client, auth, lead, official):
    proposal = make_proposal(lead)
    auth.login_as(_rep(lead))
    edit = f"/proposals/{proposal.id}/edit"
    assert client.get(edit).status_code == 200
    response = client.post(edit, data=form(organization=lead.id, title="Nowy tytuł"))
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Nowy tytuł" and proposal.status == "submitted"
    auth.login_as(official)
    client.post(f"/proposals/{proposal.id}/review")
    auth.login_as(_rep(lead))
    response = client.post(edit, data=form(organization=lead.id, title="Za późno"))
    assert response.status_code == 403
    assert 'id="refusal"' in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.title == "Nowy tytuł"
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == "withdrawn"


def test_review_answer_publish_notify_audit(client, auth, lead, official):
    proposal = make_proposal(lead)
    other = make_proposal(title="Inna propozycja")
    auth.login_as(_rep(lead))
    assert client.post(f"/proposals/{proposal.id}/review").status_code == 403
    auth.login_as(official)
    queue = client.get("/proposals/review").get_data(as_text=True)
    assert "Klub seniora" in queue and "Inna propozycja" in queue
    client.post(f"/proposals/{proposal.id}/review")
    response = client.post(f"/proposals/{proposal.id}/answer", data={"answer-decision": "accepted"})
    assert response.status_code == 400
    assert 'id="answer-answer-error"' in response.get_data(as_text=True)
    client.post(f"/proposals/{proposal.id}/note", data={"note-note": "Sprawdzić koszty z MOPS."})
    client.post(
        f"/proposals/{proposal.id}/answer",
        data={
            "answer-decision": "accepted",
            "answer-answer": "Przyjęto do programu.",
            "answer-merged_into": "0",
        },
    )
    db.session.refresh(proposal)
    assert proposal.status == "under_review" and proposal.decision == "accepted"
    client.post(
        f"/proposals/{proposal.id}/answer",
        data={
            "answer-decision": "accepted",
            "answer-answer": "Przyjęto do programu.",
            "answer-merged_into": "0",
            "answer-publish": "y",
        },
    )
    db.session.refresh(proposal)
    assert proposal.status == "accepted"
    assert db.session.scalar(
        select(Notification.kind).where(Notification.kind == "proposal.answered")
    )
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "proposal.review_start",
        "proposal.answer_draft",
        "proposal.answer_publish",
        "proposal.internal_note",
    } <= actions
    queue = client.get("/proposals/review").get_data(as_text=True)
    assert "Inna propozycja" in queue and "Klub seniora" not in queue
    assert "Klub seniora" in client.get("/proposals/review?status=accepted").get_data(as_text=True)
    auth.logout()
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Przyjęto do programu." in page
    assert "Sprawdzić koszty" not in page  # the internal note stays inside the office
    del other


def test_merge_through_the_view(client, auth, official):
    target, merged = make_proposal(title="Cel"), make_proposal(title="Scalana")
    auth.login_as(official)
    client.post(f"/proposals/{merged.id}/review")
    client.post(
        f"/proposals/{merged.id}/answer",
        data={
            "answer-decision": "merged",
            "answer-answer": "Połączono.",
            "answer-merged_into": str(target.id),
            "answer-publish": "y",
        },
    )
    db.session.refresh(merged)
    assert merged.status == "merged" and merged.merged_into_id == target.id
    page = client.get(f"/proposals/{target.id}").get_data(as_text=True)
    assert f"/proposals/{merged.id}" in page


def test_discussion_reply_and_hide(client, auth, lead, official):
    proposal = make_proposal(lead)
    commenter = make_organization(name="Komentująca")
    auth.login_as(_rep(commenter))
    url = f"/proposals/{proposal.id}/comments"
    response = client.post(url, data={"comment-organization": commenter.id, "comment-body": ""})
    assert response.status_code == 400
    assert (
        client.post(
            url, data={"comment-organization": lead.id, "comment-body": "Podszywam się"}
        ).status_code
        == 403
    )
    client.post(
        url,
        data={"comment-organization": commenter.id, "comment-body": "Świetne <b onclick=x>!</b>"},
    )
    top = db.session.scalar(select(ProposalComment))
    assert "onclick" not in top.body_html
    client.post(
        url,
        data={
            "comment-organization": commenter.id,
            "comment-body": "Odpowiedź",
            "comment-parent": str(top.id),
        },
    )
    reply = db.session.scalar(select(ProposalComment).where(ProposalComment.parent_id == top.id))
    response = client.post(
        url,
        data={
            "comment-organization": commenter.id,
            "comment-body": "Za głęboko",
            "comment-parent": str(reply.id),
        },
    )
    assert response.status_code == 400
    assert _count(ProposalComment) == 2
    assert client.post(f"/proposals/{proposal.id}/comments/{top.id}/hide").status_code == 403
    auth.login_as(official)
    client.post(f"/proposals/{proposal.id}/comments/{top.id}/hide", data={"hide-reason": "Spam"})
    db.session.refresh(top)
    assert top.is_hidden
    auth.logout()
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Spam" in page and "Świetne" not in page


def test_partner_search_and_offer(client, auth, lead):
    proposal = make_proposal(lead, looking_for_partners=True, partner_needs="Szukamy trenera.")
    make_proposal(title="Bez partnerów")
    page = client.get("/proposals/partners?area=seniors").get_data(as_text=True)
    assert "Szukamy trenera." in page and "Bez partnerów" not in page
    assert "Szukamy trenera." not in client.get("/proposals/partners?area=tourism").get_data(
        as_text=True
    )
    partner = make_organization(name="Trenerzy")
    auth.login_as(_rep(partner))
    url = f"/proposals/{proposal.id}/offer"
    response = client.post(url, data={"offer-organization": partner.id, "offer-message": ""})
    assert response.status_code == 400
    client.post(url, data={"offer-organization": partner.id, "offer-message": "Mamy trenera."})
    row = db.session.scalar(select(ProposalAuthor))
    assert row.status == "offered"
    decide = f"/proposals/{proposal.id}/offers/{row.id}"
    assert client.post(decide, data={"decision": "accept"}).status_code == 403
    auth.login_as(_rep(lead))
    client.post(decide, data={"decision": "accept"})
    db.session.refresh(row)
    assert row.status == "accepted"


def test_list_filters_search_sort_pages_and_downloads(client, app):
    app.config["PAGE_SIZE"] = 2
    seniors = make_proposal(title="Klub seniora", area_code="seniors")
    sport = make_proposal(title="Orlik dla dzieci", area_code="physical-culture-sport")
    third = make_proposal(title="Festyn", area_code="culture-heritage")
    make_proposal(title="Szkic", submit=False)
    supporter = make_organization()
    from app.proposals import services

    services.endorse_proposal(supporter.memberships[0].user, sport, supporter, utcnow())
    db.session.commit()
    first = client.get("/proposals/").get_data(as_text=True)
    assert "Festyn" in first and "Klub seniora" not in first  # newest first, two a page
    second = client.get("/proposals/?page=2").get_data(as_text=True)
    assert "Klub seniora" in second and "Szkic" not in second
    endorsed = client.get("/proposals/?sort=endorsed").get_data(as_text=True)
    assert endorsed.index("Orlik dla dzieci") < endorsed.index("Festyn")
    by_area = client.get("/proposals/?area=seniors").get_data(as_text=True)
    assert "Klub seniora" in by_area and "Orlik" not in by_area
    found = client.get("/proposals/?q=ORLIK").get_data(as_text=True)
    assert "Orlik dla dzieci" in found and "Festyn" not in found
    assert "Festyn" not in client.get("/proposals/?status=accepted").get_data(as_text=True)
    response = client.get("/proposals/export.csv?area=seniors")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = csv_table(response.data)  # past the metryka (issue 16)
    assert len(rows) == 2 and rows[1][1] == "Klub seniora"
    data = json.loads(client.get("/proposals/export.json").get_data(as_text=True))
    titles = [p["title"] for p in data["proposals"]]
    assert titles == ["Festyn", "Orlik dla dzieci", "Klub seniora"]
    assert data["proposals"][1]["endorsements"] == 1
    del seniors, third


def test_visitor_is_asked_to_log_in_with_a_whole_sentence(app, client, lead):
    proposal = make_proposal(lead)
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Zaloguj się, aby poprzeć propozycję" in html
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Log in to endorse or discuss the proposal" in html
