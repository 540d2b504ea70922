"""The admin wing's whole URL map (under /admin): accounts and the audit log, administrators
only (checked once, before every page of the blueprint)."""

from __future__ import annotations

from flask import Blueprint

from app.admin import views

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(views.only_admins)

bp.add_url_rule("/users", endpoint="users", view_func=views.users)
bp.add_url_rule("/users/<int:user_id>", endpoint="user", view_func=views.user)
bp.add_url_rule(
    "/users/<int:user_id>/role",
    endpoint="change_role",
    view_func=views.change_role,
    methods=["POST"],
)
bp.add_url_rule(
    "/users/<int:user_id>/active",
    endpoint="set_active",
    view_func=views.set_active,
    methods=["POST"],
)
bp.add_url_rule("/audit", endpoint="audit_log", view_func=views.audit_log)
bp.add_url_rule("/audit.csv", endpoint="audit_log_csv", view_func=views.audit_log_csv)
bp.add_url_rule("/audit.xlsx", endpoint="audit_log_xlsx", view_func=views.audit_log_xlsx)
