"""Issue 14 gaps: milestones, grants and tasks corrected or removed (audited, values kept on
bad input), change-notice threads with further messages from both sides, the report draft's
answers by decision, and the task and thread pages' queries constant in data size."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.money import money
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.programmes import report, services
from app.programmes.models import ChangeNotice, Grant, Milestone, NoticeReply
from app.programmes.states import NoticeAnswer, NoticeKind
from tests.factories import make_organization, make_user
from tests.programmes.builders import make_funded_task

PDF = b"%PDF-1.4\n% annex\n"


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _notified(kind: str) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_a_milestone_is_reached_later_and_its_dates_stay_in_the_year(app):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    milestone = services.add_milestone(official, task, "Nabór", date(2026, 3, 1), None)
    services.edit_milestone(official, milestone, "Nabór uczestników", date(2026, 3, 8), None)
    with pytest.raises(services.MilestoneReachedOutsideYear):
        services.edit_milestone(official, milestone, "Nabór", date(2026, 3, 8), date(2027, 1, 2))
    with pytest.raises(services.MilestoneOutsideYear):
        services.edit_milestone(official, milestone, "Nabór", date(2025, 12, 31), None)
    services.edit_milestone(official, milestone, "Nabór", date(2026, 3, 8), date(2026, 3, 10))
    db.session.commit()
    assert milestone.done_on == date(2026, 3, 10)
    [entry, *_rest] = _audit("programme_task.edit_milestone")
    assert entry.details["milestone"] == "Nabór uczestników"
    with pytest.raises(services.ReasonForRemovalRequired):
        services.remove_milestone(official, milestone, "  ")
    services.remove_milestone(official, milestone, "Wpisany dwa razy")
    db.session.commit()
    assert db.session.scalar(select(Milestone)) is None
    [removed] = _audit("programme_task.remove_milestone")
    assert removed.reason == "Wpisany dwa razy" and removed.details["milestone"] == "Nabór"


def test_milestone_edit_page_keeps_values_and_shows_the_reached_date(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    milestone = services.add_milestone(official, task, "Etap", date(2026, 5, 1), None)
    db.session.commit()
    auth.login_as(official)
    url = f"/programmes/milestones/{milestone.id}/edit"
    assert 'value="Etap"' in client.get(url).get_data(as_text=True)
    refused = client.post(
        url, data={"title": "Etap pierwszy", "due_on": "2026-05-01", "done_on": "2027-02-01"}
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert 'value="Etap pierwszy"' in text and 'value="2027-02-01"' in text
    assert "okresie programu" in text or "programme's period" in text
    done = client.post(
        url, data={"title": "Etap pierwszy", "due_on": "2026-05-01", "done_on": "2026-05-04"}
    )
    assert done.status_code == 302
    page = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "Etap pierwszy" in page and "4 maja 2026" in page


def test_a_mistaken_grant_is_corrected_then_removed_after_a_confirmation(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official, amount="20000")
    grant = task.grants[0]
    auth.login_as(official)
    form = client.get(f"/programmes/grants/{grant.id}/edit").get_data(as_text=True)
    assert "Warsztaty" in form
    corrected = client.post(
        f"/programmes/grants/{grant.id}/edit",
        data={
            "organization": str(funded.id),
            "opportunity": str(grant.opportunity_id),
            "amount": "18 500,00",
            "purpose": "Warsztaty dla seniorów",
            "offers_received": "4",
        },
    )
    assert corrected.status_code == 302
    db.session.expire_all()
    assert db.session.get(Grant, grant.id).amount == Decimal("18500.00")
    [entry] = _audit("programme_task.edit_grant")
    assert entry.details["amount"] == "18500.00" and "20000" in entry.details["before"]
    confirm = client.get(f"/programmes/grants/{grant.id}/remove").get_data(as_text=True)
    assert money(Decimal("18500")) in confirm and "Warsztaty dla seniorów" in confirm
    kept = client.post(f"/programmes/grants/{grant.id}/remove", data={"reason": "Pomyłka"})
    assert kept.status_code == 200 and "Pomyłka" in kept.get_data(as_text=True)
    assert db.session.get(Grant, grant.id) is not None
    gone = client.post(
        f"/programmes/grants/{grant.id}/remove", data={"reason": "Zła organizacja", "confirm": "y"}
    )
    assert gone.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Grant)) is None
    [removed] = _audit("programme_task.remove_grant")
    assert removed.reason == "Zła organizacja" and removed.details["organization"] == funded.name
    # no longer funded: the organization files no change notice on the task
    with pytest.raises(services.NotFundedOrganization):
        services.file_notice(
            funded.memberships[0].user, task, funded, NoticeKind.BUDGET, "a", "b", None, utcnow()
        )


def test_task_area_and_dropped_status_with_reason_kept_on_bad_input(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    auth.login_as(official)
    data = {"status": "dropped", "progress": "30", "area": "culture-heritage", "drop_reason": ""}
    refused = client.post(f"/programmes/tasks/{task.id}/edit", data=data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'value="30"' in text
    assert re.search(r'<option selected value="culture-heritage"', text)
    saved = client.post(
        f"/programmes/tasks/{task.id}/edit", data=data | {"drop_reason": "Brak chętnych"}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    task = db.session.get(type(task), task.id)
    assert (task.status, task.drop_reason, task.area.code) == (
        "dropped",
        "Brak chętnych",
        "culture-heritage",
    )
    unknown = client.post(f"/programmes/tasks/{task.id}/edit", data=data | {"area": "moon"})
    assert unknown.status_code == 200


def test_a_thread_goes_on_annex_asked_sent_and_answered_again(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    other = make_organization()
    task = make_funded_task(organization=funded, official=official)
    representative = funded.memberships[0].user
    notice = services.file_notice(
        representative, task, funded, NoticeKind.BUDGET, "Przesunięcie", "Ceny", None, utcnow()
    )
    services.answer_notice(
        official, notice, NoticeAnswer.NEEDS_ANNEX, "Potrzebny aneks.", utcnow(), _in(7)
    )
    db.session.commit()
    today = services.local_today(utcnow())
    auth.login_as(official)
    past = client.post(
        f"/programmes/notices/{notice.id}/reply",
        data={"body": "Prosimy o aneks.", "due_on": (today - timedelta(days=1)).isoformat()},
    )
    assert past.status_code == 200 and "Prosimy o aneks." in past.get_data(as_text=True)
    assert db.session.scalar(select(NoticeReply)) is None
    asked = client.post(
        f"/programmes/notices/{notice.id}/reply",
        data={"body": "Prosimy o aneks.", "due_on": (today + timedelta(days=7)).isoformat()},
    )
    assert asked.status_code == 302
    assert _notified("change_notice.replied") == {representative.id}
    auth.login_as(representative)
    page = client.get(f"/programmes/notices/{notice.id}").get_data(as_text=True)
    assert "Prosimy o aneks." in page and "Potrzebny aneks." in page
    assert 'name="answer"' not in page  # the decision is the office's
    sent = client.post(
        f"/programmes/notices/{notice.id}/reply",
        data={"body": "W załączeniu aneks.", "file": (io.BytesIO(PDF), "aneks.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    annex = db.session.scalars(select(NoticeReply).order_by(NoticeReply.id)).all()[-1]
    assert annex.side == "organization" and annex.due_on == today + timedelta(days=14)
    assert official.id in _notified("change_notice.replied")
    assert client.get(f"/programmes/files/{annex.file_id}").data == PDF
    auth.login_as(other.memberships[0].user)
    assert client.get(f"/programmes/files/{annex.file_id}").status_code == 404
    assert client.post(f"/programmes/notices/{notice.id}/reply", data={}).status_code == 404
    auth.login_as(official)
    client.post(
        f"/programmes/notices/{notice.id}/reply",
        data={"body": "Aneks podpisany.", "answer": "accepted"},
    )
    db.session.expire_all()
    notice = db.session.get(ChangeNotice, notice.id)
    assert notice.current_answer == "accepted" and notice.answer == "needs_annex"
    assert notice.waiting is None
    thread = client.get(f"/programmes/notices/{notice.id}").get_data(as_text=True)
    for text in ("Potrzebny aneks.", "Prosimy o aneks.", "W załączeniu aneks.", "Aneks podpisany."):
        assert text in thread
    assert len(_audit("change_notice.reply")) == 3
    assert len(_audit("change_notice.file")) == 1
    task_page = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "3 kolejne wiadomości" in task_page or "3 further messages" in task_page


def test_the_thread_says_who_owes_the_next_word_and_by_when(app):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official)
    notice = services.file_notice(
        funded.memberships[0].user, task, funded, NoticeKind.SCOPE, "a", "b", None, utcnow()
    )
    assert notice.waiting == ("office", notice.answer_due_on)
    services.answer_notice(official, notice, NoticeAnswer.NEEDS_ANNEX, "Aneks.", utcnow(), _in(3))
    # the first answer asks for the annex: the organization owes it by the day set
    assert notice.waiting == ("organization", _in(3))
    day = services.local_today(utcnow()) + timedelta(days=5)
    services.reply_to_notice(official, notice, "Do piątku.", None, utcnow(), due_on=day)
    assert notice.waiting == ("organization", day)
    with pytest.raises(services.EmptyReply):
        services.reply_to_notice(funded.memberships[0].user, notice, " ", None, utcnow())


def test_report_draft_lists_the_answers_by_decision(app):
    from app.programmes.queries import ConsultationRow, ReportData

    with app.test_request_context():
        text = report.decisions_text({"rejected": 3, "accepted": 2, "partly_accepted": 1})
        assert report.decisions_text({}) == ""
        row = ConsultationRow(type("C", (), {"title": "Konsultacje programu"})(), 7, 6, {})
        row.decisions = {"accepted": 2, "partly_accepted": 1, "rejected": 3}
        data = ReportData([], {}, Decimal(0), Decimal(0), [], {}, [], [], [row], [])
        programme = type("P", (), {"goals_md": "Cele"})()
        draft = report.draft_text(programme, data)
    assert text == " (Uwzględniona: 2, Częściowo uwzględniona: 1, Nieuwzględniona: 3)"
    assert "Konsultacje programu" in draft and text in draft


def _count(client, url: str) -> int:
    statements: list[str] = []

    def record(*args):
        statements.append(args[2])

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_task_and_thread_pages_queries_do_not_grow(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official)
    notice = services.file_notice(
        funded.memberships[0].user, task, funded, NoticeKind.SCOPE, "a", "b", None, utcnow()
    )
    services.answer_notice(official, notice, NoticeAnswer.NEEDS_ANNEX, "Aneks.", utcnow(), _in(3))
    db.session.commit()
    auth.login_as(official)
    pages = [f"/programmes/tasks/{task.id}", f"/programmes/notices/{notice.id}"]
    for url in pages:
        _count(client, url)  # warm up
    before = [_count(client, url) for url in pages]
    for number in range(3):
        other = make_organization()
        services.add_grant(official, task, other, Decimal(100), f"Cel {number}", None, None)
        services.add_milestone(official, task, f"Etap {number}", date(2026, 6, 1), None)
        services.post_update(official, task, f"Wpis {number}", None, utcnow())
        services.reply_to_notice(official, notice, f"Pytanie {number}", None, utcnow())
        services.reply_to_notice(
            funded.memberships[0].user, notice, f"Odpowiedź {number}", None, utcnow()
        )
        db.session.commit()
    assert [_count(client, url) for url in pages] == before


def test_programme_report_and_office_pages_queries_do_not_grow(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    programme = task.programme
    services.save_report(official, programme, "Sprawozdanie", "Wydział", utcnow())
    services.add_milestone(official, task, "Start", date(2026, 2, 1), None)
    services.post_update(official, task, "Początek", None, utcnow())  # every relation present
    db.session.commit()
    auth.login_as(official)
    pages = [
        f"/programmes/{programme.id}",
        f"/programmes/{programme.id}/report",
        f"/programmes/{programme.id}/tasks",
        f"/programmes/tasks/{task.id}/manage",
        "/programmes/",
    ]
    for url in pages:
        _count(client, url)  # warm up
    before = [_count(client, url) for url in pages]
    for number in range(3):
        services.add_grant(
            official, task, make_organization(), Decimal(100), f"Cel {number}", None, 1
        )
        services.add_milestone(official, task, f"Etap {number}", date(2026, 6, 1), None)
        services.post_update(official, task, f"Wpis {number}", None, utcnow())
        db.session.commit()
    assert [_count(client, url) for url in pages] == before


def test_a_task_tracked_by_mistake_is_removed_but_not_one_with_records(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_funded_task(official=official)  # has a grant: stays on record
    programme = funded.programme
    mistaken = [t for t in programme.tasks if not t.grants][0]
    services.add_milestone(official, mistaken, "Etap", date(2026, 4, 1), None)
    db.session.commit()
    auth.login_as(official)
    kept = client.post(
        f"/programmes/tasks/{funded.id}/remove", data={"reason": "Pomyłka", "confirm": "y"}
    )
    text = kept.get_data(as_text=True)
    assert kept.status_code == 200 and "Pomyłka" in text
    assert "pozostaje w rejestrze" in text
    assert db.session.get(type(funded), funded.id) is not None
    page = client.get(f"/programmes/tasks/{mistaken.id}/remove").get_data(as_text=True)
    assert mistaken.title in page
    gone = client.post(
        f"/programmes/tasks/{mistaken.id}/remove",
        data={"reason": "Wybrano złe zadanie", "confirm": "y"},
    )
    assert gone.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(mistaken), mistaken.id) is None
    assert db.session.scalar(select(Milestone)) is None
    [entry] = _audit("programme_task.remove")
    assert entry.reason == "Wybrano złe zadanie" and entry.details["task"] == mistaken.title


def _in(days: int):
    """The local day ``days`` from today."""
    return services.local_today(utcnow()) + timedelta(days=days)
