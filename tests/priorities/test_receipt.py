"""The public receipt check: counted, replaced, unknown and malformed codes; rate limit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities import results
from app.priorities.models import ReplacedReceipt
from app.priorities.receipts import receipt_digest
from tests.factories import (
    make_ballot,
    make_organization,
    make_user,
    make_vote,
    publish_vote_results,
)

CODE = "K7QF-3M2X-P4TA-HC3W-ZN5D"


def check(client, code):
    return client.post("/votes/receipt", data={"code": code}).get_data(as_text=True)


def test_counted_ranked_ballot_is_shown_without_its_voter(app, client):
    vote = make_vote(options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}])
    a, b, c = (option.key for option in vote.options)
    organization = make_organization(name="Fundacja Ukryta")
    make_ballot(vote, organization, [c, a], code=CODE)
    page = check(client, "k7qf 3m2x p4ta hc3w zn5d")
    assert "Głos z tym potwierdzeniem został policzony." in page
    assert page.index("Kultura") < page.index("Seniorzy")
    assert "oddany przez platformę" in page
    assert "głosowanie trwa" in page
    assert "Fundacja Ukryta" not in page


def test_published_ballot_shows_its_line_in_the_file(app, client):
    now = utcnow()
    vote = make_vote(
        ballot_type="points",
        method="points",
        max_points=10,
        opens_at=now - timedelta(days=2),
        closes_at=now - timedelta(hours=1),
    )
    a, b, c = (option.key for option in vote.options)
    make_ballot(vote, make_organization(), {a: 10}, code="AAAA-AAAA-AAAA-AAAA-AAAA")
    ballot, code = make_ballot(vote, make_organization(), {b: 3, c: 7}, channel="paper")
    publish_vote_results(vote, make_user(role=Role.OFFICIAL), "", now)
    db.session.commit()
    page = check(client, code)
    position = results.file_position(ballot)
    assert f"głosujący nr {position} w pliku glosowanie-{vote.id}.pb" in page
    assert "wprowadzony z karty papierowej" in page
    assert "opublikowane" in page
    pb = client.get(f"/votes/{vote.id}/ballots.pb").get_data(as_text=True)
    assert f"\n{position};{b},{c};3,7\n" in pb


def test_approval_ballot_lists_choices_with_costs(app, client):
    vote = make_vote(
        ballot_type="approval",
        method="greedy",
        budget=Decimal(1000),
        options=[{"title": "Park", "cost": Decimal("1250.5")}, {"title": "Ławki"}],
    )
    make_ballot(vote, make_organization(), [vote.options[0].key], code=CODE)
    page = check(client, CODE)
    assert "Park (1 250,50 zł)" in page
    assert "Ławki" not in page.split("Głos tak, jak został policzony")[1]


def test_replaced_receipt(app, client):
    vote = make_vote()
    db.session.add(ReplacedReceipt(receipt_digest=receipt_digest(CODE), vote_id=vote.id))
    db.session.commit()
    page = check(client, CODE)
    assert "Ten głos został zastąpiony późniejszym i nie jest liczony." in page


def test_unknown_code(app, client):
    page = check(client, CODE)
    assert "Żaden głos nie ma tego kodu potwierdzenia." in page


@pytest.mark.parametrize("code", ["ABC", "K7QF-3M2X-P4TA-HC3W-ZN5D-XXXX", "!!!!"])
def test_malformed_code_is_a_form_error_with_the_value_kept(app, client, code):
    page = check(client, code)
    assert "Kod potwierdzenia ma 20 liter i cyfr" in page
    assert 'aria-invalid="true"' in page
    assert f'value="{code}"' in page


def test_empty_code(app, client):
    page = check(client, "")
    assert "Wpisz kod potwierdzenia." in page


def test_get_shows_the_form(app, client):
    page = client.get("/votes/receipt").get_data(as_text=True)
    assert "Sprawdź potwierdzenie głosu" in page


class TestRateLimit:
    @pytest.fixture
    def app_overrides(self):
        return {"RATELIMIT_ENABLED": True, "RECEIPT_RATE_LIMIT": "3 per minute"}

    def test_many_checks_are_limited(self, app, client):
        statuses = [
            client.post("/votes/receipt", data={"code": CODE}).status_code for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
