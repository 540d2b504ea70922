"""Issue 14 gap: an official corrects a tracked task's title, area and plan and a posted
update's text after saving them; the rules of the create path still hold, what was typed is
kept on bad input, each correction is audited with its old and new values, and a corrected
update is marked publicly (its followers are not notified again)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import FollowTarget, Notification
from app.notifications.services import follow
from app.programmes import services
from app.programmes.models import ProgrammeTask, TaskUpdate
from app.programmes.states import TaskSource, TaskStatus
from tests.factories import make_organization, make_user
from tests.programmes.builders import make_funded_task


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _spent(official, task, amount: str, note: str = "") -> None:
    services.update_task(
        official,
        task,
        services.TaskProgress(
            TaskStatus.IN_PROGRESS,
            50,
            planned_amount=task.planned_amount,
            spent_amount=Decimal(amount),
            spent_note=note,
        ),
        utcnow(),
    )
    db.session.commit()


def _notifications() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.kind == "programme_task.updated")
    )


def test_a_task_is_corrected_with_the_create_rules_and_audited(app):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    services.correct_task(
        official,
        task,
        services.TaskDetails(" Wsparcie seniorek i seniorów ", "culture-heritage", Decimal(900)),
        utcnow(),
    )
    db.session.commit()
    assert task.title == "Wsparcie seniorek i seniorów" and task.area.code == "culture-heritage"
    assert task.source == TaskSource.PRIORITY and task.planned_amount == Decimal(900)
    [entry] = _audit("programme_task.correct")
    assert entry.details == {
        "title": "Wsparcie seniorek i seniorów",
        "before_title": "Wsparcie seniorów",
        "area": "culture-heritage",
        "before_area": "seniors",
        "planned": "900.00",
        "before_planned": "",
    }
    with pytest.raises(services.EmptyTitle):
        services.correct_task(official, task, services.TaskDetails("  "), utcnow())
    with pytest.raises(services.UnknownArea):
        services.correct_task(official, task, services.TaskDetails("Zadanie", "moon"), utcnow())
    # more was spent than the corrected plan: refused until the note on spending says why
    _spent(official, task, "800")
    with pytest.raises(services.SpentAboveWithoutNote):
        services.correct_task(
            official, task, services.TaskDetails(task.title, "", Decimal(700)), utcnow()
        )
    _spent(official, task, "800", note="Droższe sale.")
    services.correct_task(
        official, task, services.TaskDetails(task.title, "", Decimal(700)), utcnow()
    )
    assert task.planned_amount == Decimal(700) and task.area is None
    # nothing changed: nothing audited
    services.correct_task(
        official, task, services.TaskDetails(task.title, "", Decimal(700)), utcnow()
    )
    assert len(_audit("programme_task.correct")) == 2
    with pytest.raises(services.NotAllowed):
        services.correct_task(make_user(), task, services.TaskDetails("X"), utcnow())


def test_a_corrected_priority_title_keeps_its_line_tracked(app):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    programme = task.programme
    services.correct_task(official, task, services.TaskDetails("Seniorzy aktywni"), utcnow())
    # both lines were tracked by the builder; the corrected one is not tracked again
    assert services.track_priority_tasks(official, programme, None, utcnow()) == []
    assert len(programme.tasks) == 2


def test_the_task_correction_page_keeps_the_values_and_shows_the_rule(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    _spent(official, task, "5000")
    auth.login_as(official)
    url = f"/programmes/tasks/{task.id}/correct"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Wsparcie seniorów"' in form
    assert '<option selected value="seniors"' in form
    data = {"title": "Wsparcie seniorek", "area": "seniors", "planned_amount": "4 000,50"}
    refused = client.post(url, data=data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert 'value="Wsparcie seniorek"' in text and 'value="4 000,50"' in text
    assert "Wydano już więcej niż ta kwota" in text
    empty = client.post(url, data=data | {"title": " ", "planned_amount": "-5"})
    text = empty.get_data(as_text=True)
    assert empty.status_code == 200 and "Wpisz tytuł." in text and 'value="-5"' in text
    db.session.expire_all()
    assert db.session.get(ProgrammeTask, task.id).title == "Wsparcie seniorów"
    saved = client.post(url, data=data | {"planned_amount": "6 000"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        f"/programmes/tasks/{task.id}/manage"
    )
    page = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "Wsparcie seniorek" in page
    [entry] = _audit("programme_task.correct")
    assert entry.details["before_planned"] == "" and entry.details["planned"] == "6000.00"


def test_an_update_is_corrected_sanitised_audited_and_not_sent_again(app):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    task = make_funded_task(organization=organization, official=official)
    follow(make_user(), FollowTarget.PROGRAMME_TASK, task.id, utcnow())
    update = services.post_update(official, task, "Odbyły się warsztay.", None, utcnow())
    db.session.commit()
    sent = _notifications()
    assert sent == 2 and update.edited_at is None
    services.edit_update(
        official, update, "Odbyły się **warsztaty**.<script>alert(1)</script>", utcnow()
    )
    db.session.commit()
    assert update.body_html.startswith("<p>Odbyły się <strong>warsztaty</strong>.")
    assert "<script" not in update.body_html and update.edited_at is not None
    assert _notifications() == sent
    [entry] = _audit("programme_task.edit_update")
    assert entry.object_id == task.id and entry.details["update"] == update.id
    assert entry.details["before"] == "Odbyły się warsztay."
    assert entry.details["body"].startswith("Odbyły się **warsztaty**.")
    with pytest.raises(services.EmptyUpdate):
        services.edit_update(official, update, " \n ", utcnow())
    with pytest.raises(services.NotAllowed):
        services.edit_update(organization.memberships[0].user, update, "Nowe", utcnow())


def test_the_update_correction_page_and_the_public_marker(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    update = services.post_update(official, task, "Warsztay w marcu.", None, utcnow())
    db.session.commit()
    auth.login_as(official)
    manage = client.get(f"/programmes/tasks/{task.id}/manage").get_data(as_text=True)
    assert f"/programmes/updates/{update.id}/edit" in manage
    url = f"/programmes/updates/{update.id}/edit"
    assert "Warsztay w marcu.</textarea>" in client.get(url).get_data(as_text=True)
    too_long = "Warsztaty " + "x" * 20000
    refused = client.post(url, data={"body": too_long})
    assert refused.status_code == 200 and too_long in refused.get_data(as_text=True)
    empty = client.post(url, data={"body": "  "})
    assert empty.status_code == 200 and "Wpisz treść informacji." in empty.get_data(as_text=True)
    public = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "poprawiono" not in public
    saved = client.post(url, data={"body": "Warsztaty w marcu."})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(TaskUpdate, update.id).body_md == "Warsztaty w marcu."
    auth.logout()
    public = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "Warsztaty w marcu." in public and "(<time" in public and "poprawiono " in public
    client.get("/language/en")
    english = client.get(f"/programmes/tasks/{task.id}")
    assert "edited " in english.get_data(as_text=True)


def test_missing_task_or_update_is_404_and_others_403(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    update = services.post_update(official, task, "Tekst.", None, utcnow())
    db.session.commit()
    auth.login_as(make_user())
    assert client.get(f"/programmes/updates/{update.id}/edit").status_code == 403
    assert client.post(f"/programmes/tasks/{task.id}/correct", data={}).status_code == 403
    auth.login_as(official)
    assert client.get("/programmes/tasks/999999/correct").status_code == 404
    assert client.get("/programmes/updates/999999/edit").status_code == 404
    assert client.post("/programmes/updates/999999/edit", data={"body": "x"}).status_code == 404
