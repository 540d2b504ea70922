"""Search across everything (issue 15, item 4): folding, the index kept up to date on writes,
what each role finds, the results page, `flask search reindex`, and queries per page constant in
the size of the data. Runs on SQLite (FTS5) and, with TEST_DATABASE_ADMIN_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.consultations import services as consultation_services
from app.extensions import db
from app.programmes import services as programme_services
from app.programmes.models import ProgrammeTask, TaskUpdate
from app.programmes.states import TaskSource, TaskStatus
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
from tests.programmes.builders import make_programme

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
    programme, tasks, update = _programme_world(official)
    return {
        "official": official,
        "admin": admin,
        "member": member,
        "representative": representative,
        "round": round_,
        "public": public,
        "hidden": hidden,
        "later": later,
        "programme": programme,
        "tasks": tasks,
        "update": update,
    }


def _programme_world(official):
    """An adopted programme with tracked tasks, an update and a published report; an earlier
    one whose report is only drafted; a task of a programme not adopted (the services track
    tasks only once it is adopted: the index keeps such a task for officials all the same)."""
    programme = make_programme(
        official,
        year=2024,
        priority_tasks="Świetlice środowiskowe dla młodzieży\nWsparcie rodzin zastępczych",
    )
    tasks = programme_services.track_priority_tasks(official, programme, "seniors", utcnow())
    update = programme_services.post_update(
        official, tasks[0], "Otwarto dwie świetlice na Żoliborzu.", None, utcnow()
    )
    programme_services.save_report(
        official, programme, "Sprawozdanie: zadania zrealizowano w Śródmieściu.", "", utcnow()
    )
    programme_services.publish_report(official, programme, utcnow())
    drafted = make_programme(official, year=2023)
    programme_services.save_report(
        official, drafted, "Szkicsprawozdania jeszcze nieopublikowany.", "", utcnow()
    )
    not_adopted = make_programme(official, year=2027, adopted=False)
    db.session.add(
        ProgrammeTask(
            programme=not_adopted,
            source=TaskSource.PRIORITY,
            title="Nieprzyjetezadanie programu",
            status=TaskStatus.PLANNED,
        )
    )
    db.session.commit()
    return programme, tasks, update


def _found(staff: bool, text: str) -> dict[str, list[str]]:
    groups = index.search(text, staff=staff, now=utcnow(), limit=50)
    return {g.kind: [e.title + " " + e.excerpt for e in g.entries] for g in groups}


def test_search_without_diacritics_finds_every_kind(world):
    found = _found(False, "zastepczych")
    assert set(found) >= {"consultation", "remark", "proposal", "organization", "event"}
    assert set(found) >= {"opportunity", "programme_task"}
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
    "szkicsprawozdania": "programme_report",  # a drafted implementation report
    "nieprzyjetezadanie": "programme_task",  # a task of a programme not adopted
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
    assert {"programme_task", "task_update", "programme_report"} <= {row[0] for row in before}
    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()
    assert _found(True, "zastepczych") == {}
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(before)} entries" in result.output
    assert snapshot() == before
    assert _found(False, "zastepczych")["proposal"]
    assert _found(False, "zoliborzu")["task_update"]
    assert "programme_report" not in _found(False, "szkicsprawozdania")


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
    programme = make_programme(official, year=2024, priority_tasks="Rodzin zastępczych 0")
    programme_services.save_report(official, programme, "Rodzin zastępczych.", "", utcnow())
    task = programme_services.track_priority_tasks(official, programme, None, utcnow())[0]
    programme_services.post_update(official, task, "Rodzin zastępczych 0.", None, utcnow())
    db.session.commit()
    auth.login_as(official)
    url = "/search?q=zastepczych"
    small = _count_queries(client, url)
    for n in range(1, 15):
        _comment(round_, representative, organization, f"Rodzin zastępczych {n}.")
        make_proposal(organization, title=f"Rodzin zastępczych {n}")
        other = make_programme(official, year=2000 + n, priority_tasks=f"Rodzin zastępczych {n}")
        programme_services.save_report(official, other, "Rodzin zastępczych.", "", utcnow())
        task = programme_services.track_priority_tasks(official, other, None, utcnow())[0]
        programme_services.post_update(official, task, f"Rodzin zastępczych {n}.", None, utcnow())
        db.session.commit()
    for kind in ("programme_task", "task_update", "programme_report"):
        assert (
            db.session.scalar(
                select(func.count()).select_from(SearchEntry).where(SearchEntry.kind == kind)
            )
            == 15
        )
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) > 30
    assert _count_queries(client, url) == small
    assert _count_queries(client, url + "&kind=remark") <= small
    assert _count_queries(client, url + "&kind=programme_task") <= small


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


# --- the programme of cooperation -------------------------------------------------------------


def test_programme_tasks_updates_and_reports_are_found_with_and_without_diacritics(world, client):
    task = world["tasks"][0]
    for text in ("świetlice środowiskowe", "swietlice srodowiskowe", "ŚWIETLICE"):
        found = _found(False, text)
        assert found["programme_task"] == ["Świetlice środowiskowe dla młodzieży "], text
    # by the programme's year and the status, in Polish and in English
    assert _found(False, "swietlice 2024 planowane")["programme_task"]
    assert _found(False, "swietlice planned")["programme_task"]
    assert "programme_task" not in _found(False, "swietlice zrealizowane")
    for text in ("żoliborzu", "zoliborzu"):
        assert _found(False, text)["task_update"] == [
            "Świetlice środowiskowe dla młodzieży Otwarto dwie świetlice na Żoliborzu."
        ]
    assert _found(False, "srodmiesciu")["programme_report"]
    page = client.get("/search?q=zoliborzu").get_data(as_text=True)
    assert 'id="results-task_update-h"' in page
    assert "Informacje o realizacji zadań" in page
    assert f'href="/programmes/tasks/{task.id}"' in page
    page = client.get("/search?q=swietlice").get_data(as_text=True)
    assert "Zadania programów współpracy" in page
    assert "Program współpracy na 2024 rok" in page  # the programme, under the title
    page = client.get("/search?q=srodmiesciu").get_data(as_text=True)
    assert "Sprawozdania z realizacji programów" in page
    assert f'href="/programmes/{world["programme"].id}/report"' in page
    client.get("/language/en?next=/")
    english = client.get("/search?q=swietlice").get_data(as_text=True)
    assert "Tasks of the programmes of cooperation" in english
    assert "Updates on the implementation of tasks" in client.get("/search?q=zoliborzu").get_data(
        as_text=True
    )
    assert "Programme implementation reports" in client.get("/search?q=srodmiesciu").get_data(
        as_text=True
    )


def test_a_drafted_report_is_found_by_officials_only_and_public_once_published(world):
    assert "programme_report" not in _found(False, "szkicsprawozdania")
    assert _found(True, "szkicsprawozdania")["programme_report"]
    drafted = db.session.scalars(
        select(type(world["programme"])).where(type(world["programme"]).year == 2023)
    ).one()
    programme_services.publish_report(world["official"], drafted, utcnow())
    db.session.commit()
    assert _found(False, "szkicsprawozdania")["programme_report"]


def test_programme_task_entries_follow_edits_and_removals(world):
    official, (first, second), update = world["official"], world["tasks"], world["update"]
    # the status, through the service
    done = programme_services.TaskProgress(TaskStatus.DONE, 100)
    programme_services.update_task(official, first, done, utcnow())
    db.session.commit()
    assert _found(False, "swietlice zrealizowane")["programme_task"]
    assert _found(False, "swietlice done")["programme_task"]
    assert "programme_task" not in _found(False, "swietlice planowane")
    # a corrected title and update text (whatever service corrects them: the session's writes)
    first.title = "Kluby młodzieżowe na Pradze"
    update.body_md = "Otwarto klub na Bródnie."
    db.session.commit()
    assert "programme_task" not in _found(False, "swietlice srodowiskowe")
    assert _found(False, "mlodziezowe pradze")["programme_task"]
    assert "task_update" not in _found(False, "zoliborzu")
    assert _found(False, "brodnie")["task_update"] == [
        "Kluby młodzieżowe na Pradze Otwarto klub na Bródnie."
    ]
    # renaming the programme rewrites its tasks' rows (its title is their context)
    world["programme"].title = "Program Nowanazwaprogramu"
    db.session.commit()
    assert _found(False, "nowanazwaprogramu")["programme_task"]
    assert _found(False, "nowanazwaprogramu")["task_update"]
    # a removed update, a task removed as tracked by mistake
    db.session.delete(db.session.get(TaskUpdate, update.id))
    db.session.commit()
    assert "task_update" not in _found(True, "brodnie")
    assert _found(False, "wsparcie rodzin zastepczych")["programme_task"]
    programme_services.remove_task(official, second, "Dodane przez pomyłkę.")
    db.session.commit()
    assert "programme_task" not in _found(True, "wsparcie rodzin zastepczych")
    assert not db.session.scalar(
        select(func.count())
        .select_from(SearchEntry)
        .where(SearchEntry.kind == "programme_task", SearchEntry.object_id == second.id)
    )


def test_adopting_a_programme_makes_its_tasks_public(world):
    """The programme's adoption (its title, its years) is in its tasks' rows: they are rewritten."""
    assert "programme_task" not in _found(False, "nieprzyjetezadanie")
    assert _found(True, "nieprzyjetezadanie")["programme_task"]
    programme = db.session.scalars(
        select(type(world["programme"])).where(type(world["programme"]).year == 2027)
    ).one()
    programme_services.adopt_programme(
        world["official"], programme, "XX/1/2026", date(2026, 11, 27), None, utcnow()
    )
    db.session.commit()
    assert _found(False, "nieprzyjetezadanie")["programme_task"]
