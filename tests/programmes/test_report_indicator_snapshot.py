"""The evaluation indicators of a published implementation report: the snapshot keeps
everything their table shows (how each is measured, its value - an amount in złoty - its note,
the year), so the published page, CSV and XLSX show the table as it was before publication,
whatever later happens to the indicators' definitions or typed values."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html import unescape

from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import export, services, snapshot
from app.programmes.models import ProgrammeReport
from app.programmes.states import Measure
from tests.factories import make_user
from tests.programmes.builders import make_funded_task, make_programme

INDICATORS = "Liczba ofert\nKwota dotacji\nZadowolenie organizacji"


def _indicators_table(page: str) -> tuple[str, list[list[str]]]:
    """(caption, rows of cells as text) of the page's indicators table."""
    html = re.search(r'<table[^>]*id="table-indicators".*?</table>', page, re.S).group(0)
    caption = re.search(r"<caption>(.*?)</caption>", html, re.S).group(1)
    rows = [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]
    return unescape(caption).strip(), rows


def _shown(client, programme) -> tuple:
    """The indicators table of the report on 2025: page (caption, rows), CSV rows, XLSX rows."""
    page = client.get(f"/programmes/{programme.id}/report").get_data(as_text=True)
    text = client.get(f"/programmes/{programme.id}/report/indicators.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    book = load_workbook(io.BytesIO(client.get(f"/programmes/{programme.id}/report.xlsx").data))
    sheet = book.worksheets[export.TABLES.index("indicators")]
    return _indicators_table(page), rows[rows.index([]) + 1 :], list(sheet.values)


def _measure(official, programme, offers, amount, typed: tuple[str, str]) -> None:
    services.set_indicators(
        official,
        programme,
        2025,
        [
            services.IndicatorEntry("Liczba ofert", offers),
            services.IndicatorEntry("Kwota dotacji", amount),
            services.IndicatorEntry("Zadowolenie organizacji", None, *typed),
        ],
        utcnow(),
    )
    db.session.commit()


def test_published_indicators_table_is_the_one_shown_before_and_stays(client, auth):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official, year=2025, indicators=INDICATORS)
    make_funded_task(programme=programme, official=official, amount="12500.50")
    _measure(official, programme, Measure.OFFERS, Measure.AMOUNT_GRANTED, ("80%", "Ankieta"))
    services.save_report(official, programme, "Sprawozdanie.", "Wydział", utcnow())
    db.session.commit()
    auth.login_as(official)
    before = _shown(client, programme)
    (caption, rows), csv_rows, xlsx_rows = before
    assert caption == "Wskaźniki ewaluacji i ich wartości za 2025 r."
    assert rows[1:] == [
        ["Liczba ofert", "4", "liczba złożonych ofert", ""],
        ["Kwota dotacji", "12 500,50 zł", "kwota przekazana organizacjom", ""],
        ["Zadowolenie organizacji", "80%", "podane przez urząd", "Ankieta"],
    ]
    assert csv_rows[2] == ["Kwota dotacji", "12500,50", "kwota przekazana organizacjom", ""]
    assert xlsx_rows[3] == ("Zadowolenie organizacji", "80%", None, "Ankieta")

    services.publish_report(official, programme, utcnow())
    db.session.commit()
    assert _shown(client, programme) == before

    # everything the table shows is in the stored snapshot
    report = db.session.scalar(select(ProgrammeReport).where(ProgrammeReport.year == 2025))
    stored = report.revisions[0].snapshot
    assert stored["year"] == 2025
    assert stored["indicators"][1] == {
        "name": "Kwota dotacji",
        "measure": "amount_granted",
        "measure_label": {
            "pl": "kwota przekazana organizacjom",
            "en": "amount transferred to organizations",
        },
        "value": "12500.50",
        "note": "",
        "money": True,
    }

    # the definitions and typed values change after publication: the published table stays
    _measure(official, programme, None, Measure.GRANTS, ("95%", "Inna ankieta"))
    services.update_programme(
        official,
        programme,
        services.ProgrammeData(
            year=2025, title=programme.title, indicators="Kwota dotacji\nNowy wskaźnik"
        ),
        utcnow(),
    )
    db.session.commit()
    assert _shown(client, programme) == before
    auth.logout()
    assert _shown(client, programme) == before  # the public sees the same


def test_an_older_snapshot_without_the_new_keys_still_shows_its_indicators(app):
    old = {"indicators": [{"name": "Kwota", "measure": "amount_spent", "value": "10.00"}]}
    old["indicators"][0]["money"] = True
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        shown = snapshot.view(old, "pl")
    row = shown.indicators[0]
    assert (row.name, row.value, row.money, row.note) == ("Kwota", Decimal("10.00"), True, "")
    assert row.measure_label == "kwota wydana na zadania"
    assert shown.year is None  # the page then names the report's own year
