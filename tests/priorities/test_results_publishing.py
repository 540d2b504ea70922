"""Issue 12, items 3 and 7 for votes: a secret vote with too few ballots keeps its ballots file
(and the online/paper split) unpublished, with the reason on the set-up page, the results page
and the file's address; publishing needs a preview of the same ballots and a confirmation that
says what will happen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities import results
from app.priorities.models import Ballot, Vote
from app.priorities.permissions import ballots_withheld
from tests.factories import (
    add_voting_stage,
    make_ballot,
    make_consultation,
    make_organization,
    make_user,
    publish_vote_results,
)
from tests.factories import cast_ballots as cast
from tests.factories import make_closed_vote as closed_vote
from tests.factories import option_keys as keys
from tests.priorities.publishing import previewed_digest, publish_by_form

WITHHELD_1 = (
    "Plik z kartami nie jest publikowany: oddano 1 kartę, a tajność głosowania wymaga co "
    "najmniej 5."
)
WARNING = (
    "Wyniki staną się publiczne i zostaną wysłane powiadomienia; tej czynności nie można cofnąć."
)


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL)


# --- item 3: the minimum number of ballots -------------------------------------------------


@pytest.mark.parametrize(
    ("secrecy", "ballots", "minimum", "withheld"),
    [
        ("secret", 0, 5, True),
        ("secret", 1, 5, True),
        ("secret", 4, 5, True),
        ("secret", 5, 5, False),
        ("secret", 1, 1, False),
        ("open", 1, 5, False),  # an open vote shows every ballot with its voter anyway
    ],
)
def test_ballots_withheld_rule(secrecy, ballots, minimum, withheld):
    assert ballots_withheld(secrecy, ballots, minimum) is withheld


def test_the_set_up_form_explains_and_stores_the_minimum(app, client, auth, official):
    round_ = add_voting_stage(make_consultation(official))
    auth.login_as(official)
    page = client.get(f"/votes/rounds/{round_.id}/new").get_data(as_text=True)
    assert "Najmniejsza liczba kart do opublikowania pliku z kartami" in page
    assert "przy mniejszej liczbie kart wynik zostanie opublikowany" in page
    assert 'name="min_ballots_for_publication"' in page and 'value="5"' in page

    form = {
        "title": "Priorytety 2027",
        "ballot_type": "ranked",
        "method": "borda",
        "voter_unit": "organization",
        "secrecy": "secret",
        "rounding_unit": "1",
    }
    response = client.post(
        f"/votes/rounds/{round_.id}/new", data={**form, "min_ballots_for_publication": "0"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wpisz liczbę całkowitą nie mniejszą niż 1." in page
    assert 'value="Priorytety 2027"' in page  # the values are kept
    assert db.session.scalar(select(Vote)) is None

    client.post(f"/votes/rounds/{round_.id}/new", data={**form, "min_ballots_for_publication": "3"})
    vote = db.session.scalar(select(Vote))
    assert vote.min_ballots_for_publication == 3
    page = client.get(f"/votes/{vote.id}/edit").get_data(as_text=True)
    assert 'value="3"' in page

    app.config["VOTE_MIN_BALLOTS_FOR_PUBLICATION"] = 7
    client.post(f"/votes/rounds/{round_.id}/new", data={**form, "title": "Drugie"})
    second = db.session.scalar(select(Vote).where(Vote.title == "Drugie"))
    assert second.min_ballots_for_publication == 7  # empty: the site's default


def _published(official, contents, paper=(), **fields):
    vote = closed_vote(min_ballots_for_publication=5, **fields)
    organizations = cast(vote, contents(*keys(vote)), paper=paper)
    publish_vote_results(vote, official, "Stanowisko.")
    db.session.commit()
    return vote, organizations


def test_one_secret_ballot_publishes_the_result_but_not_the_file(app, client, auth, official):
    vote, _organizations = _published(official, lambda a, b, c: [[c, a, b]], paper={0})
    ballot = db.session.scalars(select(Ballot)).one()
    assert ballot.channel == "paper"

    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Liczenie krok po kroku" in page  # the result is published
    assert WITHHELD_1 in page
    assert f"/votes/{vote.id}/ballots.pb" not in page
    assert vote.result.ballots_sha256 not in page
    assert "wprowadzone z kart papierowych" not in page  # the split would name the sender

    for user in (None, official):
        if user is not None:
            auth.login_as(user)
        response = client.get(f"/votes/{vote.id}/ballots.pb")
        assert response.status_code == 403
        body = response.get_data(as_text=True)
        assert WITHHELD_1 in body and "Content-Disposition" not in response.headers
        assert f"/votes/{vote.id}/results" in body

    document = client.get(f"/votes/{vote.id}/results.json").get_json()
    assert document["ballots_sha256"] is None and document["ballots_file"] is None
    assert "paper" not in document["turnout"] and document["turnout"]["ballots"] == 1
    assert document["outcome"]["method"] == "borda"


def test_the_receipt_check_gives_no_line_of_a_withheld_file(app, client, official):
    vote = closed_vote(min_ballots_for_publication=5)
    _ballot, code = make_ballot(vote, make_organization(), keys(vote))
    publish_vote_results(vote, official)
    db.session.commit()
    page = client.post("/votes/receipt", data={"code": code}).get_data(as_text=True)
    assert "Głos z tym potwierdzeniem został policzony." in page
    assert "glosowanie-" not in page


def test_enough_ballots_or_an_open_vote_publish_the_file(app, client, official):
    five, _ = _published(official, lambda a, b, c: [[a], [b], [c], [a, b], [b, c]])
    response = client.get(f"/votes/{five.id}/ballots.pb")
    assert response.status_code == 200
    assert "Plik z kartami nie jest publikowany" not in client.get(
        f"/votes/{five.id}/results"
    ).get_data(as_text=True)
    open_vote, _ = _published(official, lambda a, b, c: [[a]], secrecy="open")
    assert client.get(f"/votes/{open_vote.id}/ballots.pb").status_code == 200


def test_the_reason_in_english_and_plural(app, client, official):
    vote, _ = _published(official, lambda a, b, c: [[a], [b]])
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert (
        "The ballots file is not published: 2 ballots were cast, and the secrecy of the vote "
        "requires at least 5."
    ) in page
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "pl")
    body = client.get(f"/votes/{vote.id}/ballots.pb").get_data(as_text=True)
    assert "oddano 2 karty, a tajność głosowania wymaga co najmniej 5" in body


# --- item 7: preview of the same ballots, then a confirmation ------------------------------


def test_no_confirmation_page_before_a_preview(app, client, auth, official):
    vote = closed_vote()
    cast(vote, [keys(vote)])
    auth.login_as(official)
    response = client.get(f"/votes/{vote.id}/results/publish", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == f"/votes/{vote.id}/results/manage"
    assert "Najpierw oblicz podgląd i sprawdź go" in page
    assert vote.result is None


def test_the_confirmation_says_what_will_happen(app, client, auth, official):
    vote = closed_vote(min_ballots_for_publication=5)
    cast(vote, [keys(vote)])
    auth.login_as(official)
    client.post(f"/votes/{vote.id}/results/preview", data={"statement": "Stanowisko."})
    page = client.get(f"/votes/{vote.id}/results/publish").get_data(as_text=True)
    assert WARNING in page
    assert "Opublikuj wyniki teraz" in page and "Wróć bez publikowania" in page
    assert WITHHELD_1 in page  # what will not be published, and why
    assert "zostanie opublikowane z wynikami" in page  # the statement saved with the preview
    db.session.refresh(vote)
    assert previewed_digest(client, vote.id) == vote.result.ballots_sha256

    # no tick: the page again with the message, nothing published
    response = client.post(
        f"/votes/{vote.id}/results/publish",
        data={"previewed_sha256": vote.result.ballots_sha256},
    )
    assert response.status_code == 200
    assert "Zaznacz pole, aby potwierdzić." in response.get_data(as_text=True)
    db.session.refresh(vote.result)
    assert vote.result.published_at is None


def test_changed_ballots_refuse_publishing_until_a_new_preview(app, client, auth, official):
    vote = closed_vote()
    cast(vote, [keys(vote)])
    auth.login_as(official)
    client.post(f"/votes/{vote.id}/results/preview", data={"statement": ""})
    checked = previewed_digest(client, vote.id)
    make_ballot(vote, make_organization(), keys(vote)[:1], channel="paper")  # e.g. typed in
    response = client.post(
        f"/votes/{vote.id}/results/publish",
        data={"previewed_sha256": checked, "confirmed": "y"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.request.path == f"/votes/{vote.id}/results/manage"
    assert "Karty zmieniły się od sprawdzonego podglądu" in page
    assert "Oblicz podgląd ponownie" in page
    db.session.expire_all()
    assert vote.result.published_at is None
    assert "vote.results_publish" not in db.session.scalars(select(AuditEntry.action)).all()

    # a new preview of the current ballots, confirmed: published with both ballots
    response = publish_by_form(client, vote.id)
    assert response.status_code == 302
    db.session.expire_all()
    assert vote.result.published_at is not None
    assert vote.result.turnout["ballots"] == 2
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "vote.results_publish"))
    assert entry.actor_id == official.id
    assert entry.details["sha256"] == vote.result.ballots_sha256
    assert entry.details["previewed_at"]


def test_a_stale_confirmation_page_is_refused(app, client, auth, official):
    """Another official recomputed the preview after this one opened the confirmation page:
    the ballots are the same, so the digest is too, and publishing goes ahead; a forged or
    stale digest is refused."""
    vote = closed_vote()
    cast(vote, [keys(vote)])
    auth.login_as(official)
    client.post(f"/votes/{vote.id}/results/preview", data={"statement": ""})
    response = client.post(
        f"/votes/{vote.id}/results/publish",
        data={"previewed_sha256": "0" * 64, "confirmed": "y"},
        follow_redirects=True,
    )
    assert "Karty zmieniły się od sprawdzonego podglądu" in response.get_data(as_text=True)
    db.session.expire_all()
    assert vote.result.published_at is None
    digest = previewed_digest(client, vote.id)
    results.compute_preview(vote, official, "", utcnow())
    db.session.commit()
    response = client.post(
        f"/votes/{vote.id}/results/publish",
        data={"previewed_sha256": digest, "confirmed": "y"},
        follow_redirects=True,
    )
    assert "Wyniki zostały opublikowane." in response.get_data(as_text=True)
