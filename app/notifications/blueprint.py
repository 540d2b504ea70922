"""The notifications wing's whole URL map: notifications and e-mail settings (/notifications)
and what a person follows (/follows), one blueprint for both."""

from __future__ import annotations

from flask import Blueprint

from app.notifications import views

bp = Blueprint("notifications", __name__)

# notifications and how they come by e-mail
bp.add_url_rule("/notifications/", endpoint="index", view_func=views.index)
bp.add_url_rule(
    "/notifications/<int:notification_id>/read",
    endpoint="read",
    view_func=views.read,
    methods=["POST"],
)
bp.add_url_rule(
    "/notifications/read-all", endpoint="read_all", view_func=views.read_all, methods=["POST"]
)
bp.add_url_rule(
    "/notifications/preferences",
    endpoint="preferences",
    view_func=views.preferences,
    methods=["POST"],
)
bp.add_url_rule(
    "/notifications/unsubscribe/<token>",
    endpoint="unsubscribe",
    view_func=views.unsubscribe,
    methods=["GET"],
)
bp.add_url_rule(
    "/notifications/unsubscribe/<token>",
    endpoint="unsubscribe_post",
    view_func=views.unsubscribe_post,
    methods=["POST"],
)

# follows
bp.add_url_rule("/follows/", endpoint="follows", view_func=views.follows)
bp.add_url_rule(
    "/follows/<target_type>/<int:target_id>",
    endpoint="follow",
    view_func=views.follow,
    methods=["POST"],
)
bp.add_url_rule(
    "/follows/<target_type>/<int:target_id>/delete",
    endpoint="unfollow",
    view_func=views.unfollow,
    methods=["POST"],
)
