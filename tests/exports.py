"""Reading back the CSV and XLSX downloads (app/common/tables.py) in tests.

Every download carries the site's metryka (issue 16): a CSV as "item;value" rows and one empty
row above the table's header, an XLSX workbook as its last sheet ("Metryka"). These helpers
split the two, so a test reads the table from its header row and the metryka by item.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from app.common.identity import forget_identity
from app.common.timeutil import utcnow
from app.extensions import db

#: The sheet holding the metryka in a Polish workbook.
METADATA_SHEET = "Metryka"

#: A site identity unlike the configured defaults, so a test shows the exports read the saved
#: settings (see :func:`save_custom_identity`).
CUSTOM_IDENTITY = {
    "platform_name": "Sądeckie Konsultacje",
    "body_name_pl": "Urząd Miasta Nowego Sącza",
    "body_name_en": "Nowy Sącz City Office",
    "office_name": "Biuro Aktywności Obywatelskiej",
    "office_email": "bao@nowysacz.example",
    "bip_url": "https://bip.nowysacz.example",
}


def save_custom_identity() -> dict:
    """Save :data:`CUSTOM_IDENTITY` as an administrator would, and drop the cached identity."""
    from app.settings import services
    from tests.factories import make_user

    services.save_identity(make_user(role="admin"), CUSTOM_IDENTITY, utcnow())
    db.session.commit()
    forget_identity()
    return CUSTOM_IDENTITY


def read_csv(data: bytes | str) -> list[list[str]]:
    """Every row of a CSV download, the metryka's included (it must start with a BOM)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    assert text.startswith("\ufeff"), "no byte order mark: Excel would misread Polish letters"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def csv_parts(data: bytes | str) -> tuple[dict[str, str], list[list[str]]]:
    """(the metryka {item: value}, the table from its header row) of a CSV download."""
    rows = read_csv(data)
    assert [] in rows, "no empty row after the metryka"
    blank = rows.index([])
    about = rows[:blank]
    assert all(len(row) == 2 for row in about), about
    return dict(about), rows[blank + 1 :]


def csv_table(data: bytes | str) -> list[list[str]]:
    """The table of a CSV download (header first), past its metryka."""
    return csv_parts(data)[1]


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook: {title: rows}."""
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def xlsx_parts(data: bytes, metadata: str = METADATA_SHEET) -> tuple[dict, dict[str, list[list]]]:
    """(the metryka {item: value}, the table sheets {title: rows}) of an XLSX download; the
    metryka must be the last sheet."""
    sheets = read_xlsx(data)
    assert list(sheets)[-1] == metadata, list(sheets)
    about = sheets.pop(metadata)
    assert about[0] == ["Pozycja", "Wartość"] or about[0] == ["Item", "Value"]
    return dict(about[1:]), sheets


def xlsx_tables(data: bytes) -> dict[str, list[list]]:
    """The table sheets of an XLSX download, without the metryka."""
    return xlsx_parts(data)[1]


def assert_names_the_site(about: dict, identity: dict = CUSTOM_IDENTITY, english: bool = False):
    """The metryka names the saved body (in the page's language), platform, office and BIP,
    when it was generated and where it comes from."""
    body = identity["body_name_en"] if english else identity["body_name_pl"]
    if english:
        labels = ("Publishing body", "Platform", "Office responsible", "Office e-mail")
        bip, generated, source = (
            "Public Information Bulletin (BIP)",
            "Generated at",
            "Source address",
        )
    else:
        labels = ("Podmiot udostępniający", "Platforma", "Komórka odpowiedzialna", "E-mail komórki")
        bip, generated = "Biuletyn Informacji Publicznej (BIP)", "Data wygenerowania"
        source = "Adres źródłowy"
    values = (body, identity["platform_name"], identity["office_name"], identity["office_email"])
    for label, value in zip(labels, values, strict=True):
        assert about.get(label) == value, (label, about)
    assert about[bip] == identity["bip_url"]
    assert about[source].startswith("http")
    if not english:  # as dates are written on Polish pages: "6.12.2026, 17:00"
        assert re.fullmatch(r"\d{1,2}\.\d{2}\.\d{4}, \d{2}:\d{2}", about[generated])
    assert about[generated]
