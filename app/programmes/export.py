"""The report's tables as CSV in the Polish Excel form (semicolon, decimal comma, UTF-8 with
a BOM) and as an XLSX workbook with one sheet per table."""

from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _

from app.common import tables
from app.programmes.messages import STATUS_LABELS
from app.programmes.queries import ReportData

TABLES = ("tasks", "grants", "areas")


def _pl(value: Decimal | None) -> str:
    """An amount as Polish Excel reads it: "1250,50"."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


def table(name: str, data: ReportData, locale: str) -> tuple[list[str], list[list]]:
    """(header, rows) of one table; amounts stay Decimal (the writers format them)."""
    if name == "tasks":
        header = [
            _("Task"),
            _("Area"),
            _("Status"),
            _("Progress %"),
            _("Planned (PLN)"),
            _("Spent (PLN)"),
            _("Note on spending"),
        ]
        rows = [
            [
                t.title,
                t.area.name(locale) if t.area else "",
                str(STATUS_LABELS[t.status]),
                t.progress,
                t.planned_amount,
                t.spent_amount,
                t.spent_note,
            ]
            for t in data.tasks
        ]
    elif name == "grants":
        header = [
            _("Task"),
            _("Organization"),
            _("Competition or form"),
            _("Amount (PLN)"),
            _("What for"),
        ]
        rows = [
            [
                t.title,
                g.organization.name,
                g.opportunity.title if g.opportunity else "",
                g.amount,
                g.purpose,
            ]
            for t in data.tasks
            for g in t.grants
        ]
    else:
        header = [_("Area"), _("Tasks"), _("Planned (PLN)"), _("Spent (PLN)")]
        rows = [[a.name, a.tasks, a.planned, a.spent] for a in data.areas]
    return header, rows


def to_csv(name: str, data: ReportData, locale: str) -> str:
    header, rows = table(name, data, locale)
    return tables.csv_text(
        header, [[_pl(v) if isinstance(v, Decimal) else v for v in row] for row in rows]
    )


def to_xlsx(data: ReportData, locale: str, sheet_names: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name in TABLES:
        sheet = book.create_sheet(sheet_names[name][:31])
        header, rows = table(name, data, locale)
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
