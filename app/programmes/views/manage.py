"""The office's side: the programme, its adoption, its tracked tasks and the report.

Every handler: load or 404, check the predicate (403), validate, call one service, commit,
then flash and redirect; a service's refusal of the input is shown at its field, with what was
typed kept.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from app.common.authz import require
from app.common.revisions import MissingCorrectionReason
from app.common.sanitize import render_markdown
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations.models import Consultation
from app.extensions import db
from app.hub.messages import KIND_LABELS
from app.hub.models import Opportunity
from app.organizations.models import Organization
from app.organizations.queries import all_areas, verified_organizations
from app.priorities.models import VoteOption
from app.programmes import permissions, queries, report, services, timeline
from app.programmes.forms import (
    AdoptForm,
    CorrectReportForm,
    GrantForm,
    IndicatorsForm,
    LinkOpportunityForm,
    MilestoneForm,
    OpinionForm,
    ProgrammeForm,
    PublishReportForm,
    RemoveForm,
    ReportForm,
    TaskDetailsForm,
    TaskForm,
    TrackOptionForm,
    TrackPrioritiesForm,
    TrackProposalForm,
    UpdateForm,
    UpdateTextForm,
)
from app.programmes.models import Grant, Milestone, Programme, ProgrammeTask, TaskUpdate
from app.programmes.states import TaskStatus
from app.programmes.views._common import locale, long_date, read_upload
from app.programmes.views.public import LABELS
from app.proposals.models import Proposal

CORRECTION_ERRORS = {
    MissingCorrectionReason: (
        "reason",
        _l(
            "Say why the published implementation report is corrected: the reason is "
            "shown publicly."
        ),
    ),
}
PROGRAMME_ERRORS = {
    services.YearTaken: ("year", _l("There is a programme for this year already.")),
    services.InvalidPeriod: ("end_year", _l("The last year cannot be before the first.")),
    services.DateInFuture: ("draft_published_on", _l("The date cannot be in the future.")),
    services.ConsultationDatesIncomplete: (
        "consultation_to",
        _l("Enter both days of the consultation, or neither."),
    ),
    services.ConsultationEndsBeforeStart: (
        "consultation_to",
        _l("The consultation's last day cannot be before its first."),
    ),
}


def _require_official() -> None:
    require(permissions.can_manage(current_user))


def _programme_form(form: ProgrammeForm) -> None:
    rounds = db.session.scalars(
        select(Consultation)
        .where(Consultation.announced_at.is_not(None))
        .order_by(Consultation.id.desc())
    )
    form.rounds.choices = [(c.id, c.title) for c in rounds]


def _programme_data(form: ProgrammeForm) -> services.ProgrammeData:
    return services.ProgrammeData(
        year=form.year.data,
        end_year=form.end_year.data,
        title=form.title.data,
        goals=form.goals.data or "",
        priority_tasks=form.priority_tasks.data or "",
        indicators=form.indicators.data or "",
        draft_published_on=form.draft_published_on.data,
        round_ids=form.rounds.data or (),
        consultation_from=form.consultation_from.data,
        consultation_to=form.consultation_to.data,
    )


@login_required
def create():
    """Start the programme for a year (officials)."""
    _require_official()
    form = ProgrammeForm()
    _programme_form(form)
    if request.method == "GET":
        form.year.data = utcnow().year + 1
    if form.validate_on_submit():
        try:
            programme = services.create_programme(current_user, _programme_data(form), utcnow())
        except tuple(PROGRAMME_ERRORS) as error:
            attach_input_error(form, error, PROGRAMME_ERRORS)
        else:
            commit()
            flash(_("The programme has been created."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=None)


@login_required
def edit(programme_id: int):
    """Change the programme's content, period, draft date and rounds (officials)."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    form = ProgrammeForm(obj=programme if request.method == "GET" else None)
    _programme_form(form)
    if request.method == "GET":
        form.end_year.data = programme.end_year if programme.is_multi_year else None
        form.goals.data = programme.goals_md
        form.rounds.data = [c.id for c in programme.rounds]
    if form.validate_on_submit():
        try:
            services.update_programme(current_user, programme, _programme_data(form), utcnow())
        except tuple(PROGRAMME_ERRORS) as error:
            attach_input_error(form, error, PROGRAMME_ERRORS)
        else:
            commit()
            flash(_("The programme has been saved."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=programme)


def _indicator_year(programme: Programme) -> int:
    """The year asked for (a multi-year programme's years), else the last year that has begun."""
    year = request.args.get("year", type=int)
    if year in range(programme.year, programme.end_year + 1):
        return year
    return min(max(utcnow().year, programme.year), programme.end_year)


@login_required
def indicators(programme_id: int):
    """Say how each evaluation indicator is measured: one of the platform's computations, or a
    value and note typed by the office for the report year (officials)."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    year = _indicator_year(programme)
    names = queries.indicator_names(programme)
    rows = queries.indicator_rows(programme)
    form = IndicatorsForm()
    if request.method == "GET":
        for name in names:
            row = rows.get(name)
            typed = next((v for v in row.values if v.year == year), None) if row else None
            form.rows.append_entry(
                {
                    "measure": (row.measure or "") if row else "",
                    "value": typed.value if typed else "",
                    "note": typed.note if typed else "",
                }
            )
    elif len(form.rows.entries) != len(names):
        flash(_("The indicators of the programme have changed: check them again."), "warning")
        return redirect(url_for("programmes.indicators", programme_id=programme.id, year=year))
    if form.validate_on_submit():
        entries = [
            services.IndicatorEntry(
                name, entry.measure.data or None, entry.value.data or "", entry.note.data or ""
            )
            for name, entry in zip(names, form.rows.entries, strict=True)
        ]
        try:
            services.set_indicators(current_user, programme, year, entries, utcnow())
        except services.IndicatorValueComputed as error:
            db.session.rollback()
            for name, entry in zip(names, form.rows.entries, strict=True):
                if name == error.args[0]:
                    entry.value.errors = [
                        *entry.value.errors,
                        _(
                            "This indicator is measured by the platform: leave its value and "
                            "note empty, or choose “typed by the office”."
                        ),
                    ]
        else:
            commit()
            flash(_("The evaluation indicators have been saved."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template(
        "programmes/indicators_form.html",
        form=form,
        programme=programme,
        year=year,
        rows=list(zip(names, form.rows.entries, strict=True)),
        **LABELS,
    )


@login_required
def opinion(programme_id: int):
    """Attach the public benefit council's opinion on the draft, with its date."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    form = OpinionForm()
    if form.validate_on_submit():
        ok, upload = read_upload(form.file, required=True)
        if ok:
            try:
                services.attach_opinion(
                    current_user, programme, form.opinion_on.data, upload, utcnow()
                )
            except services.DateInFuture as error:
                attach_input_error(
                    form,
                    error,
                    {services.DateInFuture: ("opinion_on", _("The date cannot be in the future."))},
                )
            else:
                commit()
                flash(_("The opinion has been attached."), "success")
                return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template("programmes/opinion_form.html", form=form, programme=programme)


@login_required
def adopt(programme_id: int):
    """Record the council's resolution adopting the programme, after a confirmation."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    if programme.is_adopted:
        flash(_("The adoption of this programme is recorded already."), "info")
        return redirect(url_for("programmes.show", programme_id=programme.id))
    form = AdoptForm()
    if form.validate_on_submit():
        try:
            services.adopt_programme(
                current_user,
                programme,
                form.resolution_number.data,
                form.adopted_on.data,
                form.bip_url.data or None,
                utcnow(),
            )
        except services.DateInFuture as error:
            attach_input_error(
                form,
                error,
                {services.DateInFuture: ("adopted_on", _("The date cannot be in the future."))},
            )
        else:
            commit()
            flash(_("The adoption has been recorded."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template(
        "programmes/adopt_form.html",
        form=form,
        programme=programme,
        deadline=timeline.adoption_deadline(programme.year),
    )


def _tracking_forms(programme: Programme, **bound):
    priorities = bound.get("priorities") or TrackPrioritiesForm(formdata=None)
    priorities.area.choices = [("", _("— none —"))] + [
        (a.code, a.name(locale())) for a in all_areas()
    ]
    proposal = bound.get("proposal") or TrackProposalForm(formdata=None)
    proposal.proposal.choices = [(p.id, p.title) for p in queries.trackable_proposals(programme)]
    option = bound.get("option") or TrackOptionForm(formdata=None)
    option.option.choices = [
        (o.id, f"{o.title} ({o.vote.title})") for o in queries.trackable_options(programme)
    ]
    return {"priorities_form": priorities, "proposal_form": proposal, "option_form": option}


def _tasks_page(programme: Programme, status: int = 200, **bound):
    return (
        render_template(
            "programmes/tasks_manage.html",
            programme=programme,
            tasks=queries.tasks_of(programme),
            **_tracking_forms(programme, **bound),
            **LABELS,
        ),
        status,
    )


@login_required
def tasks_manage(programme_id: int):
    """Turn the programme's priority tasks, accepted proposals and funded options into
    tracked tasks."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    return _tasks_page(programme)


@login_required
def track_priorities(programme_id: int):
    """Track every priority task of the programme not tracked yet."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    form = TrackPrioritiesForm()
    _tracking_forms(programme, priorities=form)
    if not form.validate_on_submit():
        return _tasks_page(programme, priorities=form)
    created = services.track_priority_tasks(
        current_user, programme, form.area.data or None, utcnow()
    )
    commit()
    flash(_("Tracked tasks created: %(num)d.", num=len(created)), "success")
    return redirect(url_for("programmes.tasks_manage", programme_id=programme.id))


@login_required
def track_proposal(programme_id: int):
    """Track an accepted proposal."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    form = TrackProposalForm()
    _tracking_forms(programme, proposal=form)
    if not form.validate_on_submit():
        return _tasks_page(programme, proposal=form)
    task = services.track_proposal(
        current_user, programme, get_or_404(Proposal, form.proposal.data), utcnow()
    )
    commit()
    flash(_("The proposal is a tracked task now."), "success")
    return redirect(url_for("programmes.task_manage", task_id=task.id))


@login_required
def track_option(programme_id: int):
    """Track a funded option of a vote."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    form = TrackOptionForm()
    _tracking_forms(programme, option=form)
    if not form.validate_on_submit():
        return _tasks_page(programme, option=form)
    task = services.track_vote_option(
        current_user, programme, get_or_404(VoteOption, form.option.data), utcnow()
    )
    commit()
    flash(_("The option is a tracked task now."), "success")
    return redirect(url_for("programmes.task_manage", task_id=task.id))


TASK_ERRORS = {
    services.DroppedWithoutReason: ("drop_reason", _l("Say why the task was dropped.")),
    services.SpentAboveWithoutNote: (
        "spent_note",
        _l("More was spent than planned: explain why in the note."),
    ),
    services.UnknownArea: ("area", _l("Choose an area from the list.")),
}
TASK_DETAILS_ERRORS = {
    services.EmptyTitle: ("title", _l("Enter a title.")),
    services.UnknownArea: ("area", _l("Choose an area from the list.")),
    services.SpentAboveWithoutNote: (
        "planned_amount",
        _l(
            "More has been recorded as spent than this amount: explain it first in the note "
            "on spending (Status and money)."
        ),
    ),
}
UPDATE_ERRORS = {services.EmptyUpdate: ("body", _l("Write the update."))}
MILESTONE_ERRORS = {
    services.MilestoneOutsideYear: (
        "due_on",
        _l("The date must lie within the programme's period."),
    ),
    services.MilestoneReachedOutsideYear: (
        "done_on",
        _l("The date must lie within the programme's period."),
    ),
}
REMOVE_ERRORS = {
    services.ReasonForRemovalRequired: ("reason", _l("Give the reason.")),
    services.TaskHasRecords: (
        "confirm",
        _l(
            "This task has grants, updates or change notices: it stays on record. "
            "Mark it dropped with the reason instead."
        ),
    ),
}


def _area_choices(form: TaskForm | TaskDetailsForm) -> None:
    form.area.choices = [("", _("— none —"))] + [(a.code, a.name(locale())) for a in all_areas()]


def _task_forms(task: ProgrammeTask, **bound):
    task_form = bound.get("task_form")
    if task_form is None:
        task_form = TaskForm(formdata=None, obj=task)
        task_form.area.data = task.area.code if task.area else ""
    _area_choices(task_form)
    link_form = bound.get("link_form") or LinkOpportunityForm(formdata=None)
    linked = {o.id for o in task.opportunities}
    link_form.opportunity.choices = [
        (o.id, f"{o.title} ({KIND_LABELS[o.kind]})")
        for o in db.session.scalars(select(Opportunity).order_by(Opportunity.id.desc()))
        if o.id not in linked
    ]
    grant_form = bound.get("grant_form") or GrantForm(formdata=None)
    grant_form.organization.choices = [(o.id, o.name) for o in verified_organizations()]
    grant_form.opportunity.choices = [(0, _("— none —"))] + [
        (o.id, o.title) for o in task.opportunities
    ]
    return {
        "task_form": task_form,
        "milestone_form": bound.get("milestone_form") or MilestoneForm(formdata=None),
        "update_form": bound.get("update_form") or UpdateForm(formdata=None),
        "link_form": link_form,
        "grant_form": grant_form,
    }


def _task_page(task: ProgrammeTask, **bound):
    return render_template(
        "programmes/task_manage.html",
        task=task,
        programme=task.programme,
        **_task_forms(task, **bound),
        **LABELS,
    )


@login_required
def task_manage(task_id: int):
    """The office's page of a task: status and money, milestones, updates, competitions."""
    task = queries.task_for_page(task_id)
    if task is None:
        abort(404)
    _require_official()
    return _task_page(task)


def _back(task: ProgrammeTask, message: str):
    commit()
    flash(message, "success")
    return redirect(url_for("programmes.task_manage", task_id=task.id))


@login_required
def task_edit(task_id: int):
    """Record the status, progress and money of a task."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = TaskForm()
    _area_choices(form)
    if form.validate_on_submit():
        data = services.TaskProgress(
            status=TaskStatus(form.status.data),
            progress=form.progress.data or 0,
            drop_reason=form.drop_reason.data or "",
            planned_amount=form.planned_amount.data,
            spent_amount=form.spent_amount.data,
            spent_note=form.spent_note.data or "",
            area_code=form.area.data,
        )
        try:
            services.update_task(current_user, task, data, utcnow())
        except tuple(TASK_ERRORS) as error:
            attach_input_error(form, error, TASK_ERRORS)
        else:
            return _back(task, _("The task has been saved."))
    return _task_page(task, task_form=form)


@login_required
def correct_task(task_id: int):
    """Correct a task's title, area or planned amount (a typo, a wrong area or plan)."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = TaskDetailsForm(obj=task if request.method == "GET" else None)
    _area_choices(form)
    if request.method == "GET":
        form.area.data = task.area.code if task.area else ""
    if form.validate_on_submit():
        data = services.TaskDetails(
            title=form.title.data,
            area_code=form.area.data or "",
            planned_amount=form.planned_amount.data,
        )
        try:
            services.correct_task(current_user, task, data, utcnow())
        except tuple(TASK_DETAILS_ERRORS) as error:
            attach_input_error(form, error, TASK_DETAILS_ERRORS)
        else:
            return _back(task, _("The task has been corrected."))
    return render_template(
        "programmes/task_form.html", form=form, task=task, programme=task.programme
    )


@login_required
def add_milestone(task_id: int):
    """Add a milestone to a task."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = MilestoneForm()
    if form.validate_on_submit():
        try:
            services.add_milestone(
                current_user, task, form.title.data, form.due_on.data, form.done_on.data
            )
        except tuple(MILESTONE_ERRORS) as error:
            attach_input_error(form, error, MILESTONE_ERRORS)
        else:
            return _back(task, _("The milestone has been added."))
    return _task_page(task, milestone_form=form)


def _milestone_or_404(milestone_id: int) -> Milestone:
    milestone = get_or_404(Milestone, milestone_id)
    _require_official()
    return milestone


@login_required
def edit_milestone(milestone_id: int):
    """Correct a milestone or record the day it was reached."""
    milestone = _milestone_or_404(milestone_id)
    task = milestone.task
    form = MilestoneForm(obj=milestone if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.edit_milestone(
                current_user, milestone, form.title.data, form.due_on.data, form.done_on.data
            )
        except tuple(MILESTONE_ERRORS) as error:
            attach_input_error(form, error, MILESTONE_ERRORS)
        else:
            return _back(task, _("The milestone has been changed."))
    return render_template(
        "programmes/milestone_form.html", form=form, task=task, programme=task.programme
    )


@login_required
def remove_milestone(milestone_id: int):
    """Remove a milestone entered by mistake, after a confirmation with the reason."""
    milestone = _milestone_or_404(milestone_id)
    return _remove_record(
        milestone.task,
        lambda reason: services.remove_milestone(current_user, milestone, reason),
        _("The milestone has been deleted."),
        heading=_("Delete the milestone"),
        milestone=milestone,
    )


def _remove_record(task: ProgrammeTask, remove, done: str, **shown):
    """The confirmation with the reason before removing a milestone or a result of ``task``:
    ``remove(reason)`` removes it; ``shown`` names the record on the page."""
    form = RemoveForm()
    if form.validate_on_submit():
        try:
            remove(form.reason.data)
        except services.ReasonForRemovalRequired as error:
            attach_input_error(form, error, REMOVE_ERRORS)
        else:
            return _back(task, done)
    return render_template(
        "programmes/remove_form.html",
        form=form,
        task=task,
        programme=task.programme,
        **{"milestone": None, "grant": None, **shown},
    )


@login_required
def post_update(task_id: int):
    """Post a dated update on a task (followers are notified)."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = UpdateForm()
    if form.validate_on_submit():
        ok, upload = read_upload(form.file)
        if ok:
            services.post_update(current_user, task, form.body.data, upload, utcnow())
            return _back(task, _("The update has been posted."))
    return _task_page(task, update_form=form)


@login_required
def edit_update(update_id: int):
    """Correct the text of a posted update; the public page marks it as corrected (its
    followers are not notified again)."""
    update = get_or_404(TaskUpdate, update_id)
    _require_official()
    task = update.task
    form = UpdateTextForm()
    if request.method == "GET":
        form.body.data = update.body_md
    if form.validate_on_submit():
        try:
            services.edit_update(current_user, update, form.body.data, utcnow())
        except services.EmptyUpdate as error:
            attach_input_error(form, error, UPDATE_ERRORS)
        else:
            return _back(task, _("The update has been corrected."))
    return render_template(
        "programmes/update_form.html",
        form=form,
        task=task,
        programme=task.programme,
        update=update,
    )


@login_required
def link_opportunity(task_id: int):
    """Link a competition or another form of cooperation to a task."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = LinkOpportunityForm()
    _task_forms(task, link_form=form)
    if form.validate_on_submit():
        services.link_opportunity(
            current_user, task, get_or_404(Opportunity, form.opportunity.data)
        )
        return _back(task, _("The opportunity has been linked."))
    return _task_page(task, link_form=form)


@login_required
def add_grant(task_id: int):
    """Record a result of a competition: organization, amount, what for."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    form = GrantForm()
    _task_forms(task, grant_form=form)
    if form.validate_on_submit():
        opportunity = (
            get_or_404(Opportunity, form.opportunity.data) if form.opportunity.data else None
        )
        services.add_grant(
            current_user,
            task,
            get_or_404(Organization, form.organization.data),
            form.amount.data,
            form.purpose.data,
            opportunity,
            form.offers_received.data,
        )
        return _back(task, _("The grant has been recorded."))
    return _task_page(task, grant_form=form)


def _grant_form_choices(form: GrantForm, task: ProgrammeTask) -> None:
    form.organization.choices = [(o.id, o.name) for o in verified_organizations()]
    form.opportunity.choices = [(0, _("— none —"))] + [(o.id, o.title) for o in task.opportunities]


@login_required
def edit_grant(grant_id: int):
    """Correct a recorded result of a competition."""
    grant = get_or_404(Grant, grant_id)
    _require_official()
    task = grant.task
    form = GrantForm(obj=grant if request.method == "GET" else None)
    _grant_form_choices(form, task)
    if request.method == "GET":
        form.organization.data = grant.organization_id
        form.opportunity.data = grant.opportunity_id or 0
    if form.validate_on_submit():
        opportunity = (
            get_or_404(Opportunity, form.opportunity.data) if form.opportunity.data else None
        )
        services.edit_grant(
            current_user,
            grant,
            get_or_404(Organization, form.organization.data),
            form.amount.data,
            form.purpose.data,
            opportunity,
            form.offers_received.data,
        )
        return _back(task, _("The result has been corrected."))
    return render_template(
        "programmes/grant_form.html", form=form, task=task, programme=task.programme, grant=grant
    )


@login_required
def remove_grant(grant_id: int):
    """Remove a result recorded by mistake, after a confirmation with the reason."""
    grant = get_or_404(Grant, grant_id)
    _require_official()
    return _remove_record(
        grant.task,
        lambda reason: services.remove_grant(current_user, grant, reason),
        _("The result has been removed."),
        heading=_("Remove the result"),
        grant=grant,
    )


@login_required
def remove_task(task_id: int):
    """Remove a task tracked by mistake, after a confirmation with the reason."""
    task = get_or_404(ProgrammeTask, task_id)
    _require_official()
    programme = task.programme
    form = RemoveForm()
    if form.validate_on_submit():
        try:
            services.remove_task(current_user, task, form.reason.data)
        except (services.ReasonForRemovalRequired, services.TaskHasRecords) as error:
            attach_input_error(form, error, REMOVE_ERRORS)
        else:
            commit()
            flash(_("The task has been removed."), "success")
            return redirect(url_for("programmes.tasks_manage", programme_id=programme.id))
    return render_template(
        "programmes/remove_form.html",
        form=form,
        task=task,
        programme=programme,
        heading=_("Remove the task"),
        milestone=None,
        grant=None,
        has_records=bool(task.grants or task.updates),
    )


def _report_year(programme: Programme, year: int | None) -> int:
    """The year of the report a URL names (an annual programme's URLs may leave it out)."""
    if year is None:
        if programme.is_multi_year:
            abort(404)
        return programme.year
    if year not in programme.years:
        abort(404)
    return year


@login_required
def report_edit(programme_id: int, year: int | None = None):
    """Write or edit a report's draft; its first draft is written from the data. A published
    report is not edited: it is corrected by a new revision (the correction page)."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    year = _report_year(programme, year)
    item = programme.report_for(year)
    if item is not None and item.is_published:
        flash(
            _(
                "The report is published: it is not edited any more. Publish a correction as a "
                "new revision with its reason."
            ),
            "info",
        )
        return redirect(url_for("programmes.report_correct", programme_id=programme.id, year=year))
    form = ReportForm()
    if request.method == "GET":
        if item is None or not item.is_drafted or request.args.get("regenerate"):
            data = queries.report_data(programme, locale(), year=year)
            form.text.data = report.draft_text(programme, data)
        else:
            form.text.data = item.text_md
        form.prepared_by.data = (item.prepared_by if item else "") or current_user.name
    if form.validate_on_submit():
        services.save_report(
            current_user, programme, form.text.data, form.prepared_by.data, utcnow(), year=year
        )
        commit()
        flash(_("The report has been saved."), "success")
        return redirect(url_for("programmes.report", programme_id=programme.id, year=year))
    return render_template(
        "programmes/report_form.html", form=form, programme=programme, year=year, report=item
    )


@login_required
def report_publish(programme_id: int, year: int | None = None):
    """Publish a report, after a confirmation: its text and tables are stored as they are."""
    programme = get_or_404(Programme, programme_id)
    _require_official()
    year = _report_year(programme, year)
    item = programme.report_for(year)
    if item is not None and item.is_published:
        return redirect(url_for("programmes.report_correct", programme_id=programme.id, year=year))
    form = PublishReportForm()
    opens = timeline.report_opens(year)
    if form.validate_on_submit():
        try:
            services.publish_report(current_user, programme, utcnow(), year=year)
        except (services.ReportTooEarly, services.ReportNotDrafted) as error:
            message = (
                _(
                    "The report on %(year)s can be published from %(day)s (1 January of the "
                    "following year).",
                    year=year,
                    day=long_date(opens),
                )
                if isinstance(error, services.ReportTooEarly)
                else _("Save the report's text before publishing it.")
            )
            attach_input_error(form, error, {type(error): ("confirm", message)})
        else:
            commit()
            flash(_("The implementation report has been published."), "success")
            return redirect(url_for("programmes.report", programme_id=programme.id, year=year))
    return render_template(
        "programmes/report_publish.html",
        form=form,
        programme=programme,
        year=year,
        opens=opens,
        deadline=timeline.report_deadline(year),
    )


@login_required
def report_correct(programme_id: int, year: int | None = None):
    """Correct a published report by a new dated revision with a public reason.

    Three steps, as the consultation report's correction: the form (text, prepared by, reason),
    then a confirmation page saying what will happen, then the publication of the revision
    with a new snapshot of the data as it is now.
    """
    programme = get_or_404(Programme, programme_id)
    _require_official()
    year = _report_year(programme, year)
    item = programme.report_for(year)
    if item is None or not item.is_published:
        abort(404)
    form = CorrectReportForm()
    if request.method == "GET":
        form.text.data = item.text_md
        form.prepared_by.data = item.prepared_by
    step = request.form.get("step")
    if form.validate_on_submit():
        if step == "confirm" and form.confirmed.data:
            try:
                services.correct_report(
                    current_user,
                    programme,
                    form.text.data,
                    form.prepared_by.data,
                    form.reason.data,
                    utcnow(),
                    year=year,
                )
            except MissingCorrectionReason as error:
                attach_input_error(form, error, CORRECTION_ERRORS)
            else:
                commit()
                flash(
                    _("The corrected implementation report has been published as a new revision."),
                    "success",
                )
                return redirect(url_for("programmes.report", programme_id=programme.id, year=year))
        elif step != "edit":
            if step == "confirm":
                form.confirmed.errors.append(_("Tick the box to confirm."))
            return render_template(
                "programmes/report_correct_confirm.html",
                form=form,
                programme=programme,
                report=item,
                text_html=render_markdown(form.text.data),
            )
    return render_template(
        "programmes/report_correct.html", form=form, programme=programme, report=item
    )
