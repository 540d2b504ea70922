"""The URL map of surveys; the views are in :mod:`app.surveys.views`."""

from __future__ import annotations

from flask import Blueprint

from app.consultations.sections import register as register_section
from app.surveys.sections import report_section, round_section
from app.surveys.views import management, public

bp = Blueprint("surveys", __name__)
register_section("round", round_section)
register_section("report", report_section)

S = "/surveys/<int:survey_id>"

# everyone: the survey, its results (once closed) and their exports
bp.add_url_rule(S, endpoint="show", view_func=public.show)
bp.add_url_rule(S + "/results", endpoint="results", view_func=public.results)
bp.add_url_rule(S + "/results.csv", endpoint="results_csv", view_func=public.results_csv)
bp.add_url_rule(S + "/results.xlsx", endpoint="results_xlsx", view_func=public.results_xlsx)

# signed-in people: answering (a draft, then sending; editable until closing)
bp.add_url_rule(
    S + "/respond", endpoint="respond", view_func=public.respond, methods=["GET", "POST"]
)

# officials: preparing the survey and its questions, the preview, hiding an answer
bp.add_url_rule(
    "/consultations/<int:consultation_id>/surveys/new",
    endpoint="create",
    view_func=management.create,
    methods=["GET", "POST"],
)
bp.add_url_rule(S + "/edit", endpoint="edit", view_func=management.edit, methods=["GET", "POST"])
bp.add_url_rule(
    S + "/manage", endpoint="manage", view_func=management.manage, methods=["GET", "POST"]
)
bp.add_url_rule(
    S + "/questions/<int:question_id>/delete",
    endpoint="delete_question",
    view_func=management.delete_question,
    methods=["POST"],
)
bp.add_url_rule(
    S + "/questions/<int:question_id>/edit",
    endpoint="edit_question",
    view_func=management.edit_question,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    S + "/questions/<int:question_id>/move",
    endpoint="move_question",
    view_func=management.move_question,
    methods=["POST"],
)
bp.add_url_rule(S + "/preview", endpoint="preview", view_func=management.preview)
bp.add_url_rule(
    S + "/answers/<int:answer_id>/hide",
    endpoint="hide_answer",
    view_func=management.hide_answer,
    methods=["POST"],
)
