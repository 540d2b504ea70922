"""Public pages of the programme of cooperation: the list, a programme with its statutory
calendar, the implementation page, a task, the report and its tables, and documents."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from app.common.timeutil import utcnow
from app.common.web import commit, get_or_404
from app.consultations.messages import DECISION_LABELS as COMMENT_DECISIONS
from app.extensions import db
from app.hub.messages import KIND_LABELS
from app.organizations.acting import my_organizations
from app.organizations.permissions import can_act_for
from app.organizations.queries import all_areas
from app.programmes import chart, export, permissions, queries, services, snapshot, timeline
from app.programmes.messages import (
    ANSWER_LABELS,
    BASIS_LABELS,
    NOTICE_KIND_LABELS,
    OWNER_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATE_LABELS,
)
from app.programmes.models import (
    ChangeNotice,
    NoticeReply,
    Programme,
    ProgrammeFile,
    ProgrammeReport,
    ProgrammeReportRevision,
)
from app.programmes.services import local_today
from app.programmes.states import TaskStatus
from app.programmes.views._common import locale

LABELS = {
    "status_labels": STATUS_LABELS,
    "source_labels": SOURCE_LABELS,
    "step_labels": STEP_LABELS,
    "owner_labels": OWNER_LABELS,
    "step_state_labels": STEP_STATE_LABELS,
    "notice_kind_labels": NOTICE_KIND_LABELS,
    "answer_labels": ANSWER_LABELS,
    "basis_labels": BASIS_LABELS,
}


def _steps(programme: Programme):
    now = utcnow()
    return timeline.steps(queries.programme_dates(programme, now), local_today(now))


def index():
    """Every programme by year, with what is late."""
    items = [(p, _steps(p)) for p in queries.programmes()]
    return render_template(
        "programmes/index.html",
        items=items,
        can_manage=permissions.can_manage(current_user),
        **LABELS,
    )


def show(programme_id: int):
    """A programme: its statutory calendar, documents, rounds and votes, tasks."""
    programme = queries.programme_for_page(programme_id)
    if programme is None:
        abort(404)
    return render_template(
        "programmes/show.html",
        programme=programme,
        steps=_steps(programme),
        votes=queries.votes_of_rounds(programme.rounds),
        tasks=queries.tasks_of(programme),
        can_manage=permissions.can_manage(current_user),
        **LABELS,
    )


def opportunity_tasks() -> dict:
    """Lets an opportunity's page of the board (which cannot import this wing) list the
    tracked tasks of programmes it implements."""
    return {"programme_tasks_of_opportunity": queries.tasks_of_opportunity}


def _filters() -> queries.TaskFilters:
    status = request.args.get("status", "")
    return queries.TaskFilters(
        area=request.args.get("area", "")[:60],
        status=status if status in set(TaskStatus) else "",
        organization=request.args.get("organization", type=int),
    )


def implementation(programme_id: int):
    """The public implementation page: tasks with filters, a timeline, planned vs spent."""
    programme = get_or_404(Programme, programme_id)
    filters = _filters()
    tasks = queries.tasks_of(programme, filters)
    areas = queries.area_totals(tasks, locale())
    return render_template(
        "programmes/implementation.html",
        programme=programme,
        tasks=tasks,
        filters=filters,
        areas=areas,
        chart=chart.planned_spent_chart(areas),
        entries=queries.implementation_timeline(tasks),
        all_areas=all_areas(),
        organizations=queries.funded_organizations(programme),
        today=local_today(utcnow()),
        **LABELS,
    )


def task(task_id: int):
    """A tracked task: status, milestones, money, competitions and results, updates."""
    item = queries.task_for_page(task_id)
    if item is None:
        abort(404)
    funded = permissions.funded_organization_ids(item)
    if permissions.can_manage(current_user):
        notices = queries.notices_of_task(item, None)
    else:
        mine = [o.id for o in my_organizations()] if current_user.is_authenticated else []
        notices = queries.notices_of_task(item, mine) if mine else []
    can_notify = current_user.is_authenticated and any(o.id in funded for o in my_organizations())
    return render_template(
        "programmes/task.html",
        task=item,
        programme=item.programme,
        notices=notices,
        can_notify=can_notify,
        can_manage=permissions.can_manage(current_user),
        **LABELS,
    )


def _report_or_404(programme_id: int, year: int | None) -> tuple[Programme, ProgrammeReport]:
    """The programme and its report on ``year`` (None: an annual programme's only report, or a
    multi-year one's latest the person may see); 404 when not drafted or not visible."""
    programme = get_or_404(Programme, programme_id)
    visible = [
        r for r in programme.reports if r.is_drafted and permissions.can_see_report(current_user, r)
    ]
    if year is None:
        report = visible[-1] if visible else None
    else:
        report = next((r for r in visible if r.year == year), None)
    if report is None:
        abort(404)
    return programme, report


def _shown(
    programme: Programme, report: ProgrammeReport, revision: ProgrammeReportRevision | None
) -> tuple[snapshot.ReportView, ProgrammeReportRevision | None]:
    """What the page and the downloads show: a published report's revision (its latest by
    default) from its snapshot, never from the live data; a draft from the data as it is now."""
    if report.is_published:
        if services.fill_missing_snapshots(report):  # migrated before snapshots existed
            commit()
        revision = revision or report.current
        return snapshot.view(revision.snapshot, locale()), revision
    data = queries.report_data(programme, locale(), year=report.year)
    return snapshot.view(snapshot.take(data), locale()), None


def _render_report(programme: Programme, report: ProgrammeReport, revision=None):
    data, shown = _shown(programme, report, revision)
    return render_template(
        "programmes/report.html",
        programme=programme,
        report=report,
        revision=shown,
        data=data,
        tables=export.TABLES,
        table_names=export.sheet_names(),
        chart=chart.planned_spent_chart(data.areas),
        printable=bool(request.args.get("print")),
        can_manage=permissions.can_manage(current_user),
        decision_labels=COMMENT_DECISIONS,
        kind_labels=KIND_LABELS,
        **LABELS,
    )


def report(programme_id: int, year: int | None = None):
    """The implementation report on a year (a draft only for officials); ``?print=1`` for A4.
    A published report shows its latest revision, with the correction notice and history."""
    programme, item = _report_or_404(programme_id, year)
    return _render_report(programme, item)


def report_revision(programme_id: int, year: int, number: int):
    """An earlier published revision of the report, as it was published."""
    programme, item = _report_or_404(programme_id, year)
    revision = next((r for r in item.revisions if r.number == number), None)
    if revision is None:
        abort(404)
    return _render_report(programme, item, revision)


def _file_stem(programme: Programme, item: ProgrammeReport) -> str:
    stem = f"sprawozdanie-program-{programme.year}"
    return f"{stem}-rok-{item.year}" if programme.is_multi_year else stem


def report_csv(programme_id: int, table: str, year: int | None = None):
    """One table of the report as CSV for Polish Excel (of the published revision)."""
    programme, item = _report_or_404(programme_id, year)
    if table not in export.TABLES:
        abort(404)
    data, revision = _shown(programme, item, None)
    text = export.to_csv(programme, item, revision, table, data)
    response = Response(text, mimetype="text/csv")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"{_file_stem(programme, item)}-{table}.csv"
    )
    return response


def report_xlsx(programme_id: int, year: int | None = None):
    """The report's tables as an XLSX workbook (of the published revision)."""
    programme, item = _report_or_404(programme_id, year)
    data, revision = _shown(programme, item, None)
    body = export.to_xlsx(programme, item, revision, data)
    response = Response(
        body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"{_file_stem(programme, item)}.xlsx"
    )
    return response


def document(file_id: int):
    """Download a document: public ones for anyone; a change notice's only for the office
    and the organization that filed it."""
    item = get_or_404(ProgrammeFile, file_id)
    if not item.is_public:
        notice = db.session.scalar(
            select(ChangeNotice).where(
                (ChangeNotice.file_id == item.id)
                | ChangeNotice.id.in_(
                    select(NoticeReply.notice_id).where(NoticeReply.file_id == item.id)
                )
            )
        )
        if notice is None or not (
            permissions.can_manage(current_user) or can_act_for(current_user, notice.organization)
        ):
            abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
