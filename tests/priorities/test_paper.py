"""Officials enter ballots received on paper: same form and rules, marked paper, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.extensions import db
from app.priorities.models import Ballot
from tests.conftest import body_of, smtp_config
from tests.factories import make_ballot, make_organization, make_user, make_vote


@pytest.fixture
def app_overrides(smtp):
    return smtp_config(smtp)


@pytest.fixture
def setting(app):
    official = make_user(role=Role.OFFICIAL)
    vote = make_vote(official=official, options=3)
    organization = make_organization(name="Klub Papierowy")
    return official, vote, organization


def form(vote, organization, ranks, received_on="2026-11-20"):
    data = {"organization": organization.id if organization else 0, "received_on": received_on}
    for option, rank in zip(vote.options, ranks, strict=False):
        data[f"rank-{option.key}"] = rank
    return data


def test_a_paper_ballot_is_reviewed_stored_and_audited(client, auth, setting, smtp):
    official, vote, organization = setting
    auth.login_as(official)
    page = client.get(f"/votes/{vote.id}/paper").get_data(as_text=True)
    assert "Klub Papierowy" in page
    data = form(vote, organization, ["1", "2", ""])
    review = client.post(f"/votes/{vote.id}/paper", data=data).get_data(as_text=True)
    assert "Karta papierowa organizacji Klub Papierowy, otrzymana 20 listopada 2026" in review
    assert 'name="received_on" value="2026-11-20"' in review
    done = client.post(f"/votes/{vote.id}/paper/confirm", data=data)
    assert done.status_code == 200
    assert "Karta papierowa została wprowadzona" in done.get_data(as_text=True)
    ballot = db.session.scalar(select(Ballot))
    assert ballot.channel == "paper"
    assert ballot.cast_by_id == official.id
    assert str(ballot.paper_received_on) == "2026-11-20"
    assert ballot.content == [vote.options[0].key, vote.options[1].key]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ballot.enter_paper"))
    assert entry.actor_id == official.id
    assert entry.object_id == organization.id
    assert entry.details["received_on"] == "2026-11-20"
    # the organization's representatives are told, with the receipt
    mail = smtp.last_to(organization.memberships[0].user.email)
    assert "Wprowadzono papierową kartę" in mail["Subject"]
    assert "Kod potwierdzenia" in body_of(mail)


def test_a_paper_ballot_replaces_an_online_one_and_says_so(client, auth, setting):
    official, vote, organization = setting
    make_ballot(vote, organization)
    auth.login_as(official)
    data = form(vote, organization, ["3", "2", "1"])
    review = client.post(f"/votes/{vote.id}/paper", data=data).get_data(as_text=True)
    assert "Zastąpi aktualną kartę (oddaną przez internet" in review
    page = client.post(f"/votes/{vote.id}/paper/confirm", data=data).get_data(as_text=True)
    assert "Zastępuje wcześniejszą kartę organizacji Klub Papierowy" in page
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 1
    db.session.expire_all()
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.channel, ballot.replacements) == ("paper", 1)
    # the organization sees it as a paper ballot on the vote page
    auth.login_as(organization.memberships[0].user)
    page = client.get(f"/votes/{vote.id}").get_data(as_text=True)
    assert "Wprowadzona z karty papierowej otrzymanej 20 listopada 2026" in page


@pytest.mark.parametrize(
    ("organization", "ranks", "received_on", "message"),
    [
        (None, ["1"], "2026-11-20", "Wybierz organizację, której jest ta karta"),
        ("org", ["1"], "", "Wpisz datę otrzymania karty"),
        ("org", ["1", "1"], "2026-11-20", "każde miejsce można przyznać tylko raz"),
    ],
)
def test_bad_paper_ballots_are_refused_with_values_kept(
    client, auth, setting, organization, ranks, received_on, message
):
    official, vote, org = setting
    auth.login_as(official)
    data = form(vote, org if organization else None, ranks, received_on)
    page = client.post(f"/votes/{vote.id}/paper/confirm", data=data).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
    if received_on:
        assert f'value="{received_on}"' in page


def test_only_officials_enter_paper_ballots(client, auth, setting):
    _official, vote, organization = setting
    auth.login_as(organization.memberships[0].user)
    data = form(vote, organization, ["1"])
    assert client.get(f"/votes/{vote.id}/paper").status_code == 403
    assert client.post(f"/votes/{vote.id}/paper/confirm", data=data).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_an_unverified_organization_cannot_get_a_paper_ballot(client, auth, setting):
    official, vote, _organization = setting
    pending = make_organization(verified=False)
    auth.login_as(official)
    page = client.post(f"/votes/{vote.id}/paper/confirm", data=form(vote, pending, ["1"])).get_data(
        as_text=True
    )
    assert "Wybierz organizację, której jest ta karta" in page
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
