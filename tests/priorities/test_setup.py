"""Officials set up a vote: rules, options, import from accepted proposals, open and close early."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities import services
from app.priorities.models import Vote, VoteOption
from tests.factories import (
    add_voting_stage,
    make_closed_vote,
    make_consultation,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
)


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL)


@pytest.fixture
def round_(official):
    return add_voting_stage(make_consultation(official))


def vote_form(**overrides):
    data = {
        "title": "Priorytety 2027",
        "explanation": "Uszereguj **priorytety**.",
        "ballot_type": "ranked",
        "method": "borda",
        "voter_unit": "organization",
        "secrecy": "secret",
        "rounding_unit": "1",
    }
    data.update(overrides)
    return data


def actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def setup_vote(round_, official, options=2, **overrides):
    stage = round_.stage("voting")
    return make_vote(
        round_,
        official,
        options=options,
        opens_at=stage.opens_at,
        closes_at=stage.closes_at,
        **overrides,
    )


def test_the_form_defaults_to_the_voting_stage_window(client, auth, official, round_):
    auth.login_as(official)
    page = client.get(f"/votes/rounds/{round_.id}/new").get_data(as_text=True)
    assert "Przygotuj głosowanie" in page
    stage = round_.stage("voting")
    from app.common.timeutil import to_warsaw_naive

    assert to_warsaw_naive(stage.opens_at).strftime("%Y-%m-%dT%H:%M") in page


def test_an_official_sets_up_a_vote(client, auth, official, round_):
    auth.login_as(official)
    response = client.post(f"/votes/rounds/{round_.id}/new", data=vote_form())
    assert response.status_code == 302
    vote = db.session.scalar(select(Vote))
    assert vote.title == "Priorytety 2027"
    assert "<strong>priorytety</strong>" in vote.explanation_html
    assert (vote.opens_at, vote.closes_at) == (
        round_.stage("voting").opens_at,
        round_.stage("voting").closes_at,
    )
    assert actions()[-1:] == ["vote.create"]
    # a vote being set up is seen only by officials
    assert client.get(f"/votes/{vote.id}").status_code == 200
    auth.login_as(make_user())
    assert client.get(f"/votes/{vote.id}").status_code == 403
    page = client.get(f"/votes/rounds/{round_.id}").get_data(as_text=True)
    assert "Priorytety 2027" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"method": "greedy"}, "Ta metoda liczenia nie liczy kart tego rodzaju"),
        ({"ballot_type": "points", "method": "points"}, "Wpisz, ile punktów rozdziela"),
        (
            {
                "ballot_type": "points",
                "method": "points",
                "max_points": "10",
                "max_points_per_option": "20",
            },
            "nie może przekraczać liczby punktów",
        ),
        ({"ballot_type": "approval", "method": "mes"}, "Wpisz budżet"),
        (
            {
                "ballot_type": "approval",
                "method": "greedy",
                "budget": "100",
                "min_choices": "3",
                "max_choices": "2",
            },
            "nie może być mniejsza od najmniejszej",
        ),
        ({"max_points": "-3"}, "Wpisz liczbę całkowitą nie mniejszą niż 1"),
        ({"title": ""}, "Wpisz tytuł"),
        (
            {"opens_at": "2020-01-01T10:00", "closes_at": "2020-01-02T10:00"},
            "musi się rozpocząć w przyszłości",
        ),
    ],
)
def test_bad_setups_are_refused_with_the_values_kept(
    client, auth, official, round_, overrides, message
):
    auth.login_as(official)
    data = vote_form(**overrides)
    page = client.post(f"/votes/rounds/{round_.id}/new", data=data).get_data(as_text=True)
    assert message in page
    assert "Uszereguj **priorytety**." in page
    assert db.session.scalar(select(Vote)) is None


def test_a_round_without_a_voting_stage_has_no_votes(client, auth, official):
    plain = make_consultation(official)
    auth.login_as(official)
    response = client.get(f"/votes/rounds/{plain.id}/new", follow_redirects=True)
    assert "nie mają etapu głosowania" in response.get_data(as_text=True)


def test_options_are_added_edited_moved_and_removed(client, auth, official, round_):
    vote = setup_vote(round_, official, options=0)
    auth.login_as(official)
    base = f"/votes/{vote.id}/options"
    for title, cost in (("Seniorzy", "12 500,50"), ("Młodzież", ""), ("Kultura", "3000")):
        response = client.post(f"{base}/new", data={"title": title, "cost": cost, "area": "0"})
        assert response.status_code == 302
    db.session.expire_all()
    titles = [o.title for o in vote.options]
    assert titles == ["Seniorzy", "Młodzież", "Kultura"]
    assert vote.options[0].cost == Decimal("12500.50")
    third = vote.options[2]
    client.post(f"{base}/{third.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [o.title for o in vote.options] == ["Seniorzy", "Kultura", "Młodzież"]
    client.post(
        f"{base}/{third.id}/edit",
        data={"title": "Kultura i sztuka", "description": "Opis", "area": "0", "cost": "1"},
    )
    client.post(f"{base}/{vote.options[0].id}/delete")
    db.session.expire_all()
    assert [(o.title, o.position) for o in vote.options] == [
        ("Kultura i sztuka", 0),
        ("Młodzież", 1),
    ]
    assert actions().count("vote.change_options") == 6


def test_an_option_needs_a_title(client, auth, official, round_):
    vote = setup_vote(round_, official, options=0)
    auth.login_as(official)
    page = client.post(
        f"/votes/{vote.id}/options/new", data={"title": "", "cost": "abc", "area": "0"}
    ).get_data(as_text=True)
    assert "Wpisz tytuł" in page
    assert db.session.scalar(select(VoteOption)) is None


def _accepted_proposal(round_, title):
    proposal = make_proposal(make_organization(), title=title, estimated_cost=Decimal(9000))
    proposal.consultation_id = round_.id
    proposal.status = "accepted"
    db.session.commit()
    return proposal


def test_accepted_proposals_become_options_once(client, auth, official, round_):
    vote = setup_vote(round_, official, options=0)
    first = _accepted_proposal(round_, "Klub seniora")
    second = _accepted_proposal(round_, "Warsztaty")
    rejected = make_proposal(make_organization(), title="Odrzucona")
    rejected.consultation_id = round_.id
    rejected.status = "rejected"
    db.session.commit()
    auth.login_as(official)
    page = client.get(f"/votes/{vote.id}/import").get_data(as_text=True)
    assert "Klub seniora" in page and "Warsztaty" in page
    assert "Odrzucona" not in page
    client.post(f"/votes/{vote.id}/import", data={"proposals": [first.id]})
    # choosing an already imported one again adds nothing
    client.post(f"/votes/{vote.id}/import", data={"proposals": [first.id, second.id]})
    db.session.expire_all()
    assert [(o.title, o.proposal_id) for o in vote.options] == [
        ("Klub seniora", first.id),
        ("Warsztaty", second.id),
    ]
    assert vote.options[0].cost == Decimal(9000)
    assert vote.options[0].area is not None
    page = client.get(f"/votes/{vote.id}").get_data(as_text=True)
    assert f"/proposals/{first.id}" in page
    # the service refuses duplicates too
    assert services.import_proposals(official, vote, [first], utcnow()) == []


def test_opening_early_needs_confirmation_and_a_ready_vote(client, auth, official, round_):
    vote = setup_vote(round_, official, options=1)
    auth.login_as(official)
    page = client.post(
        f"/votes/{vote.id}/open", data={"confirmed": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Dodaj co najmniej 2 opcje" in page
    client.post(f"/votes/{vote.id}/options/new", data={"title": "Druga", "area": "0"})
    page = client.post(f"/votes/{vote.id}/open", data={}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Zaznacz „Potwierdzam”" in page
    db.session.expire_all()
    assert vote.opens_at > utcnow()
    page = client.post(
        f"/votes/{vote.id}/open", data={"confirmed": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Głosowanie się rozpoczęło" in page
    db.session.expire_all()
    assert vote.opens_at <= utcnow() < vote.closes_at
    assert actions()[-1] == "vote.open_early"
    # now the method and options are locked
    for url in (f"/votes/{vote.id}/edit", f"/votes/{vote.id}/options/new"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "metody, zasad i opcji nie można już zmienić" in page
    option = vote.options[0]
    client.post(f"/votes/{vote.id}/options/{option.id}/delete")
    client.post(f"/votes/{vote.id}/edit", data=vote_form(method="schulze"))
    db.session.expire_all()
    assert len(vote.options) == 2
    assert vote.method == "borda"
    with pytest.raises(services.Locked):
        services.update_vote(official, vote, services.VoteData("x", "", "ranked", "irv"), utcnow())


def test_opening_a_cost_method_needs_every_cost(client, auth, official, round_):
    vote = setup_vote(
        round_, official, options=2, ballot_type="approval", method="greedy", budget=Decimal(10)
    )
    auth.login_as(official)
    page = client.post(
        f"/votes/{vote.id}/open", data={"confirmed": "y"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Wpisz koszt opcji „Opcja 1”" in page
    db.session.expire_all()
    assert vote.opens_at > utcnow()


def test_closing_early_stops_ballots(client, auth, official, round_):
    vote = make_vote(round_, official)
    organization = make_organization()
    auth.login_as(official)
    client.post(f"/votes/{vote.id}/close", data={"confirmed": "y"})
    db.session.expire_all()
    assert vote.closes_at <= utcnow()
    assert actions()[-1] == "vote.close_early"
    auth.login_as(organization.memberships[0].user)
    data = {"organization": organization.id, f"rank-{vote.options[0].key}": "1"}
    response = client.post(f"/votes/{vote.id}/ballot/confirm", data=data)
    assert response.status_code == 403
    assert "Głosowanie jest zamknięte" in response.get_data(as_text=True)


def test_the_round_page_links_to_its_votes(client, official, round_):
    setup_vote(round_, official)
    open_vote = make_vote(round_, official, title="Głosowanie otwarte")
    page = client.get(f"/consultations/{round_.id}").get_data(as_text=True)
    assert f"/votes/rounds/{round_.id}" in page
    listing = client.get(f"/votes/rounds/{round_.id}").get_data(as_text=True)
    assert "Głosowanie otwarte" in listing
    assert f"/votes/{open_vote.id}" in listing


def test_the_public_vote_page_says_what_to_do(client, auth, official, round_):
    vote = make_vote(round_, official, closes_at=utcnow() + timedelta(days=2))
    page = client.get(f"/votes/{vote.id}").get_data(as_text=True)
    assert "Zaloguj się, aby głosować" in page
    organization = make_organization(name="Stowarzyszenie Głosujące")
    auth.login_as(organization.memberships[0].user)
    page = client.get(f"/votes/{vote.id}").get_data(as_text=True)
    assert "Głosuj w imieniu organizacji: Stowarzyszenie Głosujące" in page


@pytest.mark.parametrize(
    ("participation", "unit"),
    [("verified_organizations", "organization"), ("confirmed_persons", "person")],
)
def test_the_round_suggests_who_votes(client, auth, official, participation, unit):
    round_ = add_voting_stage(make_consultation(official, participation=participation))
    auth.login_as(official)
    page = client.get(f"/votes/rounds/{round_.id}/new").get_data(as_text=True)
    select_ = page.split('name="voter_unit"')[1].split("</select>")[0]
    options = re.findall(r"<option ([^>]*)>", select_)
    selected = [o for o in options if "selected" in o] or options[:1]  # none marked: the first
    assert f'value="{unit}"' in selected[0]


def test_the_votes_index_lists_what_each_person_may_see(client, auth, official, round_):
    now = utcnow()
    setup_only = make_vote(
        round_,
        official,
        title="Jeszcze przygotowywane",
        opens_at=now + timedelta(days=3),
        closes_at=now + timedelta(days=10),
    )
    make_vote(round_, official, title="Otwarte teraz", closes_at=now + timedelta(days=2))
    closed = make_closed_vote(official=official, title="Zamknięte głosowanie")
    page = client.get("/votes/").get_data(as_text=True)
    assert "Otwarte teraz" in page and "Zamknięte głosowanie" in page
    assert "Jeszcze przygotowywane" not in page
    assert page.index("Otwarte do głosowania") < page.index("Otwarte teraz")
    assert f'/votes/{closed.id}"' in page
    assert 'href="/votes/"' in page  # in the main menu
    auth.login_as(official)
    page = client.get("/votes/").get_data(as_text=True)
    assert "Jeszcze przygotowywane" in page and f"/votes/{setup_only.id}" in page
