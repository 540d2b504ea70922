"""The report's tables as CSV in the Polish Excel form (semicolon, decimal comma, UTF-8 with
a BOM) and as an XLSX workbook with one sheet per table; both carry the site's metryka
(app/common/tables.py).

Every table the report page shows is here, read from the same :class:`snapshot.ReportView`
as the page: a published report's downloads are its published revision, never the live data.
"""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _

from app.common import tables
from app.consultations.messages import DECISION_LABELS
from app.hub.messages import KIND_LABELS
from app.programmes.messages import STATUS_LABELS
from app.programmes.models import Programme, ProgrammeReport, ProgrammeReportRevision
from app.programmes.snapshot import ReportView

#: In the order of the page.
TABLES = (
    "tasks",
    "areas",
    "forms",
    "competitions",
    "grants",
    "organizations",
    "consultations",
    "votes",
    "indicators",
)


def _pl(value: Decimal | None) -> str:
    """An amount as Polish Excel reads it: "1250,50"."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


def sheet_names() -> dict[str, str]:
    """The tables' names (sheets of the workbook, buttons of the page)."""
    return {
        "tasks": _("Tasks"),
        "areas": _("Money by area"),
        "forms": _("Forms of cooperation"),
        "competitions": _("Competitions"),
        "grants": _("Grants"),
        "organizations": _("Organizations"),
        "consultations": _("Consultations"),
        "votes": _("Votes"),
        "indicators": _("Indicators"),
    }


def indicator_value(row) -> str | Decimal | int:
    """An indicator's value as the tables write it (an amount stays a number)."""
    if row.value is None:
        return ""
    return Decimal(row.value) if row.money else row.value


def table(name: str, data: ReportView) -> tuple[list[str], list[list]]:
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
            _("Reason for dropping"),
        ]
        rows = [
            [
                t.title,
                t.area,
                str(STATUS_LABELS.get(t.status, t.status)),
                t.progress,
                t.planned,
                t.spent,
                t.note,
                t.drop_reason,
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
        rows = [[g.task, g.organization, g.opportunity, g.amount, g.purpose] for g in data.grants]
    elif name == "areas":
        header = [_("Area"), _("Tasks"), _("Planned (PLN)"), _("Spent (PLN)")]
        rows = [[a.name, a.tasks, a.planned, a.spent] for a in data.areas]
    elif name == "forms":
        header = [_("Form of cooperation"), _("Number")]
        rows = [[str(KIND_LABELS.get(kind, kind)), n] for kind, n in data.forms.items()]
    elif name == "competitions":
        header = [
            _("Competition or form"),
            _("Form of cooperation"),
            _("Offers"),
            _("Grants"),
            _("Amount (PLN)"),
        ]
        rows = [
            [c.title, str(KIND_LABELS.get(c.kind, c.kind)), c.offers, c.grants, c.amount]
            for c in data.competitions
        ]
    elif name == "organizations":
        header = [_("Organization"), _("Grants"), _("Amount (PLN)")]
        rows = [[o.name, o.grants, o.amount] for o in data.organizations]
    elif name == "consultations":
        header = [
            _("Consultation"),
            _("Comments"),
            _("Answered"),
            *[str(label) for label in DECISION_LABELS.values()],
        ]
        rows = [
            [c.title, c.comments, c.answered, *[c.decisions.get(k, 0) for k in DECISION_LABELS]]
            for c in data.consultations
        ]
    elif name == "votes":
        header = [_("Vote"), _("Ballots"), _("Chosen")]
        rows = [[v.title, v.ballots, ", ".join(v.selected)] for v in data.votes]
    else:
        header = [_("Indicator"), _("Value"), _("How it is measured"), _("Note")]
        rows = [
            [
                i.name,
                indicator_value(i),
                i.measure_label if i.measure else "",
                i.note,
            ]
            for i in data.indicators
        ]
    return header, rows


def about(
    programme: Programme, report: ProgrammeReport, revision: ProgrammeReportRevision | None
) -> list[list]:
    """The metryka: the site's identity, the programme and the report's year, who prepared
    and published it and which revision, and the report page's address."""
    extra = [[_("Programme"), programme.title], [_("Year of the report"), report.year]]
    shown = revision or report
    extra.append([_("Prepared by"), shown.prepared_by])
    if revision is not None:
        extra += [
            [_("Published at"), revision.published_at],
            [_("Revision"), revision.number],
        ]
    else:
        extra.append([_("Published at"), _("not published yet")])
    return tables.about_rows(
        source_url=url_for(
            "programmes.report", programme_id=programme.id, year=report.year, _external=True
        ),
        extra=extra,
    )


def to_csv(
    programme: Programme,
    report: ProgrammeReport,
    revision: ProgrammeReportRevision | None,
    name: str,
    data: ReportView,
) -> str:
    header, rows = table(name, data)
    return tables.csv_text(
        header,
        [[_pl(v) if isinstance(v, Decimal) else v for v in row] for row in rows],
        about=about(programme, report, revision),
    )


def to_xlsx(
    programme: Programme,
    report: ProgrammeReport,
    revision: ProgrammeReportRevision | None,
    data: ReportView,
) -> bytes:
    """One sheet per table (amounts as numbers), the metryka as the last."""
    names = sheet_names()
    return tables.xlsx_bytes(
        [tables.Sheet(names[name], *table(name, data)) for name in TABLES],
        about=about(programme, report, revision),
    )
