"""The implementation report once published: a snapshot of its text and tables that later
changes of the data do not touch; corrections as dated revisions with a public reason, through
a confirmation page; one report per year of a multi-year programme; every table downloadable
as on the page; the migration of the reports kept on the programme."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import event, select

from app import create_app
from app.auth.models import Role
from app.common.models import AuditEntry
from app.common.money import format_money
from app.common.revisions import MissingCorrectionReason
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import export, services, timeline
from app.programmes.models import Programme, ProgrammeReport
from app.programmes.states import Step, StepState, TaskStatus
from app.site.reminders import programme_deadlines
from config import TestingConfig
from tests.factories import make_user
from tests.programmes.builders import make_funded_task, make_programme

#: The migration of this change (programme_reports, programme_report_revisions).
REVISION = "3e9b6c1d7a52"


def _spend(official, task, spent: str) -> None:
    services.update_task(
        official,
        task,
        services.TaskProgress(
            TaskStatus.IN_PROGRESS,
            50,
            planned_amount=Decimal("20000"),
            spent_amount=Decimal(spent),
        ),
        utcnow(),
    )
    db.session.commit()


def _published(official, spent="1000.00"):
    """A 2025 programme with a funded task that spent ``spent``, its report published."""
    task = make_funded_task(programme=make_programme(official, year=2025), official=official)
    _spend(official, task, spent)
    services.save_report(official, task.programme, "## Wstęp\nRok 2025.", "Wydział", utcnow())
    services.publish_report(official, task.programme, utcnow())
    db.session.commit()
    return task


def _zl(amount: str) -> str:
    """An amount as the Polish page writes it ("1 000 zł")."""
    return format_money(Decimal(amount), "pl")


def _csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    return rows[rows.index([]) + 1 :]  # the table after the metryka


def _xlsx_tasks(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.data))
    return list(book.worksheets[0].iter_rows(values_only=True))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action)))


def test_a_published_report_keeps_its_figures_when_the_data_change(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = _published(official, "1000.00")
    programme = task.programme
    _spend(official, task, "7777.00")  # after publication
    page = client.get(f"/programmes/{programme.id}/report").get_data(as_text=True)
    assert _zl("1000") in page and "7777" not in page and "7 777" not in page
    printable = client.get(f"/programmes/{programme.id}/report?print=1").get_data(as_text=True)
    assert _zl("1000") in printable and "7 777" not in printable
    rows = _csv_rows(client.get(f"/programmes/{programme.id}/report/tasks.csv"))
    assert rows[1][5] == "1000,00"
    sheet = _xlsx_tasks(client.get(f"/programmes/{programme.id}/report.xlsx"))
    assert sheet[1][5] == 1000.0
    # the stored snapshot, not the live data
    report = db.session.scalar(select(ProgrammeReport).where(ProgrammeReport.year == 2025))
    assert report.revisions[0].snapshot["tasks"][0]["spent"] == "1000.00"


def test_the_text_of_a_published_report_is_not_edited(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = _published(official).programme
    with pytest.raises(services.ReportAlreadyPublished):
        services.save_report(official, programme, "Inny tekst", "Wydział", utcnow())
    with pytest.raises(services.ReportAlreadyPublished):
        services.publish_report(official, programme, utcnow())
    db.session.rollback()
    auth.login_as(official)
    sent = client.post(
        f"/programmes/{programme.id}/report/edit", data={"text": "Inny", "prepared_by": "X"}
    )
    assert sent.status_code == 302 and sent.location.endswith(
        f"/programmes/{programme.id}/report/2025/correct"
    )
    page = client.get(f"/programmes/{programme.id}/report").get_data(as_text=True)
    assert (
        "Inny" not in page and "Edit the report" not in page and "Edytuj sprawozdanie" not in page
    )
    assert f"/programmes/{programme.id}/report/correct" in page  # the correction instead


def test_a_correction_needs_a_reason_and_publishes_the_new_figures_with_a_notice(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = _published(official, "1000.00")
    programme = task.programme
    with pytest.raises(MissingCorrectionReason):
        services.correct_report(official, programme, "Tekst", "Wydział", "  ", utcnow())
    db.session.rollback()
    _spend(official, task, "1500.00")
    auth.login_as(official)
    url = f"/programmes/{programme.id}/report/correct"
    form = client.get(url).get_data(as_text=True)
    assert "Rok 2025." in form  # the published text to start from
    # no reason: the form again, with the text kept and the message at the field
    missing = client.post(
        url, data={"text": "Rok 2025 po korekcie.", "prepared_by": "Wydział", "step": "preview"}
    ).get_data(as_text=True)
    assert "Rok 2025 po korekcie." in missing and 'value="confirm"' not in missing
    assert "is-invalid" in missing  # the message at the reason field
    values = {
        "text": "Rok 2025 po korekcie.",
        "prepared_by": "Wydział",
        "reason": "Rozliczono dotację.",
    }
    confirm = client.post(url, data={**values, "step": "preview"}).get_data(as_text=True)
    assert "Rozliczono dotację." in confirm and 'value="confirm"' in confirm
    unticked = client.post(url, data={**values, "step": "confirm"})
    assert unticked.status_code == 200
    assert len(db.session.get(Programme, programme.id).reports[0].revisions) == 1
    done = client.post(url, data={**values, "step": "confirm", "confirmed": "y"})
    assert done.status_code == 302
    assert "programme.report_revise" in _actions()
    auth.logout()
    page = client.get(f"/programmes/{programme.id}/report").get_data(as_text=True)
    assert _zl("1500") in page and "Rok 2025 po korekcie." in page
    assert "Rozliczono dotację." in page  # the notice and the history
    assert f"/programmes/{programme.id}/report/2025/revisions/1" in page
    earlier = client.get(f"/programmes/{programme.id}/report/2025/revisions/1")
    text = earlier.get_data(as_text=True)
    assert _zl("1000") in text and "Rok 2025." in text and _zl("1500") not in text
    rows = _csv_rows(client.get(f"/programmes/{programme.id}/report/tasks.csv"))
    assert rows[1][5] == "1500,00"


def test_a_two_year_programme_has_a_report_for_each_year(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official, year=2025, end_year=2026)
    assert [r.year for r in programme.reports] == [2025, 2026]
    dates = timeline.ProgrammeDates(year=2025, end_year=2026)
    reports = [s for s in timeline.steps(dates, date(2026, 3, 1)) if s.step == Step.REPORT]
    assert [(s.year, s.due, s.state) for s in reports] == [
        (2025, date(2026, 5, 31), StepState.DUE),
        (2026, date(2027, 5, 31), StepState.WAITING),
    ]
    with pytest.raises(services.NotAYearOfTheProgramme):
        services.save_report(official, programme, "x", "W", utcnow())  # which year?
    in_2026 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for year in (2025, 2026):
        services.save_report(official, programme, f"Rok {year}", "W", in_2026, year=year)
    services.publish_report(official, programme, in_2026, year=2025)
    with pytest.raises(services.ReportTooEarly):
        services.publish_report(official, programme, in_2026, year=2026)
    services.publish_report(official, programme, datetime(2027, 1, 2, 9, tzinfo=UTC), year=2026)
    db.session.commit()
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "(2025)" in page and "(2026)" in page  # a report step per year
    assert client.get(f"/programmes/{programme.id}/report/2025").status_code == 200
    assert "Rok 2026" in client.get(f"/programmes/{programme.id}/report/2026").get_data(
        as_text=True
    )
    assert client.get(f"/programmes/{programme.id}/report/2027").status_code == 404


def test_each_year_report_is_reminded_before_its_own_deadline(app):
    official = make_user(role=Role.OFFICIAL)
    make_programme(official, year=2025, end_year=2026)
    assert programme_deadlines(datetime(2026, 5, 20, 9, tzinfo=UTC)) == 1
    assert programme_deadlines(datetime(2026, 5, 21, 9, tzinfo=UTC)) == 0  # once
    assert programme_deadlines(datetime(2027, 5, 20, 9, tzinfo=UTC)) == 1  # the second year


def test_early_publication_names_the_day_in_polish(client, auth):
    official = make_user(role=Role.OFFICIAL)
    year = services.local_today(utcnow()).year
    programme = make_programme(official, year=year)
    services.save_report(official, programme, "Tekst", "W", utcnow())
    db.session.commit()
    auth.login_as(official)
    page = client.post(
        f"/programmes/{programme.id}/report/publish", data={"confirm": "y"}
    ).get_data(as_text=True)
    assert f"1 stycznia {year + 1}" in page and f"{year + 1}-01-01" not in page


def test_every_table_downloads_as_on_the_page(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = _published(official, "1234.50").programme
    page = unescape(client.get(f"/programmes/{programme.id}/report").get_data(as_text=True))
    assert "Podmiot udostępniający" in page  # the BIP metadata line of the publishing body
    book = load_workbook(io.BytesIO(client.get(f"/programmes/{programme.id}/report.xlsx").data))
    for index, name in enumerate(export.TABLES):
        response = client.get(f"/programmes/{programme.id}/report/{name}.csv")
        assert response.status_code == 200, name
        rows = _csv_rows(response)
        assert rows[0] == [c.value for c in book.worksheets[index][1]], name
        for row in rows[1:]:
            for cell in row:
                if cell and not re.fullmatch(r"\d+(,\d+)?", cell):
                    assert cell in page, (name, cell)
                elif cell and "," in cell:  # an amount: on the page as money
                    assert _zl(cell.replace(",", ".")) in page, (name, cell)
    assert {"tasks", "grants", "competitions", "organizations"} <= {
        name for index, name in enumerate(export.TABLES) if book.worksheets[index].max_row > 1
    }


def _count(client, url: str) -> int:
    statements = []

    def before(*args):
        statements.append(args[2])

    db.session.expire_all()  # count what the page loads, not what the test holds
    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


def test_published_report_pages_queries_do_not_grow(client, auth):
    official = make_user(role=Role.OFFICIAL)
    task = _published(official)
    programme = task.programme
    services.correct_report(official, programme, "Nowy", "W", "Powód", utcnow())
    db.session.commit()
    pages = [
        f"/programmes/{programme.id}/report",
        f"/programmes/{programme.id}/report/2025/revisions/1",
        f"/programmes/{programme.id}/report/tasks.csv",
    ]
    for url in pages:
        _count(client, url)
    before = [_count(client, url) for url in pages]
    for number in range(3):
        services.correct_report(official, programme, f"Nowy {number}", "W", "Powód", utcnow())
        db.session.commit()
    assert [_count(client, url) for url in pages] == before


def test_migration_moves_reports_to_years_and_snapshots_on_first_read(tmp_path):
    """Upgrade a database holding a report published on the programme (before this change),
    then read the report: its snapshot is taken on that first read."""
    from tests.test_migrations import MIGRATIONS

    mine, parent = next(
        (revision, downs[0]) for revision, downs in MIGRATIONS.values() if revision == REVISION
    )
    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": "localhost"})
    directory = str(Path(app.root_path).parent / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision=parent)
        now = "2026-02-01 10:00:00.000000"
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO programmes (id, year, end_year, title, goals_md, goals_html, "
                    "priority_tasks, indicators, report_md, report_html, report_prepared_by, "
                    "report_drafted_at, report_published_at, created_at, updated_at) VALUES "
                    "(7, 2024, 2025, 'Program', '', '', '', '', 'Tekst', '<p>Tekst</p>', "
                    "'Wydział', :now, :now, :now, :now)"
                ),
                {"now": now},
            )
        upgrade(directory=directory, revision=mine)
        with db.engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT year, text_md, published_at IS NOT NULL FROM programme_reports "
                    "WHERE programme_id = 7 ORDER BY year"
                )
            ).all()
            revisions = connection.execute(
                sa.text("SELECT number, text_md, snapshot FROM programme_report_revisions")
            ).all()
        assert rows == [(2024, "", 0), (2025, "Tekst", 1)]
        assert revisions == [(1, "Tekst", None)]
        upgrade(directory=directory)
        page = app.test_client().get("/programmes/7/report/2025")
        assert page.status_code == 200 and "Tekst" in page.get_data(as_text=True)
        db.session.remove()
        snapshot = db.session.scalar(select(ProgrammeReport).where(ProgrammeReport.year == 2025))
        assert snapshot.revisions[0].snapshot["version"] == 1
        db.session.remove()
        db.engine.dispose()
