"""The public list of proposals, filtered as on the page, as rows for CSV and JSON downloads."""

from __future__ import annotations

from decimal import Decimal

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.common import tables
from app.extensions import db
from app.proposals import queries
from app.proposals.forms import STATUS_LABELS


def export_rows(filters: queries.Filters) -> list[dict]:
    """One dict per public proposal matching ``filters`` (the JSON download's records)."""
    locale = str(get_locale())
    rows = []
    for proposal in db.session.scalars(queries.public_query(filters)):
        rows.append(
            {
                "id": proposal.id,
                "title": proposal.title,
                "status": proposal.status,
                "area": proposal.area.name(locale),
                "consultation": proposal.consultation.title if proposal.consultation else "",
                "authors": [o.name for o in proposal.all_authors],
                "endorsements": len(proposal.endorsements),
                "endorsing_organizations": [e.organization.name for e in proposal.endorsements],
                "estimated_cost": (
                    str(proposal.estimated_cost) if proposal.estimated_cost is not None else None
                ),
                "time_frame": proposal.time_frame,
                "problem": proposal.problem,
                "activities": proposal.activities,
                "target_group": proposal.target_group,
                "expected_results": proposal.expected_results,
                "looking_for_partners": proposal.looking_for_partners,
                "submitted_at": (
                    proposal.submitted_at.isoformat() if proposal.submitted_at else None
                ),
                "answer": proposal.answer_md if proposal.is_answer_published else "",
                "merged_into": proposal.merged_into_id,
                "url": url_for("proposals.show", proposal_id=proposal.id, _external=True),
            }
        )
    return rows


def _header() -> list[str]:
    return [
        _("No."),
        _("Title"),
        _("Status"),
        _("Area of public benefit"),
        _("Consultation"),
        _("Authors"),
        _("Endorsements"),
        _("Estimated cost in PLN"),
        _("Time frame"),
        _("Answer of the office"),
        _("Address"),
    ]


def _table(rows: list[dict]) -> list[list]:
    return [
        [
            row["id"],
            row["title"],
            str(STATUS_LABELS[row["status"]]),
            row["area"],
            row["consultation"] or _("Ideas box"),
            "; ".join(row["authors"]),
            row["endorsements"],
            Decimal(row["estimated_cost"]) if row["estimated_cost"] else None,
            row["time_frame"],
            row["answer"],
            row["url"],
        ]
        for row in rows
    ]


def _about() -> list[list]:
    """The site's metryka; the source is the list filtered as the download was."""
    return tables.about_rows(source_url=url_for("proposals.index", _external=True, **request.args))


def csv_text(rows: list[dict]) -> str:
    """The rows as CSV in the person's language, as Polish spreadsheets open it (BOM, ';',
    decimal comma), under the site's metryka."""
    return tables.csv_text(_header(), _table(rows), about=_about())


def xlsx_bytes(rows: list[dict]) -> bytes:
    """The rows as an XLSX workbook (costs as numbers), the metryka as its last sheet."""
    return tables.xlsx_bytes(
        [tables.Sheet(_("Proposals"), _header(), _table(rows))], about=_about()
    )
