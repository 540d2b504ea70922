"""Tables for spreadsheets: the one way exports write CSV and XLSX (issue 15, item 3).

CSV is written the way Polish Excel and LibreOffice open it by double-click: UTF-8 with a byte
order mark (so Polish letters are read), semicolons between fields (Polish Excel's list
separator, since the comma is the decimal separator), a decimal comma in numbers, CRLF line ends,
dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM in Warsaw time. XLSX (openpyxl) keeps numbers
and dates as numbers and dates, with a bold, frozen header row.

Both take the same input: a header (list of column titles) and rows (lists of cells: str, int,
Decimal, float, bool, date, datetime or None). The open data dump (app/api/dump.py) is for
machines and keeps RFC 4180 commas, as open data portals expect.

Every download a person takes away names where it comes from (issue 16): :func:`about_rows`
is its metryka - the publishing body (in the page's language), the platform, the office and
how to reach it, the BIP address, when it was generated and the page it comes from, all from
the site settings (:mod:`app.common.identity`). A CSV carries it as a preamble of "item;value"
rows and one empty row above the table's header; an XLSX workbook as its last sheet
("Metryka"), so every table sheet still starts with its header row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response, has_request_context, request
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from app.common.identity import site_identity
from app.common.timeutil import to_local, utcnow

CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@")
_NUMBER = re.compile(r"[-+]?\d[\d ]*(,\d+)?")
#: Excel's limit on the length of a sheet name.
SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class Sheet:
    """One table: its name (the XLSX sheet's), header and rows."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]


#: One "item, value" row of an export's metryka.
AboutRows = Sequence[Sequence[Any]]


def about_rows(
    source_url: str | None = None,
    extra: AboutRows = (),
    now: datetime | None = None,
) -> list[list[Any]]:
    """The export's metryka, from the site settings: the publishing body in the page's
    language, the platform, the office, its e-mail, the BIP address, then ``extra`` rows of the
    export's own (a report's authors and dates), when it was generated (as dates are written on
    the page: "6.12.2026, 17:00" in Polish) and the address it comes from (``source_url``, else
    the request's). Empty items are left out; dates and times in ``extra`` are written like the
    generation time."""
    identity = site_identity()
    locale = str(get_locale() or identity.default_locale)
    rows: list[list[Any]] = [
        [_("Publishing body"), identity.body_name(locale)],
        [_("Platform"), identity.platform_name],
        [_("Office responsible"), identity.office_name],
        [_("Office e-mail"), identity.office_email],
        [_("Public Information Bulletin (BIP)"), identity.bip_url],
        *([label, _about_value(value)] for label, value in extra),
        [_("Generated at"), _about_value(now or utcnow())],
        [_("Source address"), source_url or (request.url if has_request_context() else "")],
    ]
    return [row for row in rows if row[1] not in (None, "")]


def _about_value(value: Any) -> Any:
    if isinstance(value, datetime):
        local = to_local(value) if value.tzinfo is not None else value
        return format_datetime(local.replace(tzinfo=None), "short", rebase=False)
    return value


def about_sheet(about: AboutRows) -> Sheet:
    """The metryka as the workbook's sheet (item, value)."""
    return Sheet(_("Metadata"), [_("Item"), _("Value")], about)


def csv_cell(value: Any) -> str:
    """A cell as Polish spreadsheets read it: 1234,5 rather than 1234.5."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime):
        local = to_local(value) if value.tzinfo is not None else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # a text cell is never read as a formula (=, +, -, @ start one in spreadsheets)
    if text[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Any]], about: AboutRows | None = None
) -> str:
    """The table as CSV text for Polish spreadsheets (BOM, ';', decimal comma, CRLF); with
    ``about`` (:func:`about_rows`), its "item;value" rows and an empty row come first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if about is not None:
        for row in about:
            writer.writerow([csv_cell(value) for value in row])
        writer.writerow([])
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return BOM + buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return to_local(value).replace(tzinfo=None)  # Excel has no time zones
    return value


def sheet_title(name: str) -> str:
    """A valid sheet name: no []:*?/\\ and at most 31 characters."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()
    return (clean or "Sheet")[:SHEET_NAME_LIMIT]


def add_sheet(workbook: Any, sheet: Sheet) -> Any:
    """Write ``sheet`` into the openpyxl ``workbook``: a bold, frozen header row, the rows (text
    never read as a formula), columns as wide as their content; a unique valid sheet name."""
    from openpyxl.styles import Font

    used = set(workbook.sheetnames)
    title = sheet_title(sheet.name)
    number = 2
    while title in used:
        suffix = f" ({number})"
        title = sheet_title(sheet.name)[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    worksheet = workbook.create_sheet(title)
    worksheet.append(list(sheet.header))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in sheet.header]
    for row in sheet.rows:
        values = [_xlsx_cell(v) for v in row]
        worksheet.append(values)
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text, never a formula
        for i, value in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], min(60, len(str(value or ""))))
    worksheet.freeze_panes = "A2"
    for i, width in enumerate(widths):
        worksheet.column_dimensions[worksheet.cell(1, i + 1).column_letter].width = width + 2
    return worksheet


def xlsx_bytes(sheets: Sequence[Sheet], about: AboutRows | None = None) -> bytes:
    """A workbook with one sheet per table; with ``about`` (:func:`about_rows`), the metryka
    as its last sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in [*sheets, *([about_sheet(about)] if about is not None else [])]:
        add_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    about: AboutRows | None = None,
) -> Response:
    """A CSV download of one table (``about``: its metryka, :func:`about_rows`)."""
    return _download(csv_text(header, rows, about), f"{CSV_MIMETYPE}; charset=utf-8", filename)


def xlsx_response(
    filename: str, sheets: Sequence[Sheet], about: AboutRows | None = None
) -> Response:
    """An XLSX download of one or more tables (``about``: its metryka, :func:`about_rows`)."""
    return _download(xlsx_bytes(sheets, about), XLSX_MIMETYPE, filename)
