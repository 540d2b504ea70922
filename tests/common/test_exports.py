"""Exports for spreadsheets (issue 15, item 3): the shared helper (app/common/tables.py) and every
CSV and XLSX download read back - CSV with the csv module and ';' (the form Polish Excel opens:
BOM, semicolons, decimal comma), XLSX with openpyxl. Every download names the site from its
settings (issue 16): a metryka above a CSV's table, as the last sheet of a workbook."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.common import tables
from app.common.audit import Action, record_audit
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from tests.exports import (
    CUSTOM_IDENTITY,
    assert_names_the_site,
    csv_parts,
    csv_table,
    read_csv,
    read_xlsx,
    save_custom_identity,
    xlsx_parts,
    xlsx_tables,
)
from tests.factories import cast_ballots as cast
from tests.factories import make_closed_vote as closed_vote
from tests.factories import (
    make_consultation,
    make_organization,
    make_proposal,
    make_user,
    publish_vote_results,
)
from tests.factories import option_keys as keys

# --- the helper -----------------------------------------------------------------------------


def test_csv_is_in_the_form_polish_spreadsheets_open():
    when = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    text = tables.csv_text(
        ["Nazwa", "Kwota", "Udział", "Dnia", "Kiedy", "Tak"],
        [
            ["Zażółć gęślą; jaźń", Decimal("1250.50"), 0.25, date(2026, 1, 2), when, True],
            ["=HYPERLINK(1)", None, -3, None, None, False],
            ["-12,5", Decimal("-7.00"), 0, None, None, None],
        ],
    )
    assert "\r\n" in text
    rows = read_csv(text)
    assert rows[0] == ["Nazwa", "Kwota", "Udział", "Dnia", "Kiedy", "Tak"]
    assert rows[1] == [
        "Zażółć gęślą; jaźń",
        "1250,50",
        "0,25",
        "2026-01-02",
        "2026-07-01 12:30",
        "1",
    ]
    assert rows[2][0] == "'=HYPERLINK(1)" and rows[2][1] == "" and rows[2][2] == "-3"
    assert rows[3][:2] == ["-12,5", "-7,00"]  # numbers are not taken for formulas


def test_xlsx_keeps_numbers_dates_and_text():
    when = datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
    data = tables.xlsx_bytes(
        [
            tables.Sheet("Uwagi [1/2]: *test*", ["A", "B", "C"], [["=1+1", Decimal("2.50"), when]]),
            tables.Sheet("Uwagi [1/2]: *test*", ["x"], []),
        ]
    )
    sheets = read_xlsx(data)
    first, second = list(sheets)
    assert len(first) <= 31 and "[" not in first and second != first
    header, row = sheets[first]
    assert header == ["A", "B", "C"]
    assert row[0] == "=1+1"  # text, not a formula
    assert row[1] == 2.5
    assert row[2] == datetime(2026, 1, 15, 9, 0)  # Warsaw wall-clock time, no zone


# --- the downloads ------------------------------------------------------------------------------


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL)


def test_consultation_report_csv_and_xlsx(client, auth, official):
    from app.consultations import services

    round_ = make_consultation(official)
    organization = make_organization(name="Fundacja Seniorzy")
    rep = organization.memberships[0].user
    comment = services.submit_comment(
        round_,
        rep,
        organization,
        services.CommentData(round_.current_version.units[1].key, "Nowe; brzmienie", "Bo tak."),
        utcnow(),
    )
    services.save_answer(official, comment, "accepted", "Przyjęta.", True, utcnow())
    stage = round_.stage("commenting")
    stage.opens_at, stage.closes_at = utcnow() - timedelta(days=20), utcnow() - timedelta(days=6)
    services.publish_report(official, round_, "Wnioski", "Biuro", utcnow())
    db.session.commit()
    save_custom_identity()
    csv_response = client.get(f"/consultations/{round_.id}/report.csv")
    assert csv_response.mimetype == "text/csv"
    about, rows = csv_parts(csv_response.data)
    assert rows[0][0] == "Nr" and rows[1][0] == "1" and rows[1][1] == "Fundacja Seniorzy"
    assert rows[1][4] == "Nowe; brzmienie"
    # the metryka names the site from its settings (issue 16), and the report's authors
    assert_names_the_site(about)
    assert about["Sporządził"] == "Biuro"
    assert about["Adres źródłowy"].endswith(f"/consultations/{round_.id}/report")
    response = client.get(f"/consultations/{round_.id}/report.xlsx")
    assert response.mimetype == tables.XLSX_MIMETYPE
    assert "raport-konsultacji" in response.headers["Content-Disposition"]
    about, sheets = xlsx_parts(response.data)
    comments, decisions, course = sheets.values()
    assert_names_the_site(about)
    assert about["Sporządził"] == "Biuro"
    assert comments[1][0] == 1 and comments[1][1] == "Fundacja Seniorzy"
    assert comments[1][4] == "Nowe; brzmienie"
    assert ["Uwzględniona", 1] in [row[:2] for row in decisions] or any(
        row[1] == 1 for row in decisions[1:]
    )
    assert len(course) == 2 and isinstance(course[1][1], datetime)


def test_proposals_csv_and_xlsx(client):
    organization = make_organization(name="Fundacja Seniorzy")
    make_proposal(organization, title="Klub seniora", estimated_cost=Decimal("12500.50"))
    save_custom_identity()
    about, rows = csv_parts(client.get("/proposals/export.csv?area=seniors").data)
    assert rows[0][1] == "Tytuł"
    assert rows[1][1] == "Klub seniora" and rows[1][7] == "12500,50"
    assert_names_the_site(about)
    assert about["Adres źródłowy"].endswith("/proposals/?area=seniors")
    response = client.get("/proposals/export.xlsx")
    assert response.mimetype == tables.XLSX_MIMETYPE
    about, sheets = xlsx_parts(response.data)
    (sheet,) = sheets.values()
    assert sheet[0][1] == "Tytuł" and sheet[1][1] == "Klub seniora"
    assert sheet[1][7] == 12500.5
    assert_names_the_site(about)


def test_an_english_export_names_the_body_in_english(client):
    save_custom_identity()
    client.get("/language/en")
    about, rows = csv_parts(client.get("/proposals/export.csv").data)
    assert rows[0][1] == "Title"
    assert_names_the_site(about, english=True)
    about, _sheets = xlsx_parts(client.get("/proposals/export.xlsx").data, "Metadata")
    assert about["Publishing body"] == CUSTOM_IDENTITY["body_name_en"]


def test_vote_results_csv_and_xlsx(client, official):
    vote = closed_vote(
        ballot_type="approval",
        method="greedy",
        budget=Decimal(1000000),
        options=[
            {"title": "Remont świetlicy", "cost": Decimal("600000.50")},
            {"title": "Ławki w parku", "cost": Decimal("300000")},
        ],
    )
    a, b = keys(vote)
    cast(vote, [[a, b], [a], [b]])
    publish_vote_results(vote, official, "")
    db.session.commit()
    save_custom_identity()
    about, rows = csv_parts(client.get(f"/votes/{vote.id}/results.csv").data)
    assert rows[0][0] == "Pozycja"
    assert rows[1][2] == "Remont świetlicy" and rows[1][4] == "600000,50"
    assert_names_the_site(about)
    assert about["Głosowanie"] == vote.title
    assert about["Adres źródłowy"].endswith(f"/votes/{vote.id}/results")
    response = client.get(f"/votes/{vote.id}/results.xlsx")
    assert response.mimetype == tables.XLSX_MIMETYPE
    about, sheets = xlsx_parts(response.data)
    (sheet,) = sheets.values()
    assert sheet[1][2] == "Remont świetlicy" and sheet[1][4] == 600000.5 and sheet[1][3] == 2
    assert_names_the_site(about)


def test_audit_log_exports_by_date_range(client, auth):
    admin = make_user(role=Role.ADMIN)
    target = make_user()
    for days_ago in (40, 10, 1):
        record_audit(admin, Action.ROLE_CHANGE, target, label=f"{days_ago} dni temu")
        db.session.flush()
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    for entry, days_ago in zip(entries[-3:], (40, 10, 1), strict=True):
        entry.created_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    auth.login_as(admin)
    since = (utcnow() - timedelta(days=15)).date().isoformat()
    until = (utcnow() - timedelta(days=5)).date().isoformat()
    response = client.get(f"/admin/audit.xlsx?date_from={since}&date_to={until}")
    assert response.mimetype == tables.XLSX_MIMETYPE
    assert since in response.headers["Content-Disposition"]
    (sheet,) = xlsx_tables(response.data).values()
    assert [row[6] for row in sheet[1:]] == ["10 dni temu"]
    assert isinstance(sheet[1][0], datetime)
    rows = csv_table(client.get(f"/admin/audit.csv?date_from={since}").data)
    assert [row[6] for row in rows[1:]] == ["1 dni temu", "10 dni temu"]
    page = client.get(f"/admin/audit?date_from={since}&date_to={until}").get_data(as_text=True)
    assert "10 dni temu" in page and "40 dni temu" not in page and "1 dni temu" not in page
    # bad input: the field says what is wrong, the filter is left out, nothing breaks
    page = client.get("/admin/audit?date_from=jutro&date_to=2020-01-01").get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "RRRR-MM-DD" in page
    page = client.get(f"/admin/audit?date_from={until}&date_to={since}").get_data(as_text=True)
    assert 'id="date_to-error"' in page
    assert client.get("/admin/audit.xlsx?date_from=nonsense").status_code == 200


def test_audit_log_exports_name_the_site(client, auth):
    save_custom_identity()
    auth.login_as(make_user(role=Role.ADMIN))
    about, rows = csv_parts(client.get("/admin/audit.csv?action=settings.update").data)
    assert_names_the_site(about)
    assert about["Adres źródłowy"].endswith("/admin/audit?action=settings.update")
    assert rows[0][0] == "Kiedy"
    about, _sheets = xlsx_parts(client.get("/admin/audit.xlsx").data)
    assert_names_the_site(about)


def test_the_metryka_stands_above_a_csv_table_and_as_a_workbooks_last_sheet(app):
    about = [["Podmiot", "Urząd"], ["Wygenerowano", "6.12.2026, 17:00"]]
    with app.test_request_context("/x"):
        rows = read_csv(tables.csv_text(["A", "B"], [[1, 2]], about=about))
        sheets = read_xlsx(tables.xlsx_bytes([tables.Sheet("Dane", ["A"], [[1]])], about=about))
    assert rows == [["Podmiot", "Urząd"], ["Wygenerowano", "6.12.2026, 17:00"], [], ["A", "B"]] + [
        ["1", "2"]
    ]
    assert list(sheets) == ["Dane", "Metryka"]
    assert sheets["Metryka"] == [["Pozycja", "Wartość"], *about]


def test_the_metryka_comes_from_the_saved_settings(app):
    save_custom_identity()
    when = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)
    with app.test_request_context("/proposals/export.csv?q=x"):
        about = dict(tables.about_rows(extra=[["Opublikowano", when]], now=when))
    assert_names_the_site(about)
    assert about["Data wygenerowania"] == about["Opublikowano"] == "6.12.2026, 17:00"
    assert about["Adres źródłowy"] == "http://localhost/proposals/export.csv?q=x"
