"""The organizations wing's whole URL map (under /organizations)."""

from __future__ import annotations

from flask import Blueprint

from app.organizations import views

bp = Blueprint("organizations", __name__, url_prefix="/organizations")

# everyone: the directory and the profiles
bp.add_url_rule("/", endpoint="directory", view_func=views.directory)
bp.add_url_rule("/<int:organization_id>", endpoint="show", view_func=views.show)

# members: registering, editing, joining, leaving
bp.add_url_rule("/new", endpoint="create", view_func=views.create, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:organization_id>/edit", endpoint="edit", view_func=views.edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<int:organization_id>/join", endpoint="join", view_func=views.join, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<int:organization_id>/leave",
    endpoint="leave",
    view_func=views.leave,
    methods=["GET", "POST"],
)
bp.add_url_rule("/mine", endpoint="mine", view_func=views.mine)

# representatives (and officials): join requests
bp.add_url_rule("/<int:organization_id>/requests", endpoint="requests", view_func=views.requests)
bp.add_url_rule(
    "/memberships/<int:membership_id>/decide",
    endpoint="decide_membership",
    view_func=views.decide_membership,
    methods=["POST"],
)

# officials: the review queue
bp.add_url_rule("/review", endpoint="review_queue", view_func=views.review_queue)
bp.add_url_rule(
    "/<int:organization_id>/decide",
    endpoint="decide_organization",
    view_func=views.decide_organization,
    methods=["POST"],
)
