"""Template helpers: the current language, local times, areas' names, navigation flags."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from app.common.money import money
from app.common.request_scope import request_scope
from app.common.timeutil import to_local
from app.organizations import permissions


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _context() -> dict:
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "current_locale": locale,
            "other_locale": "en" if locale == "pl" else "pl",
            "user_is_official": permissions.is_official(current_user),
            "user_is_admin": permissions.is_admin(current_user),
            "unread_notifications": _unread(),
        }

    def _unread() -> int:
        """The header badge: one COUNT on an indexed column, only for signed-in people, once
        per request (e-mails rendered during the request run this context processor too)."""
        if not permissions.is_signed_in(current_user):
            return 0
        scope = request_scope()
        if "unread_notifications" not in scope:
            from app.notifications.services import unread_count

            scope["unread_notifications"] = unread_count(current_user.id)
        return scope["unread_notifications"]

    @app.template_global()
    def is_following(target_type: str, target_id: int) -> bool:
        if not permissions.is_signed_in(current_user):
            return False
        from app.notifications.queries import is_following as following

        return following(current_user.id, target_type, target_id)

    @app.template_filter("localdt")
    def _localdt(value: datetime | None, fmt: str = "medium") -> str:
        """Show an aware UTC datetime in Europe/Warsaw, formatted for the current language."""
        if value is None:
            return ""
        return format_datetime(to_local(value).replace(tzinfo=None), fmt, rebase=False)

    app.add_template_filter(money, "money")

    @app.template_filter("area_name")
    def _area_name(area) -> str:
        return area.name(str(get_locale()))
