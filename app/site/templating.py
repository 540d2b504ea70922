"""What every page's template knows about the person: language, role flags, the unread
badge and follows (they read several wings, so they live on the top floor)."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from app.common.request_scope import request_scope
from app.notifications.queries import is_following as following
from app.notifications.services import unread_count
from app.organizations import permissions


def register_template_context(app: Flask) -> None:
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
            scope["unread_notifications"] = unread_count(current_user.id)
        return scope["unread_notifications"]

    @app.template_global()
    def is_following(target_type: str, target_id: int) -> bool:
        if not permissions.is_signed_in(current_user):
            return False
        return following(current_user.id, target_type, target_id)
