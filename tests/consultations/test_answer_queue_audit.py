"""Issue 15 audit, items 2-4 and 6: answers saved in bulk never change a public answer
silently (it becomes a draft again, after the page says how many), the import does not
overwrite an answer changed after its preview, the queue keeps the page and the ticks of a
bulk action refused on page 2, and the report's tables name a remark's group."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations import answering, services, spreadsheet
from app.extensions import db
from app.notifications.models import Notification
from tests.consultations.test_answer_queue import RAISE, _remarks, _url
from tests.factories import make_consultation, make_user


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik", locale="en")


def _answered_notices(comment):
    return db.session.scalars(
        select(Notification).where(
            Notification.kind == "comment.answered",
            Notification.object_id == comment.id,
        )
    ).all()


def test_bulk_answer_asks_before_changing_public_answers_and_makes_them_drafts(
    client, auth, official
):
    consultation = make_consultation(official)
    a, b, c = _remarks(consultation, [("x", "y"), ("z", "w"), ("q", "r")])
    services.save_answer(official, a, "rejected", "Nie.", True, utcnow())
    services.save_answer(official, b, "accepted", "Tak.", True, utcnow())
    db.session.commit()
    auth.login_as(official)
    data = {
        "ids": [a.id, b.id, c.id],
        "action": "decide",
        "decision": "accepted",
        "justification": "Tak.",
        "back": "",
    }
    first = client.post(_url(consultation, "/queue"), data=data)
    # b's published answer would not change; a's would: the page asks first, nothing saved
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "1 answer is already public: saving makes it a draft until you publish it again." in (
        page
    )
    assert "Nie." in page
    db.session.expire_all()
    assert c.answer is None and a.answer.published_at is not None
    unticked = client.post(_url(consultation, "/queue"), data={**data, "step": "redraft"})
    assert unticked.status_code == 400 and 'id="confirmed-error"' in unticked.get_data(as_text=True)
    db.session.expire_all()
    assert c.answer is None
    done = client.post(
        _url(consultation, "/queue"), data={**data, "step": "redraft", "confirmed": "y"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert (a.answer.decision, a.answer.published_at) == ("accepted", None)
    assert b.answer.published_at is not None  # unchanged: still public
    assert c.answer.published_at is None
    entry = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "comment.answer_draft", AuditEntry.object_id == a.id)
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry.details.get("unpublished") is True
    told_before = len(_answered_notices(a))
    # published again through the existing confirmation: the organization hears of it
    answering.publish_answers_of(official, [a], utcnow(), lambda _c: "")
    db.session.commit()
    assert a.answer.published_at is not None
    assert len(_answered_notices(a)) > told_before


def test_group_answer_makes_changed_public_answers_drafts_and_says_so(client, auth, official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE)
    group = answering.save_group(official, consultation, remarks, utcnow())
    services.save_answer(official, remarks[0], "rejected", "Nie.", True, utcnow())
    db.session.commit()
    auth.login_as(official)
    url = _url(consultation, f"/groups/{group.id}")
    page = client.get(url).get_data(as_text=True)
    assert "1 answer of this group is already public" in page
    saved = client.post(
        url, data={"decision": "accepted", "justification": "Tak."}, follow_redirects=True
    )
    assert "Public answers made drafts again: 1." in saved.get_data(as_text=True)
    db.session.expire_all()
    assert {(c.answer.decision, c.answer.published_at) for c in remarks} == {("accepted", None)}


def _stage(official, consultation, rows):
    data = spreadsheet.build_workbook(
        "Uwagi", ["ID"] * 10, rows, ["Uwzględniona", "Nieuwzględniona"]
    )
    pending = answering.stage_import(
        official,
        consultation,
        "plik.xlsx",
        data,
        {"uwzględniona": "accepted", "nieuwzględniona": "rejected"},
        utcnow(),
    )
    db.session.commit()
    return pending


def test_import_does_not_overwrite_an_answer_changed_after_the_preview(client, auth, official):
    consultation = make_consultation(official)
    a, b = _remarks(consultation, [("x", "y"), ("z", "w")])
    services.save_answer(official, a, "rejected", "Nie.", False, utcnow())
    db.session.commit()
    pending = _stage(
        official,
        consultation,
        [
            [a.id, 1, "", "", "", "", "", "", "Uwzględniona", "Z arkusza."],
            [b.id, 2, "", "", "", "", "", "", "Uwzględniona", "Z arkusza."],
        ],
    )
    # a colleague answers a in the meantime
    colleague = make_user(role=Role.OFFICIAL, name="Anna Kowalska")
    services.save_answer(colleague, a, "partly_accepted", "Nowsza odpowiedź.", False, utcnow())
    db.session.commit()
    auth.login_as(official)
    url = _url(consultation, f"/import/{pending.id}")
    confirmed = client.post(url, data={"confirmed": "y"})
    assert confirmed.status_code == 302 and confirmed.location.endswith(url)
    db.session.expire_all()
    assert (a.answer.decision, a.answer.justification_md) == (
        "partly_accepted",
        "Nowsza odpowiedź.",
    )
    assert (b.answer.decision, b.answer.justification_md) == ("accepted", "Z arkusza.")
    page = client.get(url).get_data(as_text=True)
    assert "Row 2: remark #1 was changed by Anna Kowalska at" in page
    assert "after the preview; not applied" in page
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "consultation.answers_import")
    )
    assert entry.details["changed"] == 1 and entry.details["changed_after_preview"] == [2]


def test_import_applied_as_a_service_reports_stale_rows(official):
    consultation = make_consultation(official)
    (a,) = _remarks(consultation, [("x", "y")])
    pending = _stage(
        official, consultation, [[a.id, 1, "", "", "", "", "", "", "Uwzględniona", "Tak."]]
    )
    services.save_answer(official, a, "rejected", "Nie.", True, utcnow())
    db.session.commit()
    result = answering.apply_import(official, pending, consultation, utcnow())
    assert (result.applied, result.unpublished, [s["row"] for s in result.stale]) == (0, 0, [2])
    assert a.answer.published_at is not None  # the newer public answer is untouched


def test_a_refused_bulk_action_on_page_two_keeps_the_page_and_the_ticks(client, auth, official):
    consultation = make_consultation(official)
    remarks = _remarks(consultation, [(f"Uwaga {i}", "Bo tak.") for i in range(55)])
    on_page_two = remarks[52]
    auth.login_as(official)
    response = client.post(
        _url(consultation, "/queue"),
        data={"ids": [on_page_two.id], "action": "decide", "justification": "", "back": "page=2"},
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'id="select-{on_page_two.id}" checked' in text
    assert f'id="select-{remarks[0].id}"' not in text  # page 1 is not shown
    # a successful action returns to the same page
    done = client.post(
        _url(consultation, "/queue"),
        data={
            "ids": [on_page_two.id],
            "action": "decide",
            "decision": "accepted",
            "justification": "Tak.",
            "back": "page=2",
        },
    )
    assert done.status_code == 302 and "page=2" in done.location


def test_report_tables_name_the_group(client, auth, official):
    from datetime import timedelta

    consultation = make_consultation(official)
    remarks = _remarks(consultation, RAISE[:3])
    answering.save_group(official, consultation, remarks, utcnow())
    stage = consultation.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    services.publish_report(official, consultation, "", "Biuro", utcnow())
    db.session.commit()
    auth.login_as(official)
    text = client.get(f"/consultations/{consultation.id}/report.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header = next(r for r in rows if "Answered together with (similar remarks)" in r)
    column = header.index("Answered together with (similar remarks)")
    data = rows[rows.index(header) + 1 :]
    assert [r[column] for r in data[:3]] == ["2, 3", "1, 3", "1, 2"]
    book = load_workbook(
        io.BytesIO(client.get(f"/consultations/{consultation.id}/report.xlsx").data)
    )
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if "Answered together with (similar remarks)" in r)
    column = header.index("Answered together with (similar remarks)")
    assert values[values.index(header) + 1][column] == "2, 3"


def test_groups_page_writes_the_share_without_a_space(client, auth, official):
    consultation = make_consultation(official)
    _remarks(consultation, RAISE)
    auth.login_as(official)
    page = client.get(_url(consultation, "/groups")).get_data(as_text=True)
    assert " %" not in page.split("<main", 1)[-1]
