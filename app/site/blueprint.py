"""The site wing's URL map: the home page, the language switch, the information pages."""

from __future__ import annotations

from flask import Blueprint

from app.site import views

bp = Blueprint("site", __name__)

bp.add_url_rule("/", endpoint="index", view_func=views.index)
bp.add_url_rule(
    "/language", endpoint="set_language", view_func=views.set_language, methods=["POST"]
)
bp.add_url_rule("/language/<locale>", endpoint="choose_language", view_func=views.choose_language)
bp.add_url_rule("/privacy", endpoint="privacy", view_func=views.privacy)
bp.add_url_rule("/accessibility", endpoint="accessibility", view_func=views.accessibility)
bp.add_url_rule("/healthz", endpoint="healthz", view_func=views.healthz)
bp.add_url_rule("/readyz", endpoint="readyz", view_func=views.readyz)
bp.add_url_rule("/favicon.ico", endpoint="favicon", view_func=views.favicon)
