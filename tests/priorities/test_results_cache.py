"""Caching of published results (Flask-Caching): the body, the same for everyone, is cached per
result and language, and signed-in people get their own page around it; visitors who are not
signed in get the whole page from the cache, which is safe because it holds no token."""

from __future__ import annotations

import re

import pytest
from flask import g

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import cache, db
from app.priorities import results
from app.priorities.models import VoteResult
from app.priorities.results_cache import _page_key, body_key
from tests.conftest import Auth
from tests.factories import (
    cast_ballots,
    make_closed_vote,
    make_user,
    option_keys,
    publish_vote_results,
)


@pytest.fixture
def published(app):
    official = make_user(role=Role.OFFICIAL)
    vote = make_closed_vote(
        method="borda", options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}]
    )
    cast_ballots(vote, [option_keys(vote)])
    publish_vote_results(vote, official)
    db.session.commit()
    return vote


def _page(client, vote) -> str:
    # requests made inside the test's app context share its ``g``, where Flask-WTF keeps the
    # token it made: forget it, as a real request (a context of its own) would
    g.pop("csrf_token", None)
    response = client.get(f"/votes/{vote.id}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _rename_first_option(vote, title: str) -> None:
    vote.options[0].title = title
    db.session.commit()


def test_the_body_is_cached_until_the_result_changes(app, auth, client, published):
    vote = published
    auth.login_as(make_user(name="Ewa Czytelniczka"))
    assert "Seniorzy" in _page(client, vote)
    with app.test_request_context():
        assert cache.get(body_key(vote, vote.result)) is not None
    # the same result: the cached body is served (the renamed option is not read again)
    _rename_first_option(vote, "Seniorzy i seniorki")
    assert "Seniorzy i seniorki" not in _page(client, vote)
    # a result with another digest has another key: the page is rendered again
    vote.result.ballots_sha256 = "0" * 64
    db.session.commit()
    assert "Seniorzy i seniorki" in _page(client, vote)
    # and so has a new result (a new id), even with the same digest
    _rename_first_option(vote, "Klub seniora")
    old = vote.result
    columns = ("outcome", "turnout", "ballots_pb", "ballots_sha256", "published_at")
    copy = {name: getattr(old, name) for name in columns}
    db.session.delete(old)
    db.session.flush()
    db.session.add(VoteResult(id=old.id + 100, vote_id=vote.id, **copy))
    db.session.commit()
    db.session.expire(vote)
    assert "Klub seniora" in _page(client, vote)


def test_previews_are_not_cached(app, auth, client):
    official = make_user(role=Role.OFFICIAL)
    vote = make_closed_vote(options=[{"title": "Seniorzy"}, {"title": "Sport"}])
    cast_ballots(vote, [option_keys(vote)])
    results.compute_preview(vote, official, "", utcnow())
    db.session.commit()
    auth.login_as(official)
    assert "Seniorzy" in _page(client, vote)
    _rename_first_option(vote, "Seniorzy i seniorki")
    assert "Seniorzy i seniorki" in _page(client, vote)


class TestNothingPersonalIsShared:
    @pytest.fixture
    def app_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_each_person_gets_their_own_frame_and_token(self, app, published):
        vote = published
        people = [make_user(name="Maria Pierwsza"), make_user(name="Jan Drugi"), None, None]
        clients, pages = [], []
        for person in people:
            client = app.test_client()
            if person is not None:
                Auth(client).login_as(person)
            clients.append(client)
            pages.append(_page(client, vote))
        with app.test_request_context():
            assert cache.get(body_key(vote, vote.result)) is not None  # served from the cache
        tokens = [_token(page) for page in pages[:2]]
        assert len(set(tokens)) == len(tokens)
        assert "Maria Pierwsza" in pages[0] and "Jan Drugi" not in pages[0]
        assert "Jan Drugi" in pages[1] and "Maria Pierwsza" not in pages[1]
        for page in pages[2:]:
            assert "Maria Pierwsza" not in page and "Jan Drugi" not in page
            assert "csrf_token" not in page  # a visitor's page holds no token at all
        for number, (client, page) in enumerate(zip(clients[:2], pages[:2], strict=True)):
            others = [token for other, token in enumerate(tokens) if other != number]
            assert not any(token in page for token in others)
            g.pop("csrf_token", None)
            switched = client.post(
                "/language", data={"lang": "en", "csrf_token": _token(page), "next": "/"}
            )
            assert switched.status_code == 302  # each token works for its own session

    def test_the_page_is_right_in_both_languages(self, app, published):
        vote = published
        english = app.test_client()
        _page(english, vote)
        assert english.get("/language/en?next=/").status_code == 302
        for _twice in range(2):  # rendered, then from the cache
            page = _page(english, vote)
            assert "Results of the vote" in page and "Turnout" in page
            assert "Frekwencja" not in page and '<html lang="en">' in page
            polish = _page(app.test_client(), vote)
            assert "Wyniki głosowania" in polish and "Frekwencja" in polish
            assert "Turnout" not in polish


def test_visitors_get_the_whole_page_from_the_cache_and_no_cookie(app, client, published):
    vote = published
    first = client.get(f"/votes/{vote.id}/results")
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert "csrf_token" not in first.get_data(as_text=True)
    _rename_first_option(vote, "Seniorzy i seniorki")
    again = client.get(f"/votes/{vote.id}/results")
    assert again.get_data(as_text=True) == first.get_data(as_text=True)  # not rendered again
    assert "Set-Cookie" not in again.headers
    # a signed-in person's page is rendered for them, with their name and their token
    person = make_user(name="Ola Zalogowana")
    Auth(client).login_as(person)
    page = _page(client, vote)
    assert "Ola Zalogowana" in page and 'name="csrf_token"' in page


def test_a_visitor_with_something_in_the_session_gets_a_page_of_their_own(app, published):
    vote = published
    visitor = app.test_client()
    cached = visitor.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Wiadomość tylko dla tej osoby")]
    page = _page(visitor, vote)
    assert "Wiadomość tylko dla tej osoby" in page
    assert "Wiadomość tylko dla tej osoby" not in cached
    assert "Wiadomość" not in app.test_client().get(f"/votes/{vote.id}/results").get_data(
        as_text=True
    )


def test_not_yet_published_pages_are_not_cached(app, client):
    vote = make_closed_vote(options=[{"title": "Seniorzy"}, {"title": "Sport"}])
    db.session.commit()
    for _twice in range(2):
        response = client.get(f"/votes/{vote.id}/results")
        assert response.status_code == 200
        assert "Wyniki nie zostały jeszcze opublikowane" in response.get_data(as_text=True)
    with app.test_request_context(f"/votes/{vote.id}/results"):
        assert cache.get(_page_key()) is None


def test_publication_shows_the_results_at_once_to_a_visitor_who_saw_not_yet(app, client):
    """A visitor who saw "not published yet" sees the results as soon as they are published
    (the "not yet" page was not kept for 60 s)."""
    official = make_user(role=Role.OFFICIAL)
    vote = make_closed_vote(options=[{"title": "Seniorzy"}, {"title": "Sport"}])
    cast_ballots(vote, [option_keys(vote)])
    results.compute_preview(vote, official, "", utcnow())
    db.session.commit()
    before = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Wyniki nie zostały jeszcze opublikowane" in before
    assert "Seniorzy" not in before.split("<h1")[1]  # no preview for a visitor
    publish_vote_results(vote, official)
    db.session.commit()
    after = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Wyniki nie zostały jeszcze opublikowane" not in after
    assert "Seniorzy" in after.split("<h1")[1]
    # the published page is the one kept for visitors
    with app.test_request_context(f"/votes/{vote.id}/results"):
        assert cache.get(_page_key()) is not None
