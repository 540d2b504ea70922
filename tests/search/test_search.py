"""Search across everything (issue 15, item 4): folding, the index kept up to date on writes,
what each role finds, the results page, `flask search reindex`, and queries per page constant in
the size of the data. Runs on SQLite (FTS5) and, with TEST_DATABASE_ADMIN_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.search import index
from app.search.folding import fold, query_terms, words
from app.search.models import SearchEntry
from tests.factories import (
    add_member,
    make_consultation,
    make_event,
    make_meeting,
    make_opportunity,
    make_organization,
    make_proposal,
    make_survey,
    make_user,
    make_vote,
)

# --- folding (pure) -------------------------------------------------------------------------


def test_fold_drops_case_and_polish_diacritics():
    assert fold("ZASTĘPCZYCH Łąki źdźbło ŻÓŁW") == "zastepczych laki zdzblo zolw"
    assert words("Rodzin zastępczych, 2027 r.") == ["rodzin", "zastepczych", "2027", "r"]


def test_query_terms_are_folded_unique_and_drop_single_letters():
    assert query_terms("Zastępczych  zastepczych w domu") == ["zastepczych", "domu"]
    assert query_terms("a") == ["a"]
    assert query_terms(" \"'*:&| ") == []
    assert len(query_terms(" ".join(f"slowo{n}" for n in range(20)))) == 8


# --- a world with something of every kind, public and not --------------------------------------


def _comment(round_, author, organization, proposed, justification="Uzasadnienie."):
    data = consultation_services.CommentData(None, proposed, justification)
    comment = consultation_services.submit_comment(round_, author, organization, data, utcnow())
    db.session.commit()
    return comment


@pytest.fixture
def world(app):
    official = make_user(role=Role.OFFICIAL)
    admin = make_user(role=Role.ADMIN)
    member = make_user()
    organization = make_organization(name="Fundacja Rodzin Zastępczych")
    representative = organization.memberships[0].user
    round_ = make_consultation(official, title="Program wsparcia rodzin zastępczych")
    public = _comment(round_, representative, organization, "Dodać wsparcie rodzin zastępczych.")
    hidden = _comment(round_, representative, organization, "Tekst ukrytyslowo obraźliwy.")
    consultation_services.hide_comment(official, hidden, "Obraźliwe słowa.", utcnow())
    withdrawn = _comment(round_, representative, organization, "Wycofanyslowo tutaj.")
    consultation_services.withdraw_comment(representative, withdrawn, utcnow())
    drafted = _comment(round_, representative, organization, "Pytanie o dyżury.")
    consultation_services.save_answer(
        official, drafted, "accepted", "Szkicodpowiedzi jeszcze nie opublikowany.", False, utcnow()
    )
    answered = _comment(round_, representative, organization, "Pytanie o lokale.")
    consultation_services.save_answer(
        official, answered, "accepted", "Opublikowanaodpowiedz: lokale będą.", True, utcnow()
    )
    db.session.commit()
    make_consultation(official, title="Nieogloszonyprojekt", announce=False)
    later = make_consultation(
        official, title="Konsultacja z uwagami po terminie", comment_visibility="after_close"
    )
    _comment(later, representative, organization, "Pozniejslowo widoczne po zamknięciu.")
    make_proposal(organization, title="Wsparcie rodzin zastępczych na Wólkach")
    make_proposal(organization, submit=False, title="Szkicwniosku rodzin")
    make_organization(verified=False, name="Niezweryfikowanaorganizacja")
    make_vote(
        official=official,
        options=[{"title": "Przyszlaopcja świetlica"}],
        opens_at=utcnow() + timedelta(days=1),
        closes_at=utcnow() + timedelta(days=8),
    )
    make_vote(official=official, options=[{"title": "Otwartaopcja świetlica"}])
    make_event(official, title="Spotkanie rodzin zastępczych")
    make_meeting(round_, official, title="Spotkanie konsultacyjne Świętokrzyska")
    make_survey(round_, official, title="Ankieta otwartaankieta")
    make_survey(
        round_,
        official,
        title="Ankieta przyszlaankieta",
        opens_at=utcnow() + timedelta(days=1),
        closes_at=utcnow() + timedelta(days=8),
    )
    make_opportunity(official, title="Konkurs dla rodzin zastępczych")
    return {
        "official": official,
        "admin": admin,
        "member": member,
        "representative": representative,
        "round": round_,
        "public": public,
        "hidden": hidden,
        "later": later,
    }


def _found(staff: bool, text: str) -> dict[str, list[str]]:
    groups = index.search(text, staff=staff, now=utcnow(), limit=50)
    return {g.kind: [e.title + " " + e.excerpt for e in g.entries] for g in groups}


def test_search_without_diacritics_finds_every_kind(world):
    found = _found(False, "zastepczych")
    assert set(found) >= {"consultation", "remark", "proposal", "organization", "event"}
    assert set(found) >= {"opportunity"}
    assert any("Wsparcie rodzin zastępczych na Wólkach" in t for t in found["proposal"])
    assert found == _found(False, "ZASTĘPCZYCH") == _found(False, "zastepcz")
    assert _found(False, "rodzin zastepczych wolkach")["proposal"]
    assert _found(False, "zastepczych nicztegoniema") == {}


def test_draft_units_answers_and_vote_options_are_found(world):
    assert _found(False, "seniorow niepelnosprawnosciami")["unit"]
    assert _found(False, "opublikowanaodpowiedz")["answer"]
    assert _found(False, "otwartaopcja")["option"]
    assert _found(False, "swietokrzyska")["meeting"]
    assert _found(False, "otwartaankieta")["survey"]


SECRETS = {
    "ukryt": "remark",  # a hidden remark
    "wycofanyslowo": "remark",  # a withdrawn remark
    "szkicodpowiedzi": "answer",  # a drafted, unpublished answer
    "nieogloszonyprojekt": "consultation",  # a round not announced
    "niezweryfikowanaorganizacja": "organization",
    "przyszlaopcja": "option",  # an option of a vote that opens tomorrow
    "pozniejslowo": "remark",  # shown only after commenting closes
    "przyszlaankieta": "survey",  # a survey that opens tomorrow
}


@pytest.mark.parametrize(
    ("role", "sees_staff"),
    [
        ("anonymous", False),
        ("member", False),
        ("representative", False),
        ("official", True),
        ("admin", True),
    ],
)
def test_what_is_unpublished_or_hidden_is_found_only_by_officials(
    world, client, auth, role, sees_staff
):
    if role != "anonymous":
        auth.login_as(world[role])
    for word, kind in SECRETS.items():
        page = client.get(f"/search?q={word}").get_data(as_text=True)
        shown = f'id="results-{kind}-h"' in page  # the query itself is echoed in the form
        assert shown == sees_staff, (role, word)
    # nobody, officials included, finds a draft proposal: only its authors see it
    assert 'id="results-proposal-h"' not in client.get("/search?q=szkicwniosku").get_data(
        as_text=True
    )
    page = client.get("/search?q=zastepczych").get_data(as_text=True)
    assert "Wsparcie rodzin zastępczych na Wólkach" in page


def test_remarks_shown_after_commenting_are_found_once_it_closed(world):
    assert "remark" not in _found(False, "pozniejslowo")
    stage = world["later"].stages[0]
    stage.opens_at = utcnow() - timedelta(days=10)
    stage.closes_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert "remark" in _found(False, "pozniejslowo")


def test_the_index_follows_writes(world):
    public = world["public"]
    assert "remark" in _found(False, "dodac wsparcie")
    consultation_services.hide_comment(world["official"], public, "Spam.", utcnow())
    db.session.commit()
    assert "remark" not in _found(False, "dodac wsparcie")
    assert "remark" in _found(True, "dodac wsparcie")
    # a rolled back change leaves the index as it was
    world["round"].title = "Zmienionytytul"
    db.session.flush()
    db.session.rollback()
    assert _found(True, "zmienionytytul") == {}
    # announcing a round makes it and its draft public
    round_ = db.session.scalars(
        select(type(world["round"])).where(type(world["round"]).title == "Nieogloszonyprojekt")
    ).one()
    consultation_services.announce_consultation(world["official"], round_, utcnow())
    db.session.commit()
    assert "consultation" in _found(False, "nieogloszonyprojekt")


def test_reindex_command_rebuilds_the_same_index(world, runner):
    def snapshot():
        return sorted(
            db.session.execute(
                select(SearchEntry.kind, SearchEntry.object_id, SearchEntry.audience)
            ).all()
        )

    before = snapshot()
    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()
    assert _found(True, "zastepczych") == {}
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(before)} entries" in result.output
    assert snapshot() == before
    assert _found(False, "zastepczych")["proposal"]


def test_results_page_groups_links_and_pages(world, client):
    page = client.get("/search?q=zastepczych").get_data(as_text=True)
    assert 'role="search"' in page
    assert f"/consultations/{world['round'].id}/comments/{world['public'].id}" in page
    assert 'id="results-proposal-h"' in page and 'id="results-remark-h"' in page
    one_kind = client.get("/search?q=zastepczych&kind=proposal").get_data(as_text=True)
    assert 'id="results-remark-h"' not in one_kind and 'id="results-proposal-h"' in one_kind
    assert client.get("/search?q=&kind=nonsense&page=-4").status_code == 200
    assert client.get("/search?q=" + "x" * 5000).status_code == 200
    nothing = client.get("/search?q=nicztegoniema").get_data(as_text=True)
    assert "Nic nie znaleziono dla „nicztegoniema”." in nothing


def _count_queries(client, url: str) -> int:
    statements = []

    def record(_conn, _cursor, statement, *_args, **_kwargs):
        statements.append(statement)

    db.session.expire_all()  # every request loads the signed-in person afresh
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_queries_per_search_do_not_grow_with_the_data(app, client, auth):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    representative = organization.memberships[0].user
    add_member(organization)
    round_ = make_consultation(official)
    _comment(round_, representative, organization, "Rodzin zastępczych 0.")
    make_proposal(organization, title="Rodzin zastępczych 0")
    auth.login_as(official)
    url = "/search?q=zastepczych"
    small = _count_queries(client, url)
    for n in range(1, 15):
        _comment(round_, representative, organization, f"Rodzin zastępczych {n}.")
        make_proposal(organization, title=f"Rodzin zastępczych {n}")
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) > 30
    assert _count_queries(client, url) == small
    assert _count_queries(client, url + "&kind=remark") <= small


def test_rewriting_a_round_costs_the_same_few_statements_whatever_its_remarks(app):
    """A stage change rewrites every remark of the round: in batches, not one by one."""
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    representative = organization.memberships[0].user
    counts = []
    for remarks in (2, 20):
        round_ = make_consultation(official, comment_visibility="after_close")
        for n in range(remarks):
            _comment(round_, representative, organization, f"Uwaga {n} o rodzinach.")
        db.session.expire_all()
        statements = []

        def record(*_args, statements=statements):
            statements.append(1)

        stage = round_.stages[0]
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            stage.closes_at = utcnow() - timedelta(minutes=1)
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        counts.append(len(statements))
    assert counts[1] == counts[0], counts
    assert "remark" in _found(False, "rodzinach")


def test_renaming_an_organization_rewrites_its_remarks_and_proposals(world):
    organization = world["public"].organization
    organization.name = "Stowarzyszenie Nowanazwa"
    db.session.commit()
    found = _found(False, "nowanazwa")
    assert {"organization", "remark", "proposal"} <= set(found)
