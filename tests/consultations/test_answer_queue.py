"""Issue 15, items 1-3: the answer work queue, groups of similar remarks, answers in XLSX and
back — the pure parts, the services and the pages (bad input, audit, query counts)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations import answering, services, similarity, spreadsheet
from app.consultations.models import AnswerImport, Comment, CommentGroup
from app.extensions import db
from tests.factories import make_consultation, make_organization, make_user

RAISE = [
    ("Kwota dotacji wynosi 15 000 zł.", "Koszty wzrosły, 10 000 zł nie wystarcza na zadanie."),
    ("Kwota dotacji wynosi 15 000 zł.", "Koszty wzrosły i 10 000 zł nie wystarcza na zadanie."),
    ("Kwota dotacji wynosi 15 000 zł", "10 000 zł nie wystarcza na zadanie, bo koszty wzrosły."),
    ("Kwota dotacji: 15 000 zł.", "Koszty wzrosły; 10 000 zł nie wystarcza na zadanie."),
]


# --- the pure parts -------------------------------------------------------------------------


def test_normalize_drops_case_diacritics_and_punctuation():
    assert similarity.normalize("Zastępczych  MIESZKAŃ, łąka!") == "zastepczych mieszkan laka"


def test_similar_remarks_on_one_unit_are_suggested_as_one_group():
    remarks = [similarity.Remark(i, "u4", f"{p}\n{j}") for i, (p, j) in enumerate(RAISE, 1)]
    remarks += [
        similarity.Remark(5, "u4", "Skrócić termin rozpatrzenia ofert do 7 dni roboczych."),
        # the same text on another unit is never grouped with them
        similarity.Remark(6, "u9", f"{RAISE[0][0]}\n{RAISE[0][1]}"),
        similarity.Remark(7, "u4", ""),
    ]
    [suggestion] = similarity.suggest_groups(remarks)
    assert suggestion.ids == (1, 2, 3, 4)
    assert suggestion.unit_key == "u4"
    assert similarity.THRESHOLD <= suggestion.lowest <= suggestion.highest <= 1


def test_jaccard_of_word_stems():
    a = similarity.stems("Organizacji pożytku w mieście")
    assert a == {"organi", "pozytk", "miesci"}  # short words left out, the rest cut to 6
    assert a == similarity.stems("organizacja pożytkowa, w mieście!")
    assert similarity.jaccard(a, a) == 1
    assert similarity.jaccard(a, frozenset()) == 0
    assert similarity.jaccard(a, similarity.stems("organizacja w mieście")) == pytest.approx(2 / 3)


def test_the_prefix_filter_finds_every_similar_pair():
    import itertools
    import random

    rng = random.Random(15)
    words = [f"s{n:02d}xyz" for n in range(40)]
    remarks = [
        similarity.Remark(i, "u", " ".join(rng.choice(words) for _ in range(rng.randint(2, 9))))
        for i in range(300)
    ]
    sets = {r.id: similarity.stems(r.text) for r in remarks}
    similar = {
        i
        for a, b in itertools.combinations(sets, 2)
        if similarity.jaccard(sets[a], sets[b]) >= similarity.THRESHOLD
        for i in (a, b)
    }
    found = {i for s in similarity.suggest_groups(remarks) for i in s.ids}
    assert similar
    assert found == similar


PROBE = """
import sys, types
app = types.ModuleType("app")
app.__path__ = [sys.argv[1] + "/app"]
sys.modules["app"] = app
import app.consultations.similarity
print(sorted({m.split(".")[0] for m in sys.modules} & {"flask", "sqlalchemy", "werkzeug"}
             | ({"app.extensions"} & set(sys.modules))))
"""


def test_similarity_imports_neither_flask_nor_the_database():
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-I", "-c", PROBE, root], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _sheet(rows):
    return [spreadsheet.SheetRow(n, i, d, j) for n, i, d, j in rows]


def test_check_rows_says_what_changes_and_why_rows_are_refused():
    current = {
        10: spreadsheet.Current(1, None, ""),
        11: spreadsheet.Current(2, "accepted", "Tak."),
        12: spreadsheet.Current(3, "rejected", "Nie."),
        13: spreadsheet.Current(4, None, ""),
        14: spreadsheet.Current(5, None, ""),
        15: spreadsheet.Current(6, None, ""),
        16: spreadsheet.Current(7, None, ""),
    }
    decisions = {"uwzględniona": "accepted", "rejected": "rejected", "accepted": "accepted"}
    changes, refusals = spreadsheet.check_rows(
        _sheet(
            [
                (2, 10, "Uwzględniona", "Przyjmujemy."),  # a new answer
                (3, 11, "accepted", "Tak."),  # unchanged
                (4, 12, "accepted", "Jednak tak."),  # changed
                (5, 999, "accepted", "x"),  # not a remark of the round
                (6, "abc", "accepted", "x"),
                (7, 13, "Może", "x"),  # not in the list
                (8, 14, "rejected", ""),  # no justification
                (9, 10, "rejected", "Drugi raz."),  # the same id twice
                (10, 15, "", "Bez decyzji."),
                (11, 16, "", ""),  # left empty: nothing to do
            ]
        ),
        current,
        decisions,
    )
    assert [(c["row"], c["comment_id"], c["decision"]) for c in changes] == [
        (2, 10, "accepted"),
        (4, 12, "accepted"),
    ]
    assert changes[1]["old_decision"] == "rejected"
    assert [(r["row"], str(r["reason"])) for r in refusals] == [
        (5, "unknown_id"),
        (6, "unknown_id"),
        (7, "decision_not_in_list"),
        (8, "missing_justification"),
        (9, "unknown_id"),
        (10, "missing_decision"),
    ]


def test_workbook_round_trip_with_a_validated_decision_list():
    data = spreadsheet.build_workbook(
        "Uwagi",
        ["ID", "Nr", "Część", "Kto", "Kanał", "Brzmienie", "Uzas.", "Grupa", "Decyzja", "Odp."],
        [[7, 1, "§ 1", "Org", "platforma", "a", "b", "", "Uwzględniona", "Tak"]],
        ["Uwzględniona", "Nieuwzględniona"],
    )
    book = load_workbook(io.BytesIO(data))
    [validation] = book.active.data_validations.dataValidation
    assert validation.formula1 == '"Uwzględniona,Nieuwzględniona"'
    assert "I2" in str(validation.sqref)
    assert spreadsheet.read_rows(data) == [spreadsheet.SheetRow(2, 7, "Uwzględniona", "Tak")]


def test_a_remark_starting_with_an_equals_sign_stays_text():
    data = spreadsheet.build_workbook(
        "Uwagi", ["ID"], [[1, "", "", "", "", '=HYPERLINK("http://example.org")']], ["Tak"]
    )
    cell = load_workbook(io.BytesIO(data)).active["F2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://example.org")')


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(spreadsheet.NotAWorkbook):
        spreadsheet.read_rows(b"PK\x03\x04 not really a zip")


# --- services -------------------------------------------------------------------------------


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")


def _remarks(consultation, texts, unit_index=1):
    """Remarks of several organizations on one unit of the round's draft."""
    unit = consultation.current_version.units[unit_index].key if unit_index is not None else None
    made = []
    for proposed, why in texts:
        organization = make_organization()
        made.append(
            services._store_comment(
                consultation,
                organization.memberships[0].user,
                organization,
                services.CommentData(unit, proposed, why),
                utcnow(),
            )
        )
    db.session.commit()
    return made


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_bulk_answer_assign_and_publish(official):
    consultation = make_consultation(official)
    a, b, c = _remarks(consultation, [("x", "y"), ("z", "w"), ("q", "r")])
    colleague = make_user(role=Role.OFFICIAL)
    assert answering.answer_comments(official, [a, b], "rejected", "Nie.", utcnow()) == 2
    assert (a.answer.decision, a.answer.justification_md, a.answer.published_at) == (
        "rejected",
        "Nie.",
        None,
    )
    assert a.answer is not b.answer  # each remark keeps its own record
    answering.assign_comments(official, [c], colleague, date(2026, 12, 20))
    assert (c.assigned_to_id, c.due_on) == (colleague.id, date(2026, 12, 20))
    with pytest.raises(answering.NotAnOfficial):
        answering.assign_comments(official, [c], make_user(), None)
    with pytest.raises(answering.NothingSelected):
        answering.publish_answers_of(official, [c], utcnow(), lambda _c: "")
    assert answering.publish_answers_of(official, [a, b, c], utcnow(), lambda _c: "") == 2
    assert a.answer.published_at is not None
    assert _actions().count("comment.answer_publish") == 2
    assert "comment.assign" in _actions()


def test_groups_are_checked_answered_once_and_dissolved(official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE)
    other_unit = _remarks(consultation, [("a", "b")], unit_index=2)[0]
    with pytest.raises(answering.GroupTooSmall):
        answering.save_group(official, consultation, remarks[:1], utcnow())
    with pytest.raises(answering.MixedUnits):
        answering.save_group(official, consultation, [remarks[0], other_unit], utcnow())
    group = answering.save_group(official, consultation, remarks[:3], utcnow())
    with pytest.raises(answering.AlreadyGrouped):
        answering.save_group(official, consultation, remarks[2:], utcnow())
    answering.save_group(official, consultation, remarks, utcnow(), group=group)
    assert [c.id for c in group.comments] == [c.id for c in remarks]
    count = answering.answer_group(
        official, group, "partly_accepted", "Podniesiemy do 12 000 zł.", False, utcnow(), str
    )
    assert count == 4
    assert {c.answer.id for c in remarks}.__len__() == 4
    assert {(c.answer.decision, c.answer.published_at) for c in remarks} == {
        ("partly_accepted", None)
    }
    assert "comment_group.answer" in _actions()
    answering.dissolve_group(official, group)
    db.session.commit()
    assert db.session.scalar(select(func.count(CommentGroup.id))) == 0
    assert all(c.group_id is None and c.answer for c in remarks)


def test_an_import_applies_only_when_confirmed_and_once(official):
    consultation = make_consultation(official)
    a, b = _remarks(consultation, [("x", "y"), ("z", "w")])
    rows = [
        [a.id, 1, "", "", "", "", "", "", "Uwzględniona", "Przyjęto."],
        [b.id, 2, "", "", "", "", "", "", "Może", "?"],
    ]
    data = spreadsheet.build_workbook("Uwagi", ["ID"] * 10, rows, ["Uwzględniona"])
    pending = answering.stage_import(
        official, consultation, "plik.xlsx", data, {"uwzględniona": "accepted"}, utcnow()
    )
    db.session.commit()
    assert a.answer is None  # nothing applied yet
    assert [c["comment_id"] for c in pending.changes] == [a.id]
    assert pending.refusals == [{"row": 3, "reason": "decision_not_in_list", "value": "Może"}]
    assert answering.apply_import(official, pending, consultation, utcnow()).applied == 1
    db.session.commit()
    assert (a.answer.decision, a.answer.justification_md) == ("accepted", "Przyjęto.")
    assert b.answer is None
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "consultation.answers_import")
    )
    assert entry.details == {"filename": "plik.xlsx", "changed": 1, "refused": 1}
    with pytest.raises(answering.ImportAlreadyApplied):
        answering.apply_import(official, pending, consultation, utcnow())


# --- pages ----------------------------------------------------------------------------------


def _url(consultation, tail=""):
    return f"/consultations/{consultation.id}/answers{tail}"


def test_queue_filters_sorts_and_pages(client, auth, official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE)
    general = _remarks(consultation, [("Ogólna uwaga", "Bo tak.")], unit_index=None)[0]
    services.save_answer(official, remarks[0], "accepted", "Tak.", True, utcnow())
    services.save_answer(official, remarks[1], "rejected", "Nie.", False, utcnow())
    db.session.commit()
    auth.login_as(official)

    def numbers(query=""):
        page = client.get(_url(consultation, "/queue") + query)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        return [c.number for c in remarks + [general] if f'id="select-{c.id}"' in text]

    assert numbers() == [1, 2, 3, 4, 5]
    assert numbers("?state=unanswered") == [3, 4, 5]
    assert numbers("?state=draft") == [2]
    assert numbers("?state=published&decision=accepted") == [1]
    assert numbers("?unit=general") == [5]
    assert numbers(f"?organization={general.organization_id}") == [5]
    assert numbers("?channel=paper") == []
    assert numbers("?duplicates=1") == [1, 2, 3, 4]
    assert numbers("?sort=state&order=desc&bogus=1") == [1, 2, 3, 4, 5]
    assert client.get(_url(consultation, "/queue?page=99")).status_code == 200


def test_bulk_answer_keeps_the_selection_and_text_on_bad_input(client, auth, official):
    consultation = make_consultation(official)
    a, b, c = _remarks(consultation, [("x", "y"), ("z", "w"), ("q", "r")])
    auth.login_as(official)
    response = client.post(
        _url(consultation, "/queue"),
        data={"ids": [a.id, b.id], "action": "decide", "justification": "Wspólny tekst"},
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Wybierz decyzję." in text
    assert f'value="{a.id}" id="select-{a.id}" checked' in text
    assert f'value="{c.id}" id="select-{c.id}" checked' not in text
    assert "Wspólny tekst" in text
    nothing = client.post(_url(consultation, "/queue"), data={"action": "decide"})
    assert nothing.status_code == 400
    assert "Zaznacz co najmniej jedną uwagę." in nothing.get_data(as_text=True)
    ok = client.post(
        _url(consultation, "/queue"),
        data={
            "ids": [a.id, b.id],
            "action": "decide",
            "decision": "not_applicable",
            "justification": "Wspólny tekst",
            "back": "state=unanswered",
        },
    )
    assert ok.status_code == 302
    assert ok.location.endswith("/answers/queue?state=unanswered")
    db.session.expire_all()
    assert [x.answer.decision for x in (a, b)] == ["not_applicable"] * 2
    assert c.answer is None


def test_assign_refuses_a_person_who_is_not_an_official(client, auth, official):
    consultation = make_consultation(official)
    [a] = _remarks(consultation, [("x", "y")])
    member = make_user()
    auth.login_as(official)
    refused = client.post(
        _url(consultation, "/queue"),
        data={"ids": [a.id], "action": "assign", "assignee": member.id},
    )
    assert refused.status_code == 400
    done = client.post(
        _url(consultation, "/queue"),
        data={"ids": [a.id], "action": "assign", "assignee": official.id, "due_on": "2026-12-20"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert (a.assigned_to_id, a.due_on) == (official.id, date(2026, 12, 20))


def test_publishing_the_selection_needs_the_confirmation(client, auth, official):
    consultation = make_consultation(official)
    a, b = _remarks(consultation, [("x", "y"), ("z", "w")])
    answering.answer_comments(official, [a, b], "rejected", "Nie.", utcnow())
    db.session.commit()
    auth.login_as(official)
    page = client.post(
        _url(consultation, "/queue"), data={"ids": [a.id, b.id], "action": "publish"}
    )
    assert page.status_code == 200
    assert "2 odpowiedzi zostaną teraz opublikowane" in page.get_data(as_text=True)
    db.session.expire_all()
    assert a.answer.published_at is None
    unticked = client.post(_url(consultation, "/queue/publish"), data={"ids": [a.id, b.id]})
    assert unticked.status_code == 400
    confirmed = client.post(
        _url(consultation, "/queue/publish"), data={"ids": [a.id], "confirmed": "y"}
    )
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert a.answer.published_at is not None
    assert b.answer.published_at is None


def test_group_flow_and_the_report_shows_the_group(client, auth, official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE)
    auth.login_as(official)
    page = client.get(_url(consultation, "/groups")).get_data(as_text=True)
    assert "Jaccard" in page
    assert "Propozycja 1: uwagi (4)" in page
    mixed = _remarks(consultation, [("a", "b")], unit_index=2)[0]
    refused = client.post(_url(consultation, "/groups"), data={"ids": [remarks[0].id, mixed.id]})
    assert refused.status_code == 400
    assert "tej samej części dokumentu" in refused.get_data(as_text=True)
    created = client.post(_url(consultation, "/groups"), data={"ids": [c.id for c in remarks]})
    assert created.status_code == 302
    group = db.session.scalar(select(CommentGroup))
    assert (
        client.post(created.location, data={"decision": "", "justification": "x"}).status_code
        == 400
    )
    answered = client.post(
        created.location, data={"decision": "partly_accepted", "justification": "Do 12 000 zł."}
    )
    assert answered.status_code == 302
    db.session.expire_all()
    assert {c.answer.justification_md for c in remarks} == {"Do 12 000 zł."}
    # edit: drop the fourth remark
    edited = client.post(created.location + "/members", data={"ids": [c.id for c in remarks[:3]]})
    assert edited.status_code == 302
    db.session.expire_all()
    assert [c.number for c in group.comments] == [1, 2, 3]
    too_small = client.post(created.location + "/members", data={"ids": [remarks[0].id]})
    assert too_small.status_code == 400
    # the report names the group
    answering.publish_answers_of(official, remarks, utcnow(), str)
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    services.publish_report(official, consultation, "", "Biuro", utcnow())
    db.session.commit()
    report = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "rozpatrzona łącznie z nr 2, 3 (podobne uwagi)" in report
    assert "comment_group.save" in _actions()
    assert client.post(created.location + "/dissolve").status_code == 302
    assert db.session.scalar(select(func.count(CommentGroup.id))) == 0


def test_export_and_reimport_through_the_pages(client, auth, official):
    consultation = make_consultation(official)
    a, b, c = _remarks(consultation, [("x", "y"), ("z", "w"), ("q", "r")])
    services.save_answer(official, a, "rejected", "Nie.", True, utcnow())
    db.session.commit()
    auth.login_as(official)
    response = client.get(f"/consultations/{consultation.id}/answers.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    assert sheet["A1"].value == "ID (nie zmieniaj)"
    assert [sheet.cell(r, 1).value for r in (2, 3, 4)] == [a.id, b.id, c.id]
    assert sheet["I2"].value == "Nieuwzględniona"
    assert "Uwzględniona" in sheet.data_validations.dataValidation[0].formula1
    sheet["I2"] = "Uwzględniona"  # changed decision of a published answer
    sheet["J2"] = "Jednak tak."
    sheet["I3"] = "Accepted"  # the English label is understood too
    sheet["J3"] = "Przyjęto."
    sheet["I4"] = "Uwzględniona"  # no justification: refused
    sheet["A5"] = 999999
    sheet["I5"] = "Uwzględniona"
    sheet["J5"] = "?"
    buffer = io.BytesIO()
    book.save(buffer)

    bad = client.post(
        _url(consultation, "/import"),
        data={"file": (io.BytesIO(b"hello"), "odpowiedzi.xlsx")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    missing = client.post(_url(consultation, "/import"), data={})
    assert missing.status_code == 400
    uploaded = client.post(
        _url(consultation, "/import"),
        data={"file": (io.BytesIO(buffer.getvalue()), "odpowiedzi.xlsx")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    preview = client.get(uploaded.location).get_data(as_text=True)
    assert "Wiersz 4: decyzja bez uzasadnienia" in preview
    assert "Wiersz 5: nieznany identyfikator uwagi" in preview
    assert "import-public" in preview and "Nie." in preview  # public; the old justification
    db.session.expire_all()
    assert b.answer is None and a.answer.decision == "rejected"  # nothing applied yet
    assert client.post(uploaded.location).status_code == 400  # the box not ticked
    applied = client.post(uploaded.location, data={"confirmed": "y"})
    assert applied.status_code == 302
    db.session.expire_all()
    # the changed public answer is a draft again until it is published again (issue 15 audit)
    assert (a.answer.decision, a.answer.published_at) == ("accepted", None)
    assert b.answer.decision == "accepted"
    assert c.answer is None
    assert db.session.scalar(select(AnswerImport.applied_at)) is not None
    again = client.post(uploaded.location, data={"confirmed": "y"})
    assert again.status_code == 302
    assert _actions().count("consultation.answers_import") == 1
    other = make_consultation(official)
    assert (
        client.get(uploaded.location.replace(str(consultation.id), str(other.id), 1)).status_code
        == 404
    )


QUERY = "?sort=organization&state=draft"


def test_queue_page_queries_do_not_grow_with_remarks(client, auth, official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, [(f"Uwaga {i}", f"Powód {i}") for i in range(3)])
    colleague = make_user(role=Role.OFFICIAL)
    answering.assign_comments(official, remarks[:1], colleague, None)
    services.save_answer(official, remarks[0], "accepted", "Tak.", False, utcnow())
    db.session.commit()
    auth.login_as(official)

    def count_queries(query: str = "") -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(_url(consultation, "/queue") + query).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    def counts() -> list[int]:
        # each page twice, the second counted: the site's settings are read once and cached
        return [min(count_queries(q), count_queries(q)) for q in ("", QUERY)]

    before = counts()
    more = _remarks(consultation, [(f"Inna {i}", f"Inny powód {i}") for i in range(30)])
    answering.assign_comments(official, more, make_user(role=Role.OFFICIAL), None)
    answering.answer_comments(official, more[::2], "rejected", "Nie.", utcnow())
    db.session.commit()
    assert counts() == before
    assert db.session.scalar(select(func.count(Comment.id))) == 33


def test_the_pages_read_in_english(client, auth):
    official = make_user(role=Role.OFFICIAL, locale="en")
    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE)
    answering.answer_comments(official, remarks[:1], "accepted", "Yes.", utcnow())
    db.session.commit()
    auth.login_as(official)
    queue = client.get(_url(consultation, "/queue")).get_data(as_text=True)
    assert "Answer work queue" in queue and "4 remarks match the filters." in queue
    groups = client.get(_url(consultation, "/groups")).get_data(as_text=True)
    assert "Suggestion 1: 4 remarks on" in groups and "the Jaccard index" in groups
    confirm = client.get(_url(consultation, "/publish")).get_data(as_text=True)
    assert "1 answer will become public now" in confirm
    export = load_workbook(io.BytesIO(client.get(_url(consultation, ".xlsx")).data)).active
    assert (export["A1"].value, export["I2"].value) == ("ID (do not change)", "Accepted")
    show = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Answer work queue" in show
