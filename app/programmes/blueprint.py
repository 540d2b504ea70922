"""The programme of cooperation's whole URL map (/programmes)."""

from __future__ import annotations

from flask import Blueprint

from app.programmes.views import manage, notices, public
from app.programmes.views._common import long_date

bp = Blueprint("programmes", __name__, url_prefix="/programmes")
GP = ["GET", "POST"]
P = ["POST"]

# public
bp.add_url_rule("/", endpoint="index", view_func=public.index)
bp.add_url_rule("/<int:programme_id>", endpoint="show", view_func=public.show)
bp.add_url_rule(
    "/<int:programme_id>/implementation",
    endpoint="implementation",
    view_func=public.implementation,
)
bp.add_url_rule("/tasks/<int:task_id>", endpoint="task", view_func=public.task)
# the report on a year of the programme: /report/<year>/...; an annual programme's URLs may
# leave the year out (the short form is what its pages link to)
NO_YEAR = {"defaults": {"year": None}}
for prefix, defaults in (
    ("/<int:programme_id>/report", NO_YEAR),
    ("/<int:programme_id>/report/<int:year>", {}),
):
    bp.add_url_rule(prefix, endpoint="report", view_func=public.report, **defaults)
    bp.add_url_rule(
        prefix + "/<table>.csv",
        endpoint="report_csv",
        view_func=public.report_csv,
        **defaults,
    )
    bp.add_url_rule(
        prefix + ".xlsx", endpoint="report_xlsx", view_func=public.report_xlsx, **defaults
    )
    bp.add_url_rule(
        prefix + "/edit",
        endpoint="report_edit",
        view_func=manage.report_edit,
        methods=GP,
        **defaults,
    )
    bp.add_url_rule(
        prefix + "/publish",
        endpoint="report_publish",
        view_func=manage.report_publish,
        methods=GP,
        **defaults,
    )
    bp.add_url_rule(
        prefix + "/correct",
        endpoint="report_correct",
        view_func=manage.report_correct,
        methods=GP,
        **defaults,
    )
bp.add_url_rule(
    "/<int:programme_id>/report/<int:year>/revisions/<int:number>",
    endpoint="report_revision",
    view_func=public.report_revision,
)
bp.add_url_rule("/files/<int:file_id>", endpoint="document", view_func=public.document)

# the office: the programme and its adoption
bp.add_url_rule("/new", endpoint="create", view_func=manage.create, methods=GP)
bp.add_url_rule("/<int:programme_id>/edit", endpoint="edit", view_func=manage.edit, methods=GP)
bp.add_url_rule(
    "/<int:programme_id>/opinion", endpoint="opinion", view_func=manage.opinion, methods=GP
)
bp.add_url_rule("/<int:programme_id>/adopt", endpoint="adopt", view_func=manage.adopt, methods=GP)
bp.add_url_rule(
    "/<int:programme_id>/indicators",
    endpoint="indicators",
    view_func=manage.indicators,
    methods=GP,
)

# the office: tracked tasks
bp.add_url_rule("/<int:programme_id>/tasks", endpoint="tasks_manage", view_func=manage.tasks_manage)
bp.add_url_rule(
    "/<int:programme_id>/tasks/priorities",
    endpoint="track_priorities",
    view_func=manage.track_priorities,
    methods=P,
)
bp.add_url_rule(
    "/<int:programme_id>/tasks/proposal",
    endpoint="track_proposal",
    view_func=manage.track_proposal,
    methods=P,
)
bp.add_url_rule(
    "/<int:programme_id>/tasks/option",
    endpoint="track_option",
    view_func=manage.track_option,
    methods=P,
)
bp.add_url_rule("/tasks/<int:task_id>/manage", endpoint="task_manage", view_func=manage.task_manage)
bp.add_url_rule(
    "/tasks/<int:task_id>/edit", endpoint="task_edit", view_func=manage.task_edit, methods=P
)
bp.add_url_rule(
    "/tasks/<int:task_id>/correct",
    endpoint="correct_task",
    view_func=manage.correct_task,
    methods=GP,
)
bp.add_url_rule(
    "/tasks/<int:task_id>/milestones",
    endpoint="add_milestone",
    view_func=manage.add_milestone,
    methods=P,
)
bp.add_url_rule(
    "/tasks/<int:task_id>/remove", endpoint="remove_task", view_func=manage.remove_task, methods=GP
)
bp.add_url_rule(
    "/milestones/<int:milestone_id>/edit",
    endpoint="edit_milestone",
    view_func=manage.edit_milestone,
    methods=GP,
)
bp.add_url_rule(
    "/milestones/<int:milestone_id>/remove",
    endpoint="remove_milestone",
    view_func=manage.remove_milestone,
    methods=GP,
)
bp.add_url_rule(
    "/tasks/<int:task_id>/updates",
    endpoint="post_update",
    view_func=manage.post_update,
    methods=P,
)
bp.add_url_rule(
    "/updates/<int:update_id>/edit",
    endpoint="edit_update",
    view_func=manage.edit_update,
    methods=GP,
)
bp.add_url_rule(
    "/tasks/<int:task_id>/opportunities",
    endpoint="link_opportunity",
    view_func=manage.link_opportunity,
    methods=P,
)
bp.add_url_rule(
    "/tasks/<int:task_id>/grants", endpoint="add_grant", view_func=manage.add_grant, methods=P
)
bp.add_url_rule(
    "/grants/<int:grant_id>/edit", endpoint="edit_grant", view_func=manage.edit_grant, methods=GP
)
bp.add_url_rule(
    "/grants/<int:grant_id>/remove",
    endpoint="remove_grant",
    view_func=manage.remove_grant,
    methods=GP,
)

# the office: the report (its edit, publish and correct pages are registered with the public
# report's URLs above, per year)

# change notices of funded organizations
bp.add_url_rule(
    "/tasks/<int:task_id>/notices/new",
    endpoint="notice_create",
    view_func=notices.create,
    methods=GP,
)
bp.add_url_rule("/notices/<int:notice_id>", endpoint="notice", view_func=notices.show)
bp.add_url_rule(
    "/notices/<int:notice_id>/answer",
    endpoint="notice_answer",
    view_func=notices.answer,
    methods=P,
)
bp.add_url_rule(
    "/notices/<int:notice_id>/reply",
    endpoint="notice_reply",
    view_func=notices.reply,
    methods=P,
)

bp.add_app_template_filter(long_date, "longdate")
# the opportunities board (a wing below this one) shows the tasks an opportunity implements
bp.app_context_processor(public.opportunity_tasks)
