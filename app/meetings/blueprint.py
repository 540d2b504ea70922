"""The URL map of consultation meetings; the views are in :mod:`app.meetings.views`."""

from __future__ import annotations

from flask import Blueprint

from app.consultations.sections import register as register_section
from app.meetings import views
from app.meetings.sections import round_section

bp = Blueprint("meetings", __name__)
register_section("round", round_section)

M = "/meetings/<int:meeting_id>"

# everyone: the meeting, its calendar entry and the files of its minutes
bp.add_url_rule(M, endpoint="show", view_func=views.show)
bp.add_url_rule(M + ".ics", endpoint="ics", view_func=views.ics)
bp.add_url_rule(
    M + "/attachments/<int:attachment_id>", endpoint="attachment", view_func=views.attachment
)

# signed-in people: registering and cancelling
bp.add_url_rule(M + "/register", endpoint="register", view_func=views.register, methods=["POST"])
bp.add_url_rule(M + "/cancel", endpoint="cancel", view_func=views.cancel, methods=["POST"])

# officials: planning, the list of registrations, minutes, files and remarks
bp.add_url_rule(
    "/consultations/<int:consultation_id>/meetings/new",
    endpoint="create",
    view_func=views.create,
    methods=["GET", "POST"],
)
bp.add_url_rule(M + "/edit", endpoint="edit", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule(M + "/registrations", endpoint="registrations", view_func=views.registrations)
bp.add_url_rule(
    M + "/minutes", endpoint="minutes", view_func=views.minutes, methods=["GET", "POST"]
)
bp.add_url_rule(
    M + "/attachments", endpoint="add_attachment", view_func=views.add_attachment, methods=["POST"]
)
bp.add_url_rule(
    M + "/remarks/new", endpoint="new_remark", view_func=views.new_remark, methods=["GET", "POST"]
)
