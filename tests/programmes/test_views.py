"""Views of the programme of cooperation: the office's forms, bad input with values kept,
public pages, change notices, the report and its tables, queries per page."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import event, select

from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import export, services
from app.programmes.models import ChangeNotice, Programme, ProgrammeTask
from app.programmes.states import TaskStatus
from tests.exports import assert_names_the_site, csv_parts, save_custom_identity, xlsx_parts
from tests.factories import make_opportunity, make_organization, make_user
from tests.programmes.builders import make_funded_task, make_programme

PDF = b"%PDF-1.4\n% opinion\n"


def test_official_creates_and_adopts_a_programme(client, auth):
    official = make_user(role=Role.OFFICIAL)
    auth.login_as(official)
    response = client.post(
        "/programmes/new",
        data={"year": "2027", "title": "Program 2027", "priority_tasks": "Seniorzy\nKultura"},
    )
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme))
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Program 2027" in page and "Seniorzy" in page
    # the confirmation box is required; values are kept
    refused = client.post(
        f"/programmes/{programme.id}/adopt",
        data={"resolution_number": "XX/1/2026", "adopted_on": "2026-11-27"},
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'value="XX/1/2026"' in text
    done = client.post(
        f"/programmes/{programme.id}/adopt",
        data={"resolution_number": "XX/1/2026", "adopted_on": "2026-11-27", "confirm": "y"},
    )
    assert done.status_code == 302
    db.session.refresh(programme)
    assert programme.resolution_number == "XX/1/2026"
    assert client.get(f"/programmes/{programme.id}/adopt").status_code == 302  # only once


def test_year_taken_is_shown_at_the_field_with_values_kept(client, auth):
    official = make_user(role=Role.OFFICIAL)
    make_programme(official, year=2026)
    auth.login_as(official)
    response = client.post("/programmes/new", data={"year": "2026", "title": "Drugi program"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Drugi program" in text and 'aria-invalid="true"' in text


def test_opinion_is_attached_with_its_date_and_downloadable(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official, year=2027, adopted=False)
    auth.login_as(official)
    response = client.post(
        f"/programmes/{programme.id}/opinion",
        data={"opinion_on": "2026-10-20", "file": (io.BytesIO(PDF), "opinia.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(programme)
    assert programme.opinion_on == date(2026, 10, 20)
    auth.logout()
    download = client.get(f"/programmes/files/{programme.opinion_file_id}")
    assert download.data == PDF and "attachment" in download.headers["Content-Disposition"]


def test_spent_above_planned_without_note_keeps_the_values(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    auth.login_as(official)
    response = client.post(
        f"/programmes/tasks/{task.id}/edit",
        data={
            "status": "in_progress",
            "progress": "60",
            "planned_amount": "10 000",
            "spent_amount": "12 500,50",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "explain why in the note" in text or "wyjaśnij" in text.lower()
    assert 'value="12 500,50"' in text and 'value="60"' in text
    assert db.session.get(ProgrammeTask, task.id).spent_amount is None


def test_milestone_outside_the_year_keeps_the_values(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    auth.login_as(official)
    response = client.post(
        f"/programmes/tasks/{task.id}/milestones",
        data={"title": "Festyn", "due_on": "2027-02-01"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="Festyn"' in text
    assert 'value="2027-02-01"' in text and 'aria-invalid="true"' in text


def test_tracking_updates_grants_and_the_public_pages(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    organization = make_organization(name="Fundacja Pomocna")
    auth.login_as(official)
    assert (
        client.post(
            f"/programmes/{programme.id}/tasks/priorities", data={"area": "seniors"}
        ).status_code
        == 302
    )
    task = programme.tasks[0]
    client.post(f"/programmes/tasks/{task.id}/updates", data={"body": "Ruszył **nabór**."})
    client.post(
        f"/programmes/tasks/{task.id}/grants",
        data={
            "organization": str(organization.id),
            "opportunity": "0",
            "amount": "15000",
            "purpose": "Zajęcia ruchowe",
        },
    )
    client.post(
        f"/programmes/tasks/{task.id}/edit",
        data={
            "status": "in_progress",
            "progress": "30",
            "planned_amount": "20000",
            "spent_amount": "15000",
        },
    )
    auth.logout()
    page = client.get(f"/programmes/{programme.id}/implementation").get_data(as_text=True)
    assert "Wsparcie seniorów" in page and "<svg" in page and "Fundacja Pomocna" in page
    assert "15 000 zł" in page
    filtered = client.get(f"/programmes/{programme.id}/implementation?status=done").get_data(
        as_text=True
    )
    assert "Wsparcie seniorów" not in filtered.split("<h2", 2)[1]
    task_page = client.get(f"/programmes/tasks/{task.id}").get_data(as_text=True)
    assert "<strong>nabór</strong>" in task_page and "Zajęcia ruchowe" in task_page
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "programme_task.post_update",
        "programme_task.add_grant",
        "programme_task.update",
    } <= actions


def test_change_notice_thread_for_the_funded_organization_only(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official)
    other = make_organization()
    auth.login_as(other.memberships[0].user)
    refused = client.post(
        f"/programmes/tasks/{task.id}/notices/new",
        data={
            "organization": str(other.id),
            "kind": "budget",
            "description": "Zmiana linii",
            "justification": "Ceny",
        },
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Zmiana linii" in text and "Ceny" in text
    assert db.session.scalar(select(ChangeNotice)) is None
    auth.login_as(funded.memberships[0].user)
    sent = client.post(
        f"/programmes/tasks/{task.id}/notices/new",
        data={
            "organization": str(funded.id),
            "kind": "schedule",
            "description": "Przesunięcie",
            "justification": "Remont sali",
        },
    )
    assert sent.status_code == 302
    notice = db.session.scalar(select(ChangeNotice))
    auth.login_as(other.memberships[0].user)
    assert client.get(f"/programmes/notices/{notice.id}").status_code == 404
    auth.login_as(official)
    empty = client.post(f"/programmes/notices/{notice.id}/answer", data={"reason": "Zgoda"})
    assert empty.status_code == 200 and "Zgoda" in empty.get_data(as_text=True)
    client.post(
        f"/programmes/notices/{notice.id}/answer",
        data={"answer": "accepted", "reason": "Zgoda na nowy termin."},
    )
    auth.login_as(funded.memberships[0].user)
    thread = client.get(f"/programmes/notices/{notice.id}").get_data(as_text=True)
    assert "Zgoda na nowy termin." in thread and "Remont sali" in thread


def test_report_generated_edited_refused_early_then_published_with_tables(client, auth):
    official = make_user(role=Role.OFFICIAL)
    year = services.local_today(utcnow()).year
    current = make_programme(official, year=year)
    past = make_programme(official, year=year - 1)
    task = make_funded_task(programme=past, official=official)
    services.update_task(
        official,
        task,
        services.TaskProgress(
            TaskStatus.DONE, 100, planned_amount=Decimal("20000"), spent_amount=Decimal("19500.50")
        ),
        utcnow(),
    )
    db.session.commit()
    auth.login_as(official)
    draft = client.get(f"/programmes/{past.id}/report/edit").get_data(as_text=True)
    assert "Wsparcie seniorów" in draft
    client.post(
        f"/programmes/{past.id}/report/edit",
        data={"text": "## Wstęp\nRok współpracy.", "prepared_by": "Wydział Spraw Społecznych"},
    )
    # the programme of this year: publication refused before 1 January, message at the box
    client.post(f"/programmes/{current.id}/report/edit", data={"text": "x", "prepared_by": "W"})
    early = client.post(f"/programmes/{current.id}/report/publish", data={"confirm": "y"})
    assert early.status_code == 200 and str(year + 1) in early.get_data(as_text=True)
    assert db.session.get(Programme, current.id).reports[0].published_at is None
    assert (
        client.post(f"/programmes/{past.id}/report/publish", data={"confirm": "y"}).status_code
        == 302
    )
    auth.logout()
    page = client.get(f"/programmes/{past.id}/report").get_data(as_text=True)
    assert "Rok współpracy." in page and "Wydział Spraw Społecznych" in page
    printable = client.get(f"/programmes/{past.id}/report?print=1").get_data(as_text=True)
    assert "report-print" in printable and "Sporządził" in printable  # BIP metadata on A4
    assert client.get(f"/programmes/{current.id}/report").status_code == 404
    save_custom_identity()  # the downloads name the site from its settings (issue 16)
    data = client.get(f"/programmes/{past.id}/report/tasks.csv")
    text = data.get_data(as_text=True)
    assert text.startswith("\ufeff")
    about, rows = csv_parts(text)  # the metryka first (issue 16), then the table
    assert rows[1][0] == "Wsparcie seniorów" and rows[1][5] == "19500,50"
    assert about["Program"] == past.title
    assert_names_the_site(about)
    xlsx = client.get(f"/programmes/{past.id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.data))
    assert len(book.sheetnames) == len(export.TABLES) + 1 and book.sheetnames[-1] == "Metryka"
    assert_names_the_site(xlsx_parts(xlsx.data)[0])


def test_english_page(client):
    programme = make_programme()
    client.set_cookie("locale", "en")
    page = client.get(f"/programmes/{programme.id}?lang=en", headers={"Accept-Language": "en"})
    assert page.status_code == 200


def test_implementation_page_queries_do_not_grow_with_tasks(client):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    make_funded_task(programme=programme, official=official)

    def count_queries() -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        url = f"/programmes/{programme.id}/implementation"
        db.session.expire_all()  # every request starts from an empty identity map
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    count_queries()  # warm up: the first request fills caches (menus, footer)
    before = count_queries()
    for number in range(3):
        extra = ProgrammeTask(
            programme=programme,
            source="priority",
            title=f"Zadanie {number}",
            area=task_area(),
            planned_amount=Decimal(1000),
            status="in_progress",
        )
        db.session.add(extra)
        db.session.flush()
        services.add_grant(
            official, extra, make_organization(), Decimal(500), "Cel", make_opportunity(), 2
        )
        services.add_milestone(official, extra, "Etap", date(2026, 5, 1), None)
        services.post_update(official, extra, "Aktualizacja", None, utcnow())
        db.session.commit()
    assert count_queries() == before


def task_area():
    from app.organizations.models import PublicBenefitArea

    return db.session.scalar(
        select(PublicBenefitArea).where(PublicBenefitArea.code == "culture-heritage")
    )


def test_update_attachment_is_public_and_a_notice_attachment_private(client, auth):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    task = make_funded_task(organization=funded, official=official)
    auth.login_as(official)
    client.post(
        f"/programmes/tasks/{task.id}/updates",
        data={"body": "Protokół odbioru.", "file": (io.BytesIO(PDF), "protokol.pdf")},
        content_type="multipart/form-data",
    )
    update_file = db.session.get(ProgrammeTask, task.id).updates[0].file_id
    auth.login_as(funded.memberships[0].user)
    client.post(
        f"/programmes/tasks/{task.id}/notices/new",
        data={
            "organization": str(funded.id),
            "kind": "budget",
            "description": "Zmiana",
            "justification": "Ceny",
            "file": (io.BytesIO(PDF), "kosztorys.pdf"),
        },
        content_type="multipart/form-data",
    )
    notice_file = db.session.scalar(select(ChangeNotice)).file_id
    assert client.get(f"/programmes/files/{notice_file}").status_code == 200
    auth.login_as(official)
    assert client.get(f"/programmes/files/{notice_file}").status_code == 200
    auth.login_as(make_organization().memberships[0].user)
    assert client.get(f"/programmes/files/{notice_file}").status_code == 404
    auth.logout()
    assert client.get(f"/programmes/files/{notice_file}").status_code == 404
    assert client.get(f"/programmes/files/{update_file}").data == PDF


def test_a_renamed_file_is_refused_with_the_text_kept(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    auth.login_as(official)
    response = client.post(
        f"/programmes/tasks/{task.id}/updates",
        data={"body": "Zdjęcia z festynu.", "file": (io.BytesIO(PDF), "zdjecie.png")},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Zdjęcia z festynu." in text
    assert db.session.get(ProgrammeTask, task.id).updates == []
