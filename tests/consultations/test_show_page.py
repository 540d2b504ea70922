"""The round's page: the draft notice only where a draft will come; a draft round's stages."""

from __future__ import annotations

from datetime import timedelta

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations.services import StageData
from tests.factories import make_consultation, make_user

NO_DRAFT_YET = "Projekt nie został jeszcze opublikowany."


def test_a_vote_only_round_does_not_promise_a_draft(client):
    now = utcnow()
    voting = StageData("voting", now - timedelta(days=1), now + timedelta(days=6))
    consultation = make_consultation(stages=(voting,), draft=None)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert NO_DRAFT_YET not in page


def test_a_commenting_round_without_a_draft_says_it_is_not_published_yet(client):
    consultation = make_consultation(draft=None)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert NO_DRAFT_YET in page


def test_stages_of_an_unannounced_round_are_planned_not_ongoing(client, auth):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official, announce=False)  # its stage's dates include now
    auth.login_as(official)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "planowany (konsultacje nie zostały jeszcze ogłoszone)" in page
    assert "<strong>trwa</strong>" not in page
    announced = make_consultation(official)
    page = client.get(f"/consultations/{announced.id}").get_data(as_text=True)
    assert "<strong>trwa</strong>" in page and "planowany" not in page
