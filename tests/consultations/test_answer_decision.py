"""The answer form of a comment preselects no decision (issue 12, item 5)."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.auth.models import Role
from app.consultations.models import Answer, Comment
from app.extensions import db
from tests.factories import make_consultation, make_organization, make_user


def _select(page: str) -> str:
    return re.search(r'<select[^>]*name="decision".*?</select>', page, re.S).group(0)


def _first_option(page: str) -> str:
    """A select without a selected option shows its first one."""
    return re.search(r'<option[^>]*value="([^"]*)"', _select(page)).group(1)


def _selected(page: str) -> list[str]:
    select_html = _select(page)
    return re.findall(r'<option[^>]*selected[^>]*value="([^"]*)"', select_html) + re.findall(
        r'<option[^>]*value="([^"]*)"[^>]*selected', select_html
    )


def _round_with_comment():
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    organization = make_organization(name="Fundacja Seniorzy")
    return official, consultation, organization


def test_no_decision_preselected_and_required(client, auth):
    official, consultation, organization = _round_with_comment()
    unit = consultation.current_version.units[1]
    auth.login_as(organization.memberships[0].user)
    client.post(
        f"/consultations/{consultation.id}/comment",
        data={
            "organization": organization.id,
            "unit": unit.key,
            "current_wording": unit.text_md,
            "proposed_wording": "Nowy zapis.",
            "justification": "Krócej.",
        },
    )
    comment = db.session.scalar(select(Comment))
    auth.login_as(official)
    url = f"/consultations/{consultation.id}/comments/{comment.id}"
    page = client.get(url).get_data(as_text=True)
    assert _selected(page) in ([], [""]) and _first_option(page) == ""  # never "Uwzględniona"
    assert "— wybierz —" in _select(page)

    response = client.post(f"{url}/answer", data={"decision": "", "justification": "Zostaje."})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="decision-error"' in page and "Wybierz decyzję." in page
    assert "Zostaje." in page  # the justification typed is kept
    assert db.session.scalar(select(Answer)) is None

    # without the field at all: the same field error, nothing stored
    response = client.post(f"{url}/answer", data={"justification": "Zostaje."})
    assert response.status_code == 400
    assert "Wybierz decyzję." in response.get_data(as_text=True)
    assert db.session.scalar(select(Answer)) is None

    # an answer being edited shows its stored decision (that is not a default)
    client.post(f"{url}/answer", data={"decision": "rejected", "justification": "Nie."})
    assert _selected(client.get(url).get_data(as_text=True)) == ["rejected"]
