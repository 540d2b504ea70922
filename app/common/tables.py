"""Tables for spreadsheets: the one way exports write CSV and XLSX (issue 15, item 3).

CSV is written the way Polish Excel and LibreOffice open it by double-click: UTF-8 with a byte
order mark (so Polish letters are read), semicolons between fields (Polish Excel's list
separator, since the comma is the decimal separator), a decimal comma in numbers, CRLF line ends,
dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM in Warsaw time. XLSX (openpyxl) keeps numbers
and dates as numbers and dates, with a bold, frozen header row.

Both take the same input: a header (list of column titles) and rows (lists of cells: str, int,
Decimal, float, bool, date, datetime or None). The open data dump (app/api/dump.py) is for
machines and keeps RFC 4180 commas, as open data portals expect.
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

from flask import Response

from app.common.timeutil import to_local

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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text for Polish spreadsheets (BOM, ';', decimal comma, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
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


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for sheet in sheets:
        title = sheet_title(sheet.name)
        number = 2
        while title in used:
            suffix = f" ({number})"
            title = sheet_title(sheet.name)[: SHEET_NAME_LIMIT - len(suffix)] + suffix
            number += 1
        used.add(title)
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A CSV download of one table."""
    return _download(csv_text(header, rows), f"{CSV_MIMETYPE}; charset=utf-8", filename)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> Response:
    """An XLSX download of one or more tables."""
    return _download(xlsx_bytes(sheets), XLSX_MIMETYPE, filename)
