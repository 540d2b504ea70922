"""The opportunities board: current offers, the archive, the annual plan of competitions, an
opportunity's page, and publishing (officials).

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then flash and redirect.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import WARSAW, to_utc, to_warsaw_naive, utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.extensions import db
from app.hub import permissions, queries, services
from app.hub.forms import COMPETITION_NEEDS_DEADLINE, OpportunityForm
from app.hub.messages import KIND_LABELS, MONTH_LABELS
from app.hub.models import Opportunity, OpportunityKind
from app.hub.views._common import filter_args
from app.organizations.queries import all_areas


def _opportunity_filters() -> queries.OpportunityFilters:
    kind = request.args.get("kind", "")
    return queries.OpportunityFilters(
        kind=kind if kind in set(OpportunityKind) else "",
        area=request.args.get("area", "")[:60],
    )


def _board(archive: bool):
    filters = _opportunity_filters()
    now = utcnow()
    opportunities = list(db.session.scalars(queries.opportunities_query(filters, now, archive)))
    return render_template(
        "opportunities/index.html",
        opportunities=opportunities,
        archive=archive,
        filters=filters,
        filter_args=filter_args(filters),
        areas=all_areas(),
        kind_labels=KIND_LABELS,
        month_labels=MONTH_LABELS,
        can_manage=permissions.can_manage_opportunities(current_user),
        now=now,
    )


def index():
    """Current opportunities by nearest deadline, filtered by type and area."""
    return _board(archive=False)


def archive():
    """Opportunities whose deadline has passed, most recent first."""
    return _board(archive=True)


def plan():
    """The annual plan of competitions: what is planned in a year, by month."""
    this_year = utcnow().astimezone(WARSAW).year
    planned = queries.plan_years()
    # Without ?year=, the first year from this one on that has planned competitions.
    default = next((y for y in planned if y >= this_year), this_year)
    year = request.args.get("year", default, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    years = sorted({*planned, this_year, this_year + 1})
    return render_template(
        "opportunities/plan.html",
        year=year,
        years=years,
        months=queries.annual_plan(year),
        month_labels=MONTH_LABELS,
        kind_labels=KIND_LABELS,
        now=utcnow(),
    )


def show(opportunity_id: int):
    """One opportunity's page."""
    opportunity = get_or_404(Opportunity, opportunity_id)
    return render_template(
        "opportunities/show.html",
        opportunity=opportunity,
        kind_labels=KIND_LABELS,
        month_labels=MONTH_LABELS,
        can_manage=permissions.can_manage_opportunities(current_user),
        now=utcnow(),
    )


#: The service's refusals of an opportunity form's input: the field and its message.
OPPORTUNITY_INPUT_ERRORS = {
    services.DeadlineInPast: ("deadline_at", _l("The deadline must be in the future.")),
    services.MissingDeadline: ("deadline_at", COMPETITION_NEEDS_DEADLINE),
    services.InvalidAmount: ("amount", _l("The amount cannot be negative.")),
    services.UnknownArea: ("areas", _l("Choose the area of public benefit.")),
}


def _prepare_opportunity_form(form: OpportunityForm) -> None:
    locale = str(get_locale())
    form.areas.choices = [(a.code, a.name(locale)) for a in all_areas()]


def _opportunity_data(form: OpportunityForm) -> services.OpportunityData:
    month = form.planned_month.data or None
    return services.OpportunityData(
        kind=OpportunityKind(form.kind.data),
        title=form.title.data,
        description=form.description.data or "",
        amount=form.amount.data,
        deadline_at=to_utc(form.deadline_at.data),
        planned_year=form.planned_year.data if month else None,
        planned_month=month,
        criteria=form.criteria.data or "",
        announcement_url=form.announcement_url.data or None,
        area_codes=form.areas.data or (),
    )


@login_required
def create():
    """Publish an opportunity (officials)."""
    require(permissions.can_manage_opportunities(current_user))
    form = OpportunityForm()
    _prepare_opportunity_form(form)
    if form.validate_on_submit():
        try:
            opportunity = services.create_opportunity(
                current_user, _opportunity_data(form), utcnow()
            )
        except tuple(OPPORTUNITY_INPUT_ERRORS) as error:
            attach_input_error(form, error, OPPORTUNITY_INPUT_ERRORS)
        else:
            commit()
            flash(_("The opportunity has been published."), "success")
            return redirect(url_for("hub.opportunity", opportunity_id=opportunity.id))
    return render_template("opportunities/form.html", form=form, opportunity=None)


@login_required
def edit(opportunity_id: int):
    """Change an opportunity (officials)."""
    opportunity = get_or_404(Opportunity, opportunity_id)
    require(permissions.can_manage_opportunities(current_user))
    form = OpportunityForm(obj=opportunity if request.method == "GET" else None)
    _prepare_opportunity_form(form)
    if opportunity.deadline_at is not None:
        form.original_deadline = opportunity.deadline_at.replace(second=0, microsecond=0)
    if request.method == "GET":
        form.description.data = opportunity.description_md
        form.deadline_at.data = to_warsaw_naive(opportunity.deadline_at)
        form.planned_month.data = opportunity.planned_month or 0
        form.areas.data = [a.code for a in opportunity.areas]
    if form.validate_on_submit():
        try:
            services.update_opportunity(
                current_user, opportunity, _opportunity_data(form), utcnow()
            )
        except tuple(OPPORTUNITY_INPUT_ERRORS) as error:
            attach_input_error(form, error, OPPORTUNITY_INPUT_ERRORS)
        else:
            commit()
            flash(_("The opportunity has been saved."), "success")
            return redirect(url_for("hub.opportunity", opportunity_id=opportunity.id))
    return render_template("opportunities/form.html", form=form, opportunity=opportunity)
