"""The report's tables as CSV in the Polish Excel form (semicolon, decimal comma, UTF-8 with
a BOM) and as an XLSX workbook with one sheet per table; both carry the site's metryka
(app/common/tables.py)."""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _

from app.common import tables
from app.programmes.messages import STATUS_LABELS
from app.programmes.models import Programme
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


def about(programme: Programme) -> list[list]:
    """The metryka: the site's identity, the programme, and the report page's address."""
    return tables.about_rows(
        source_url=url_for("programmes.report", programme_id=programme.id, _external=True),
        extra=[[_("Programme"), programme.title]],
    )


def to_csv(programme: Programme, name: str, data: ReportData, locale: str) -> str:
    header, rows = table(name, data, locale)
    return tables.csv_text(
        header,
        [[_pl(v) if isinstance(v, Decimal) else v for v in row] for row in rows],
        about=about(programme),
    )


def to_xlsx(
    programme: Programme, data: ReportData, locale: str, sheet_names: dict[str, str]
) -> bytes:
    """One sheet per table (amounts as numbers), the metryka as the last."""
    return tables.xlsx_bytes(
        [tables.Sheet(sheet_names[name], *table(name, data, locale)) for name in TABLES],
        about=about(programme),
    )
