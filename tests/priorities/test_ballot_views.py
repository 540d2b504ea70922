"""Casting a ballot online: form → review → confirm → receipt, and every bad input refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.organizations.models import MembershipStatus
from app.priorities.models import Ballot, ReplacedReceipt
from app.priorities.receipts import receipt_digest
from tests.conftest import body_of, smtp_config
from tests.factories import add_member, make_ballot, make_organization, make_user, make_vote


@pytest.fixture
def app_overrides(smtp):
    return smtp_config(smtp)


@pytest.fixture
def world(app):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization(name="Fundacja Pierwsza")
    representative = organization.memberships[0].user
    colleague = add_member(organization).user
    ranked = make_vote(official=official, options=4)
    points = make_vote(
        ranked.consultation,
        official,
        options=4,
        title="Podział punktów",
        ballot_type="points",
        method="points",
        max_points=10,
        max_points_per_option=6,
    )
    approval = make_vote(
        ranked.consultation,
        official,
        options=[
            {"title": "Park", "cost": Decimal(40)},
            {"title": "Boisko", "cost": Decimal(70)},
            {"title": "Ławki", "cost": Decimal(30)},
        ],
        title="Zadania z kosztami",
        ballot_type="approval",
        method="greedy",
        budget=Decimal(100),
        min_choices=1,
        max_choices=2,
    )
    return SimpleNamespace(
        official=official,
        organization=organization,
        representative=representative,
        colleague=colleague,
        ranked=ranked,
        points=points,
        approval=approval,
    )


def keys(vote):
    return [o.key for o in vote.options]


def ballots(vote):
    return db.session.scalar(select(func.count()).where(Ballot.vote_id == vote.id))


def ranked_form(world, ranks, **extra):
    data = {"organization": world.organization.id, **extra}
    for key, rank in zip(keys(world.ranked), ranks, strict=False):
        data[f"rank-{key}"] = rank
    return data


def test_the_form_shows_a_rank_select_per_option(client, auth, world):
    auth.login_as(world.representative)
    page = client.get(f"/votes/{world.ranked.id}/ballot").get_data(as_text=True)
    for key in keys(world.ranked):
        assert f'name="rank-{key}"' in page
    assert "nie uszeregowano" in page
    assert "js/ballot.js" in page
    assert "Głosujesz w imieniu organizacji: " in page


def test_review_then_confirm_stores_one_ballot_and_shows_the_receipt_once(
    client, auth, world, smtp
):
    auth.login_as(world.representative)
    k = keys(world.ranked)
    data = ranked_form(world, ["2", "1", "", ""])
    review = client.post(f"/votes/{world.ranked.id}/ballot", data={**data, "action": "review"})
    page = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "Sprawdź kartę" in page
    assert f'name="rank-{k[1]}" value="1"' in page
    assert ballots(world.ranked) == 0  # nothing stored before confirmation
    done = client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data)
    page = done.get_data(as_text=True)
    assert done.status_code == 200
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == world.ranked.id))
    assert ballot.content == [k[1], k[0]]
    assert ballot.channel == "online"
    assert ballot.cast_by_id == world.representative.id
    assert ballot.voter_key == f"org:{world.organization.id}"
    code = page.split('id="receipt-code">')[1].split("<")[0]
    assert ballot.receipt_digest == receipt_digest(code)
    mail = smtp.last_to(world.representative.email)
    assert code in body_of(mail)
    assert "Wysłaliśmy go też na Twój adres e-mail." in page
    assert smtp.to(world.colleague.email) == []  # told only when a ballot is replaced
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast")).all()
    assert [(a.object_type, a.object_id) for a in audit] == [
        ("organizations", world.organization.id)
    ]
    assert k[1] not in str(audit[0].details)  # that the organization voted, not how
    # the vote page shows the organization its current ballot, never the code again
    show = client.get(f"/votes/{world.ranked.id}").get_data(as_text=True)
    assert "Aktualna karta Fundacja Pierwsza" in show
    assert code not in show


def test_change_returns_to_the_form_with_the_values_kept(client, auth, world):
    auth.login_as(world.representative)
    k = keys(world.ranked)
    data = ranked_form(world, ["", "1", "2", ""], action="change")
    page = client.post(f"/votes/{world.ranked.id}/ballot", data=data).get_data(as_text=True)
    assert "Przejrzyj kartę" in page
    assert '<option value="1" selected>' in page.split(f'name="rank-{k[1]}"')[1][:600]
    assert ballots(world.ranked) == 0


def test_replacing_keeps_one_row_and_tells_the_other_representatives(client, auth, world, smtp):
    first, first_code = make_ballot(world.ranked, world.organization)
    auth.login_as(world.colleague)
    data = ranked_form(world, ["1", "2", "3", "4"])
    page = client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data).get_data(as_text=True)
    assert "Zastępuje wcześniejszą kartę" in page
    assert ballots(world.ranked) == 1
    db.session.expire_all()
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == world.ranked.id))
    assert ballot.id == first.id
    assert ballot.replacements == 1
    assert ballot.cast_by_id == world.colleague.id
    assert db.session.get(ReplacedReceipt, receipt_digest(first_code)) is not None
    told = smtp.last_to(world.representative.email)
    assert (
        "zastąpił" in body_of(told)
        or "zastąpiła" in body_of(told)
        or "zastąpion" in told["Subject"]
    )
    assert smtp.to(world.colleague.email)  # the receipt


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        (["1", "1", "", ""], "każde miejsce można przyznać tylko raz"),
        (["1", "3", "", ""], "Brakuje miejsca 2"),
        (["", "", "", ""], "Karta jest pusta"),
        (["9", "", "", ""], "Wybierz miejsce od 1 do 4"),
        (["pierwsze", "", "", ""], "Wpisz liczbę całkowitą"),
    ],
)
def test_bad_rankings_are_refused_with_the_values_kept(client, auth, world, ranks, message):
    auth.login_as(world.representative)
    for endpoint in ("ballot", "ballot/confirm"):
        data = ranked_form(world, ranks, action="review")
        response = client.post(f"/votes/{world.ranked.id}/{endpoint}", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in page
        assert "Karta nie została oddana" in page
        if ranks[0] == "1":  # the ranks typed are kept
            first = page.split(f'name="rank-{keys(world.ranked)[0]}"')[1][:800]
            assert '<option value="1" selected>' in first
    assert ballots(world.ranked) == 0


def test_an_unknown_option_is_refused(client, auth, world):
    auth.login_as(world.representative)
    data = ranked_form(world, ["1", "", "", ""])
    data["rank-999999"] = "2"
    page = client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data).get_data(as_text=True)
    assert "opcję, której nie ma w tym głosowaniu" in page
    assert ballots(world.ranked) == 0


def points_form(world, values):
    data = {"organization": world.organization.id}
    for key, value in zip(keys(world.points), values, strict=False):
        data[f"points-{key}"] = value
    return data


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["6", "5", "", ""], "Przyznano 11 pkt, a łącznie można przyznać najwyżej 10"),
        (["7", "", "", ""], "Jedna opcja może otrzymać najwyżej 6 pkt"),
        (["-1", "3", "", ""], "nie liczbę ujemną"),
        (["2.5", "", "", ""], "Wpisz liczbę całkowitą"),
        (["0", "", "", ""], "Karta jest pusta"),
    ],
)
def test_bad_points_are_refused_with_the_values_kept(client, auth, world, values, message):
    auth.login_as(world.representative)
    data = points_form(world, values)
    page = client.post(f"/votes/{world.points.id}/ballot/confirm", data=data).get_data(as_text=True)
    assert message in page
    assert f'value="{values[0]}"' in page
    assert ballots(world.points) == 0


def test_points_ballot_is_stored_without_zeros(client, auth, world):
    auth.login_as(world.representative)
    k = keys(world.points)
    review = client.post(
        f"/votes/{world.points.id}/ballot", data={**points_form(world, ["6", "0", "4", ""])}
    ).get_data(as_text=True)
    assert "10 z 10" in review
    client.post(
        f"/votes/{world.points.id}/ballot/confirm", data=points_form(world, ["6", "0", "4"])
    )
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == world.points.id))
    assert ballot.content == {k[0]: 6, k[2]: 4}


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([0, 1], "więcej niż budżet"),
        ([], "Wybierz co najmniej 1 opcję"),
        ([0, 1, 2], "Wybierz najwyżej 2 opcje"),
    ],
)
def test_bad_approval_ballots_are_refused(client, auth, world, chosen, message):
    auth.login_as(world.representative)
    k = keys(world.approval)
    data = {"organization": world.organization.id, "choice": [k[i] for i in chosen]}
    page = client.post(f"/votes/{world.approval.id}/ballot/confirm", data=data).get_data(
        as_text=True
    )
    assert message in page
    for i in chosen:
        assert f'value="{k[i]}" id="choice-{k[i]}" data-cost' in page
        assert page.split(f'id="choice-{k[i]}"')[1][:80].count("checked") == 1
    assert ballots(world.approval) == 0


def test_approval_ballot_within_the_budget_is_stored(client, auth, world):
    auth.login_as(world.representative)
    k = keys(world.approval)
    data = {"organization": world.organization.id, "choice": [k[2], k[0]]}
    review = client.post(f"/votes/{world.approval.id}/ballot", data=data).get_data(as_text=True)
    assert "Łączny koszt: 70 zł z 100 zł" in review
    client.post(f"/votes/{world.approval.id}/ballot/confirm", data=data)
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == world.approval.id))
    assert ballot.content == [k[0], k[2]]


def test_a_closed_vote_refuses_ballots(client, auth, world):
    world.ranked.closes_at = utcnow() - timedelta(minutes=1)
    world.ranked.opens_at = utcnow() - timedelta(days=1)
    db.session.commit()
    auth.login_as(world.representative)
    response = client.get(f"/votes/{world.ranked.id}/ballot")
    assert response.status_code == 403
    assert "Głosowanie jest zamknięte" in response.get_data(as_text=True)
    response = client.post(
        f"/votes/{world.ranked.id}/ballot/confirm", data=ranked_form(world, ["1"])
    )
    assert response.status_code == 403
    assert ballots(world.ranked) == 0


def test_a_vote_not_open_yet_refuses_ballots_and_is_hidden(client, auth, world):
    world.ranked.opens_at = utcnow() + timedelta(days=1)
    world.ranked.closes_at = utcnow() + timedelta(days=2)
    db.session.commit()
    auth.login_as(world.representative)
    assert client.get(f"/votes/{world.ranked.id}/ballot").status_code == 403  # a draft
    auth.login_as(world.official)
    assert client.get(f"/votes/{world.ranked.id}").status_code == 200


def test_forged_organization_is_403_and_nothing_stored(client, auth, world):
    other = make_organization(name="Cudza")
    auth.login_as(world.representative)
    data = ranked_form(world, ["1"])
    data["organization"] = other.id
    assert client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data).status_code == 403
    assert client.post(f"/votes/{world.ranked.id}/ballot", data=data).status_code == 403
    assert ballots(world.ranked) == 0


def test_people_who_may_not_vote_are_refused(client, auth, world):
    pending = add_member(world.organization, status=MembershipStatus.PENDING).user
    unverified = make_organization(verified=False)
    for person in (make_user(), pending, unverified.memberships[0].user, world.official):
        auth.login_as(person)
        response = client.get(f"/votes/{world.ranked.id}/ballot")
        assert response.status_code == 403
        assert "Tylko zatwierdzeni przedstawiciele" in response.get_data(as_text=True)
        data = ranked_form(world, ["1"])
        assert client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data).status_code == 403
    assert ballots(world.ranked) == 0


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(f"/votes/{world.ranked.id}/ballot")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_missing_vote_is_404(client, auth, world):
    auth.login_as(world.representative)
    assert client.get("/votes/999999/ballot").status_code == 404
    assert client.post("/votes/999999/ballot/confirm", data={}).status_code == 404


def test_person_unit_votes_for_oneself(client, auth, world):
    vote = make_vote(world.ranked.consultation, world.official, options=3, voter_unit="person")
    person = make_user()
    auth.login_as(person)
    data = {f"rank-{k}": str(n) for n, k in enumerate(keys(vote), start=1)}
    response = client.post(f"/votes/{vote.id}/ballot/confirm", data=data)
    assert response.status_code == 200
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id))
    assert ballot.voter_key == f"person:{person.id}"
    assert ballot.organization_id is None
    unconfirmed = make_user(confirmed_at=None)
    auth.login_as(unconfirmed)
    assert client.post(f"/votes/{vote.id}/ballot/confirm", data=data).status_code == 403


def test_a_secret_ballot_is_not_shown_to_others(client, auth, world):
    make_ballot(world.ranked, world.organization, cast_by=world.representative)
    other = make_organization(name="Inna")
    for person in (other.memberships[0].user, world.official, make_user()):
        auth.login_as(person)
        page = client.get(f"/votes/{world.ranked.id}").get_data(as_text=True)
        assert "Fundacja Pierwsza" not in page
        assert world.representative.name not in page


def test_messages_in_english_for_an_english_speaker(client, auth, world, smtp):
    world.representative.locale = "en"
    db.session.commit()
    auth.login_as(world.representative)
    data = ranked_form(world, ["1", "1", "", ""])
    page = client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=data).get_data(as_text=True)
    assert "Rank 1 is given to more than one option" in page
    client.post(f"/votes/{world.ranked.id}/ballot/confirm", data=ranked_form(world, ["1"]))
    assert "Your receipt code" in smtp.last_to(world.representative.email)["Subject"]
