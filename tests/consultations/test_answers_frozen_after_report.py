"""Issue 12 item 2: a published report is never silently edited. Once a round's report is
published, the answers to its remarks are frozen: every path that creates, edits, publishes or
bulk-changes an answer is refused in the service layer, and the pages say so (Polish and
English) with what was typed kept, never a 500."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.consultations import answering, services, spreadsheet
from app.consultations.models import Answer, AnswerImport
from app.extensions import db
from tests.factories import make_consultation, make_organization, make_user

FROZEN_PL = "Raport z konsultacji został opublikowany – odpowiedzi nie można już zmieniać."
FROZEN_EN = "The consultation report has been published: the answers can no longer be changed."


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL, name="Piotr Urzędnik")


def _remarks(consultation, count):
    unit = consultation.current_version.units[1].key
    made = []
    for k in range(count):
        organization = make_organization()
        made.append(
            services._store_comment(
                consultation,
                organization.memberships[0].user,
                organization,
                services.CommentData(unit, f"Nowe brzmienie {k}.", f"Uzasadnienie {k}."),
                utcnow(),
            )
        )
    db.session.commit()
    return made


def _close_and_report(official, consultation):
    """End the commenting stage and publish the round's report."""
    now = utcnow()
    stage = consultation.stages[0]
    stage.opens_at = now - timedelta(days=20)
    stage.closes_at = now - timedelta(hours=1)
    services.publish_report(official, consultation, "Raport.", "Biuro", now)
    db.session.commit()


@pytest.fixture
def frozen(official):
    """A round whose report is published: remark a has a drafted answer, b none, c a published
    one; a, b, c form a group; a spreadsheet of changes was staged before the report."""
    consultation = make_consultation(official)
    a, b, c = _remarks(consultation, 3)
    services.save_answer(official, a, "rejected", "Szkic.", False, utcnow())
    services.save_answer(official, c, "accepted", "Przyjęto.", True, utcnow())
    group = answering.save_group(official, consultation, [a, b, c], utcnow())
    rows = [[b.id, 2, "", "", "", "", "", "", "Uwzględniona", "Z arkusza."]]
    data = spreadsheet.build_workbook("Uwagi", ["ID"] * 10, rows, ["Uwzględniona"])
    pending = answering.stage_import(
        official, consultation, "plik.xlsx", data, {"uwzględniona": "accepted"}, utcnow()
    )
    db.session.commit()
    _close_and_report(official, consultation)
    return consultation, (a, b, c), group, pending, data


def _answers_unchanged(a, b, c):
    db.session.expire_all()
    assert (a.answer.decision, a.answer.justification_md, a.answer.published_at) == (
        "rejected",
        "Szkic.",
        None,
    )
    assert b.answer is None
    assert (c.answer.decision, c.answer.justification_md) == ("accepted", "Przyjęto.")


def _answer_audits() -> int:
    return db.session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action.in_(("comment.answer_save", "comment.answer_publish"))
        )
    )


# --- services -------------------------------------------------------------------------------


def test_every_answering_service_is_refused_after_the_report(official, frozen):
    consultation, (a, b, c), group, pending, data = frozen
    audits = _answer_audits()
    now = utcnow()
    calls = [
        lambda: services.save_answer(official, b, "accepted", "Nowa.", False, now),
        lambda: services.save_answer(official, c, "rejected", "Zmiana.", True, now),
        lambda: services.publish_drafted_answers(official, consultation, now, str),
        lambda: answering.answer_comments(official, [a, b], "accepted", "Wszystkie.", now),
        lambda: answering.publish_answers_of(official, [a, b, c], now, str),
        lambda: answering.answer_group(official, group, "accepted", "Grupa.", True, now, str),
        lambda: answering.apply_import(official, pending, consultation, now),
        lambda: answering.stage_import(official, consultation, "nowy.xlsx", data, {}, now),
    ]
    for call in calls:
        with pytest.raises(services.AnswersFrozen):
            call()
        db.session.rollback()
    _answers_unchanged(a, b, c)
    assert _answer_audits() == audits
    assert db.session.get(AnswerImport, pending.id).applied_at is None
    # assigning remarks to a colleague is no change of an answer: still allowed
    assert answering.assign_comments(official, [b], official, None) == 1


def test_answers_before_the_report_still_work(official):
    consultation = make_consultation(official)
    (a,) = _remarks(consultation, 1)
    services.save_answer(official, a, "accepted", "Tak.", True, utcnow())
    db.session.commit()
    assert a.answer.published_at is not None
    _close_and_report(official, consultation)
    assert consultation.report.revisions[0].number == 1
    # a correction of the report itself stays possible, by a new revision with a reason
    services.publish_report(official, consultation, "Raport 2.", "Biuro", utcnow(), reason="Błąd.")
    db.session.commit()
    assert len(consultation.report.revisions) == 2


# --- pages ----------------------------------------------------------------------------------


def _url(consultation, tail=""):
    return f"/consultations/{consultation.id}/answers{tail}"


def test_the_answer_form_is_refused_with_the_typed_text_kept(client, auth, official, frozen):
    consultation, (a, b, c), _group, _pending, _data = frozen
    auth.login_as(official)
    page = client.get(f"/consultations/{consultation.id}/comments/{b.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert FROZEN_PL in html and 'id="answers-frozen"' in html
    assert f"/comments/{b.id}/answer" not in html  # the notice instead of the form
    refused = client.post(
        f"/consultations/{consultation.id}/comments/{b.id}/answer",
        data={"decision": "accepted", "justification": "Mój wpisany tekst.", "publish": "y"},
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert FROZEN_PL in html and "Mój wpisany tekst." in html
    _answers_unchanged(a, b, c)


def test_publishing_all_drafts_is_refused(client, auth, official, frozen):
    consultation, (a, b, c), _group, _pending, _data = frozen
    auth.login_as(official)
    manage = client.get(f"/consultations/{consultation.id}/manage").get_data(as_text=True)
    assert FROZEN_PL in manage and _url(consultation, "/publish") not in manage
    confirm = client.get(_url(consultation, "/publish")).get_data(as_text=True)
    assert FROZEN_PL in confirm and 'name="confirmed"' not in confirm
    refused = client.post(_url(consultation, "/publish"), data={"confirmed": "y"})
    assert refused.status_code == 302
    assert FROZEN_PL in client.get(refused.location).get_data(as_text=True)
    _answers_unchanged(a, b, c)


def test_the_queue_bulk_decision_and_publication_are_refused(client, auth, official, frozen):
    consultation, (a, b, c), _group, _pending, _data = frozen
    auth.login_as(official)
    queue = client.get(_url(consultation, "/queue")).get_data(as_text=True)
    assert FROZEN_PL in queue
    decided = client.post(
        _url(consultation, "/queue"),
        data={
            "action": "decide",
            "ids": [a.id, b.id],
            "decision": "accepted",
            "justification": "Wpisane dla wszystkich.",
        },
    )
    html = decided.get_data(as_text=True)
    assert decided.status_code == 400
    assert FROZEN_PL in html and "Wpisane dla wszystkich." in html
    asked = client.post(_url(consultation, "/queue"), data={"action": "publish", "ids": [a.id]})
    assert asked.status_code == 400 and FROZEN_PL in asked.get_data(as_text=True)
    published = client.post(
        _url(consultation, "/queue/publish"), data={"ids": [a.id], "confirmed": "y"}
    )
    assert published.status_code == 302
    assert FROZEN_PL in client.get(published.location).get_data(as_text=True)
    _answers_unchanged(a, b, c)


def test_the_group_answer_is_refused_with_the_typed_text_kept(client, auth, official, frozen):
    consultation, (a, b, c), group, _pending, _data = frozen
    auth.login_as(official)
    url = _url(consultation, f"/groups/{group.id}")
    page = client.get(url).get_data(as_text=True)
    assert FROZEN_PL in page and 'name="justification"' not in page
    refused = client.post(url, data={"decision": "accepted", "justification": "Dla grupy."})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert FROZEN_PL in html and "Dla grupy." in html
    _answers_unchanged(a, b, c)


def test_the_spreadsheet_import_is_refused(client, auth, official, frozen):
    consultation, (a, b, c), _group, pending, data = frozen
    auth.login_as(official)
    form = client.get(_url(consultation, "/import")).get_data(as_text=True)
    assert FROZEN_PL in form and 'type="file"' not in form
    uploaded = client.post(
        _url(consultation, "/import"),
        data={"file": (io.BytesIO(data), "odpowiedzi.xlsx")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 400 and FROZEN_PL in uploaded.get_data(as_text=True)
    preview_url = _url(consultation, f"/import/{pending.id}")
    preview = client.get(preview_url).get_data(as_text=True)
    assert FROZEN_PL in preview and 'name="confirmed"' not in preview
    applied = client.post(preview_url, data={"confirmed": "y"})
    assert applied.status_code == 409 and FROZEN_PL in applied.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AnswerImport, pending.id).applied_at is None
    assert db.session.scalar(select(func.count(Answer.id))) == 2
    _answers_unchanged(a, b, c)


def test_the_notice_reads_in_english(client, auth, frozen):
    consultation, (_a, b, _c), group, _pending, _data = frozen
    official = make_user(role=Role.OFFICIAL, locale="en")
    auth.login_as(official)
    page = client.get(f"/consultations/{consultation.id}/comments/{b.id}").get_data(as_text=True)
    assert FROZEN_EN in page
    refused = client.post(
        _url(consultation, f"/groups/{group.id}"),
        data={"decision": "accepted", "justification": "Typed."},
    )
    assert refused.status_code == 409 and FROZEN_EN in refused.get_data(as_text=True)
