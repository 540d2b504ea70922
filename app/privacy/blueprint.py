"""The privacy wing's whole URL map (under /privacy): the person's RODO rights."""

from __future__ import annotations

from flask import Blueprint

from app.privacy import views

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

bp.add_url_rule("/my-data", endpoint="my_data", view_func=views.my_data)
bp.add_url_rule(
    "/my-data/download", endpoint="download", view_func=views.download, methods=["POST"]
)
bp.add_url_rule(
    "/delete-account",
    endpoint="delete_account",
    view_func=views.delete_account,
    methods=["GET", "POST"],
)
bp.add_url_rule("/account-deleted", endpoint="account_deleted", view_func=views.account_deleted)
