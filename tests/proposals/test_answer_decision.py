"""The answer form of a proposal preselects no decision (issue 12, item 5)."""

from __future__ import annotations

import re

from app.auth.models import Role
from app.extensions import db
from tests.factories import make_organization, make_proposal, make_user


def _select(page: str) -> str:
    return re.search(r'<select[^>]*name="answer-decision".*?</select>', page, re.S).group(0)


def _selected(page: str) -> list[str]:
    return re.findall(r"<option[^>]*\bselected\b[^>]*>", _select(page))


def test_no_decision_preselected_and_required(client, auth):
    proposal = make_proposal(make_organization(name="Fundacja Seniorzy"))
    official = make_user(role=Role.OFFICIAL)
    auth.login_as(official)
    client.post(f"/proposals/{proposal.id}/review")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    first = re.search(r'<option[^>]*value="([^"]*)"', _select(page)).group(1)
    assert first == "" and "— wybierz —" in _select(page)
    assert all('value=""' in option for option in _selected(page))

    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"answer-decision": "", "answer-answer": "Zostaje.", "answer-merged_into": "0"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="answer-decision-error"' in page and "Wybierz decyzję." in page
    assert "Zostaje." in page
    db.session.refresh(proposal)
    assert proposal.decision is None and not proposal.answer_md

    client.post(
        f"/proposals/{proposal.id}/answer",
        data={"answer-decision": "rejected", "answer-answer": "Nie.", "answer-merged_into": "0"},
    )
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert [o for o in _selected(page) if 'value="rejected"' in o]
