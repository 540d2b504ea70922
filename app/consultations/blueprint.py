"""The URL map of consultation rounds (under /consultations); the views are in
:mod:`app.consultations.views`."""

from __future__ import annotations

from flask import Blueprint

from app.consultations.sections import render_sections
from app.consultations.views import (
    answers,
    commenting,
    exchange,
    groups,
    management,
    public,
    queue,
    report,
)

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
# the parts that meetings and surveys add to a round's page and its report
bp.add_app_template_global(render_sections, "round_sections")

# everyone: the list, a round, its draft and versions, a comment, the report, downloads
bp.add_url_rule("/", endpoint="index", view_func=public.index)
bp.add_url_rule("/<int:consultation_id>", endpoint="show", view_func=public.show)
bp.add_url_rule("/<int:consultation_id>/draft", endpoint="draft", view_func=public.draft)
bp.add_url_rule(
    "/<int:consultation_id>/draft/v<int:number>", endpoint="draft", view_func=public.draft
)
bp.add_url_rule(
    "/<int:consultation_id>/draft/v<int:number>/changes",
    endpoint="changes",
    view_func=public.changes,
)
bp.add_url_rule(
    "/<int:consultation_id>/comments/<int:comment_id>", endpoint="comment", view_func=public.comment
)
bp.add_url_rule(
    "/<int:consultation_id>/attachments/<int:attachment_id>",
    endpoint="attachment",
    view_func=public.attachment,
)
bp.add_url_rule("/<int:consultation_id>/report", endpoint="report", view_func=public.report)
bp.add_url_rule(
    "/<int:consultation_id>/report.csv", endpoint="report_csv", view_func=report.report_csv
)
bp.add_url_rule(
    "/<int:consultation_id>/report.xlsx", endpoint="report_xlsx", view_func=report.report_xlsx
)

# people who comment
bp.add_url_rule(
    "/<int:consultation_id>/comment",
    endpoint="new_comment",
    view_func=commenting.new_comment,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/comments/<int:comment_id>/edit",
    endpoint="edit_comment",
    view_func=commenting.edit_comment,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/comments/<int:comment_id>/withdraw",
    endpoint="withdraw_comment",
    view_func=commenting.withdraw_comment,
    methods=["GET", "POST"],
)

# officials: the round and its timeline, announcing it, the draft's versions, documents
bp.add_url_rule("/new", endpoint="create", view_func=management.create, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:consultation_id>/edit",
    endpoint="edit",
    view_func=management.edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/announce",
    endpoint="announce",
    view_func=management.announce,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/versions/new",
    endpoint="new_version",
    view_func=management.new_version,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/attachments/new",
    endpoint="new_attachment",
    view_func=management.new_attachment,
    methods=["GET", "POST"],
)

# officials: the comments, paper forms, answers, moderation
bp.add_url_rule("/<int:consultation_id>/manage", endpoint="manage", view_func=answers.manage)
bp.add_url_rule(
    "/<int:consultation_id>/paper",
    endpoint="paper_comment",
    view_func=answers.paper_comment,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/comments/<int:comment_id>/answer",
    endpoint="answer",
    view_func=answers.answer,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/publish",
    endpoint="publish_answers",
    view_func=queue.publish_answers,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/comments/<int:comment_id>/hide",
    endpoint="hide",
    view_func=answers.hide,
    methods=["POST"],
)

# officials: the answer work queue, groups of similar remarks, answers in XLSX and back
bp.add_url_rule("/<int:consultation_id>/answers/queue", endpoint="queue", view_func=queue.queue)
bp.add_url_rule(
    "/<int:consultation_id>/answers/queue", endpoint="bulk", view_func=queue.bulk, methods=["POST"]
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/queue/publish",
    endpoint="queue_publish",
    view_func=queue.queue_publish,
    methods=["POST"],
)
bp.add_url_rule("/<int:consultation_id>/answers/groups", endpoint="groups", view_func=groups.groups)
bp.add_url_rule(
    "/<int:consultation_id>/answers/groups",
    endpoint="create_group",
    view_func=groups.create_group,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/groups/<int:group_id>",
    endpoint="group",
    view_func=groups.group,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/groups/<int:group_id>/members",
    endpoint="edit_group",
    view_func=groups.edit_group,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/groups/<int:group_id>/dissolve",
    endpoint="dissolve_group",
    view_func=groups.dissolve_group,
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers.xlsx",
    endpoint="export_answers",
    view_func=exchange.export_answers,
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/import",
    endpoint="import_answers",
    view_func=exchange.import_answers,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/<int:consultation_id>/answers/import/<int:import_id>",
    endpoint="import_preview",
    view_func=exchange.import_preview,
    methods=["GET", "POST"],
)

# officials: the report
bp.add_url_rule(
    "/<int:consultation_id>/report/publish",
    endpoint="publish_report",
    view_func=report.publish_report,
    methods=["GET", "POST"],
)
