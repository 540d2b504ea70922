"""The results pages: preview for officials only, publication, the public page, exports, secrecy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities.results import compute_preview
from tests.exports import csv_table
from tests.factories import cast_ballots as cast
from tests.factories import make_closed_vote as closed_vote
from tests.factories import make_user, make_vote, publish_vote_results
from tests.factories import option_keys as keys
from tests.priorities.publishing import publish_by_form


@pytest.fixture
def official():
    return make_user(role=Role.OFFICIAL)


def publish(vote, official, statement="Urząd uwzględni **wyniki**."):
    publish_vote_results(vote, official, statement)
    db.session.commit()


BUDGET_OPTIONS = [
    {"title": "Remont świetlicy", "cost": Decimal("600000")},
    {"title": "Ławki w parku", "cost": Decimal("300000")},
    {"title": "Plac zabaw", "cost": Decimal("400000")},
]


def test_ranked_results_page_in_polish(app, client, official):
    vote = closed_vote(
        method="borda", options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}]
    )
    a, b, c = keys(vote)
    cast(vote, [[a, b, c], [a, c, b], [b, a]], paper={2})
    publish(vote, official)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Wyniki głosowania" in page
    assert "Frekwencja" in page
    assert "Seniorzy" in page
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert "Punkty Bordy" in page or "Borda" in page
    assert "<strong>wyniki</strong>" in page
    assert f"votecount glosowanie-{vote.id}.pb</code>" in page
    assert "Remisy" in page


def test_points_page_shows_money_in_polish_format(app, client, official):
    vote = closed_vote(
        ballot_type="points",
        method="points",
        max_points=100,
        budget=Decimal("1250000"),
        rounding_unit=Decimal("1000"),
        options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}],
    )
    a, b, c = keys(vote)
    cast(vote, [{a: 50, b: 50}, {a: 100}])
    publish(vote, official)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "1 250 000 zł" in page
    assert "937 000 zł" in page or "938 000 zł" in page
    assert "75,0%" in page
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "1,250,000 zł" in page
    assert "75.0%" in page and "75,0%" not in page


@pytest.mark.parametrize("method", ["greedy", "mes"])
def test_budget_page_shows_funded_spent_and_left(app, client, official, method):
    vote = closed_vote(
        ballot_type="approval", method=method, budget=Decimal("1000000"), options=BUDGET_OPTIONS
    )
    a, b, c = keys(vote)
    cast(vote, [[a, b], [a], [c], [a, b]])
    publish(vote, official)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "sfinansowane" in page.lower() or "finansowan" in page.lower()
    assert "900 000 zł" in page
    assert "100 000 zł" in page
    if method == "mes":  # thousands of completion runs change nothing: only changes are rows
        assert "Wymienione są tylko udziały, które zmieniły wynik" in page


@pytest.mark.parametrize("method", ["schulze", "irv"])
def test_ranked_traces_render(app, client, official, method):
    vote = closed_vote(method=method)
    a, b, c = keys(vote)
    cast(vote, [[a, b, c], [b, c, a], [c, a, b], [a, c], [b]])
    publish(vote, official)
    response = client.get(f"/votes/{vote.id}/results")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if method == "schulze":
        assert "d[" in page and "p[" in page
    else:
        assert "runda 1" in page.lower()


def test_preview_is_for_officials_only(app, client, auth, official):
    vote = closed_vote()
    cast(vote, [keys(vote)])
    _assert_not_published_yet(client, vote)
    auth.login_as(official)
    response = client.post(f"/votes/{vote.id}/results/preview", data={"statement": "Szkic."})
    assert response.status_code == 302
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Podgląd" in page
    auth.logout()
    for url in ("results.csv", "results.json", "ballots.pb"):
        assert client.get(f"/votes/{vote.id}/{url}").status_code == 403
    _assert_not_published_yet(client, vote)
    member = make_user()
    auth.login_as(member)
    _assert_not_published_yet(client, vote)


def _assert_not_published_yet(client, vote):
    """Anyone but an official learns when the results come, and never sees the preview."""
    response = client.get(f"/votes/{vote.id}/results")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Wyniki nie zostały jeszcze opublikowane" in page
    assert "Urząd opublikuje wyniki po policzeniu głosów" in page
    assert f'href="/votes/{vote.id}"' in page
    assert "Podgląd" not in page and "Brak dostępu" not in page


def test_visitor_learns_when_results_of_an_open_vote_come(app, client):
    vote = make_vote()
    db.session.commit()
    response = client.get(f"/votes/{vote.id}/results")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Wyniki zostaną opublikowane po zakończeniu głosowania" in page
    assert f'href="/votes/{vote.id}"' in page


def test_publish_refused_while_open_and_twice(app, client, auth, official):
    vote = make_vote()
    auth.login_as(official)
    response = client.post(f"/votes/{vote.id}/results/publish", data={}, follow_redirects=True)
    assert "po zamknięciu" in response.get_data(as_text=True)
    assert vote.result is None
    closed = closed_vote()
    cast(closed, [keys(closed)])
    response = client.post(f"/votes/{closed.id}/results/publish", data={}, follow_redirects=True)
    assert "Najpierw oblicz podgląd" in response.get_data(as_text=True)  # no preview yet
    assert closed.result is None
    assert publish_by_form(client, closed.id).status_code == 302
    db.session.refresh(closed)
    first = closed.result.published_at
    assert first is not None
    response = client.post(f"/votes/{closed.id}/results/publish", data={}, follow_redirects=True)
    assert "jeden raz" in response.get_data(as_text=True) or "raz" in response.get_data(
        as_text=True
    )
    db.session.refresh(closed.result)
    assert closed.result.published_at == first


def test_manage_page(app, client, auth, official):
    vote = closed_vote()
    auth.login_as(official)
    page = client.get(f"/votes/{vote.id}/results/manage").get_data(as_text=True)
    assert "Zapisz stanowisko i oblicz podgląd" in page
    assert "Opublikuj wyniki" not in page  # a preview comes first
    assert "dopiero po obliczeniu i sprawdzeniu podglądu" in page
    client.post(f"/votes/{vote.id}/results/preview", data={"statement": ""})
    page = client.get(f"/votes/{vote.id}/results/manage").get_data(as_text=True)
    assert f'href="/votes/{vote.id}/results/publish"' in page and "Opublikuj wyniki…" in page
    open_vote = make_vote()
    page = client.get(f"/votes/{open_vote.id}/results/manage").get_data(as_text=True)
    assert "Opublikuj wyniki" not in page


def test_statement_too_long_is_kept_with_an_error(app, client, auth, official):
    vote = closed_vote()
    auth.login_as(official)
    response = client.post(f"/votes/{vote.id}/results/preview", data={"statement": "x" * 50001})
    assert response.status_code == 200
    assert vote.result is None


def test_secret_vote_reveals_no_voter(app, client, official):
    vote = closed_vote(
        ballot_type="approval", method="greedy", budget=Decimal(1000000), options=BUDGET_OPTIONS
    )
    a, b, c = keys(vote)
    organizations = cast(vote, [[a], [b, c], [a, c]])
    publish(vote, official)
    bodies = [
        client.get(f"/votes/{vote.id}/{url}").get_data(as_text=True)
        for url in ("results", "results.csv", "results.json", "ballots.pb")
    ]
    for organization in organizations:
        for body in bodies:
            assert organization.name not in body
            assert f"org:{organization.id}" not in body
            assert organization.email not in body


def test_open_vote_lists_each_organizations_ballot(app, client, official):
    vote = closed_vote(
        secrecy="open", options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}]
    )
    a, b, c = keys(vote)
    (first, second) = cast(vote, [[a, b], [c]])
    publish(vote, official)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert first.name in page and second.name in page
    assert "Seniorzy &gt; Sport" in page
    pb = client.get(f"/votes/{vote.id}/ballots.pb").get_data(as_text=True)
    assert first.name not in pb


def test_csv_has_bom_and_polish_headers(app, client, official):
    vote = closed_vote(ballot_type="points", method="points", max_points=100, budget=Decimal(1000))
    a, b, c = keys(vote)
    cast(vote, [{a: 100}, {b: 60, c: 40}])
    publish(vote, official)
    response = client.get(f"/votes/{vote.id}/results.csv")
    assert response.data.startswith("\ufeff".encode())
    rows = csv_table(response.data)  # past the metryka (issue 16)
    assert rows[0][0] == "Pozycja"
    assert rows[1][2] == "Opcja 1"
    assert "wyniki-glosowania" in response.headers["Content-Disposition"]
    document = client.get(f"/votes/{vote.id}/results.json").get_json()
    assert document["outcome"]["totals"] == {a: 100, b: 60, c: 40}
    assert document["turnout"]["ballots"] == 2


def test_missing_vote_is_404(app, client):
    assert client.get("/votes/999999/results").status_code == 404
    assert client.get("/votes/999999/ballots.pb").status_code == 404


def test_two_officials_publishing_at_once_publish_once(app, database_url):
    """Threads on PostgreSQL (the vote row is locked); SQLite serialises writers anyway."""
    import threading

    from sqlalchemy import func, select

    from app.common.models import AuditEntry

    if not database_url.startswith("postgresql"):
        pytest.skip("concurrency is checked on PostgreSQL (set TEST_DATABASE_ADMIN_URL)")
    officials = [make_user(role=Role.OFFICIAL) for _ in range(4)]
    vote = closed_vote()
    cast(vote, [keys(vote)])
    vote_id = vote.id
    digest = compute_preview(vote, officials[0], "", utcnow()).ballots_sha256
    db.session.commit()
    barrier = threading.Barrier(len(officials))
    statuses = []

    def publish_as(user_id):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
        barrier.wait()
        form = {"previewed_sha256": digest, "confirmed": "y"}
        statuses.append(client.post(f"/votes/{vote_id}/results/publish", data=form).status_code)

    threads = [threading.Thread(target=publish_as, args=(user.id,)) for user in officials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(officials)
    db.session.remove()
    published = db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "vote.results_publish")
    )
    assert published == 1
