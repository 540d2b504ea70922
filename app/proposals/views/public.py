"""What everyone sees: the list of proposals (filters, search, sorting, downloads), the partner
search and a proposal's page."""

from __future__ import annotations

from flask import Response, current_app, jsonify, render_template, request

from app.common import tables
from app.extensions import db
from app.organizations.acting import my_organizations
from app.organizations.queries import all_areas
from app.proposals import export, queries
from app.proposals.views._common import (
    filter_args,
    filter_choices,
    get_proposal,
    list_filters,
    proposal_page,
)


def index():
    """Proposals: filters, search, sorting, pages, downloads (and one's own drafts)."""
    filters = list_filters()
    page = db.paginate(
        queries.public_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    org_ids = [o.id for o in my_organizations()]
    return render_template(
        "proposals/index.html",
        page=page,
        filters=filters,
        filter_args=filter_args(filters),
        drafts=queries.drafts_of(org_ids),
        invitations=queries.pending_invitations(org_ids),
        can_propose=bool(org_ids),
        **filter_choices(),
    )


def export_csv():
    """The filtered list as CSV (for Polish spreadsheets: BOM, ';', decimal comma)."""
    response = Response(
        export.csv_text(export.export_rows(list_filters())), mimetype="text/csv; charset=utf-8"
    )
    response.headers.set("Content-Disposition", "attachment", filename="propozycje.csv")
    return response


def export_xlsx():
    """The filtered list as an XLSX workbook."""
    response = Response(
        export.xlsx_bytes(export.export_rows(list_filters())), mimetype=tables.XLSX_MIMETYPE
    )
    response.headers.set("Content-Disposition", "attachment", filename="propozycje.xlsx")
    return response


def export_json():
    """The filtered list as JSON."""
    response = jsonify({"proposals": export.export_rows(list_filters())})
    response.headers.set("Content-Disposition", "attachment", filename="propozycje.json")
    return response


def partners():
    """Proposals whose authors look for partners, by area."""
    area = request.args.get("area", "")
    return render_template(
        "proposals/partners.html",
        proposals=queries.partner_search(area),
        areas=all_areas(),
        area=area,
    )


def show(proposal_id: int):
    """A proposal with its authors, endorsements, discussion and the office's answer."""
    return proposal_page(get_proposal(proposal_id))


def organization_proposals() -> dict:
    """Lets the organization profile list the proposals it leads or co-authors."""
    return {"proposals_of_organization": queries.of_organization}
