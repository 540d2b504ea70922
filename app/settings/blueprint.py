"""The settings wing's whole URL map: the site's identity (administrators), its accessibility
statement and the requests for access that the statement's form files (officials)."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.extensions import limiter
from app.settings import views

bp = Blueprint("settings", __name__)

bp.add_url_rule("/admin/settings", endpoint="edit", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/admin/settings/<kind>",
    endpoint="upload_asset",
    view_func=views.upload_asset,
    methods=["POST"],
)
bp.add_url_rule(
    "/admin/settings/<kind>/remove",
    endpoint="remove_asset",
    view_func=views.remove_asset,
    methods=["POST"],
)
bp.add_url_rule(
    "/admin/settings/statement",
    endpoint="edit_statement",
    view_func=views.edit_statement,
    methods=["GET", "POST"],
)
bp.add_url_rule("/site/<kind>", endpoint="asset", view_func=views.asset)
bp.add_url_rule("/deklaracja-dostepnosci", endpoint="statement", view_func=views.statement)
bp.add_url_rule(
    "/deklaracja-dostepnosci/wniosek",
    endpoint="request_access",
    view_func=limiter.limit(
        lambda: current_app.config["ACCESS_REQUEST_RATE_LIMIT"], methods=["POST"]
    )(views.request_access),
    methods=["GET", "POST"],
)
bp.add_url_rule("/access-requests", endpoint="access_requests", view_func=views.access_requests)
bp.add_url_rule(
    "/access-requests/<int:request_id>", endpoint="access_request", view_func=views.access_request
)
bp.add_url_rule(
    "/access-requests/<int:request_id>/answer",
    endpoint="answer_request",
    view_func=views.answer_request,
    methods=["POST"],
)
bp.add_url_rule(
    "/access-requests/<int:request_id>/extend",
    endpoint="extend_request",
    view_func=views.extend_request,
    methods=["POST"],
)
bp.add_url_rule(
    "/access-requests/<int:request_id>/close",
    endpoint="close_request",
    view_func=views.close_request,
    methods=["POST"],
)
