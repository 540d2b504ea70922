"""The information hub: the calendar (with iCalendar feeds) and the opportunities board.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then flash and redirect.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.domain import NotAllowed
from app.common.timeutil import WARSAW, utcnow
from app.consultations.forms import STAGE_LABELS, to_utc, to_warsaw_naive
from app.extensions import db
from app.hub import permissions, queries, services
from app.hub.forms import KIND_LABELS, MONTH_LABELS, EventForm, OpportunityForm
from app.hub.ical import build_calendar
from app.hub.models import Event, Opportunity, OpportunityKind
from app.organizations.models import Organization, OrganizationStatus
from app.organizations.queries import all_areas, area_by_code, organizations_acting_for

calendar_bp = Blueprint("calendar", __name__, url_prefix="/calendar")
opportunities_bp = Blueprint("opportunities", __name__, url_prefix="/opportunities")

#: How far the upcoming list and the feeds look ahead, and how far the feeds look back.
UPCOMING_DAYS = 366
FEED_PAST_DAYS = 92
ICAL_TYPE = "text/calendar; charset=utf-8"


def _area_choices(blank: str) -> list[tuple[str, str]]:
    locale = str(get_locale())
    return [("", blank)] + [(a.code, a.name(locale)) for a in all_areas()]


# --- calendar: public pages ---------------------------------------------------------------


def _calendar_filters() -> queries.CalendarFilters:
    organizer = request.args.get("organizer", "")
    return queries.CalendarFilters(
        area=request.args.get("area", "")[:60],
        organizer=organizer if organizer == queries.CITY or organizer.isdigit() else "",
    )


def _filter_args(filters) -> dict:
    return {k: v for k, v in vars(filters).items() if v}


def _my_organizations() -> list[Organization]:
    return organizations_acting_for(current_user)


def _calendar_context(filters: queries.CalendarFilters) -> dict:
    return {
        "filters": filters,
        "filter_args": _filter_args(filters),
        "areas": all_areas(),
        "organizers": queries.organizers(),
        "city": queries.CITY,
        "stage_labels": STAGE_LABELS,
        "can_publish": permissions.can_publish_events(current_user, _my_organizations()),
    }


@calendar_bp.route("/")
def index():
    """Upcoming events and consultation stages, with filters and feeds."""
    filters = _calendar_filters()
    now = utcnow()
    items = queries.calendar_items(now, now + timedelta(days=UPCOMING_DAYS), filters)
    return render_template(
        "calendar/index.html", days=queries.by_local_day(items), **_calendar_context(filters)
    )


@calendar_bp.route("/month", defaults={"year": None, "month": None})
@calendar_bp.route("/<int:year>/<int:month>")
def month(year: int | None, month: int | None):
    """One month (by default this one) as a list per day, with links to the months around it."""
    today = utcnow().astimezone(WARSAW).date()
    if year is None or month is None:
        year, month = today.year, today.month
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        abort(404)
    filters = _calendar_filters()
    start, end = queries.month_range(year, month)
    items = queries.calendar_items(start, end, filters)
    first = date(year, month, 1)
    previous = first - timedelta(days=1)
    following = first + timedelta(days=31)
    return render_template(
        "calendar/month.html",
        first=first,
        month_name=MONTH_LABELS[month],
        previous=previous,
        previous_name=MONTH_LABELS[previous.month],
        following=following,
        following_name=MONTH_LABELS[following.month],
        today=today,
        days=queries.by_local_day(items),
        **_calendar_context(filters),
    )


def _get_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    return event


@calendar_bp.route("/events/<int:event_id>")
def show(event_id: int):
    """One event's page."""
    event = _get_event(event_id)
    return render_template(
        "calendar/show.html",
        event=event,
        can_edit=permissions.can_edit_event(current_user, event),
    )


# --- calendar: publishing -----------------------------------------------------------------


def _organizer_choices() -> list[tuple[int, str]]:
    """0 is the city; officials may publish for any verified organization."""
    if permissions.can_publish_for(current_user, None):
        choices = [(0, _("City office"))]
        organizations = queries.verified_organizations()
    else:
        choices = []
        organizations = _my_organizations()
    return choices + [(o.id, o.name) for o in organizations]


def _prepare_event_form(form: EventForm) -> None:
    form.organizer.choices = _organizer_choices()
    form.area.choices = _area_choices(_("— none —"))


def _chosen_organizer(form: EventForm) -> Organization | None:
    if not form.organizer.data:
        return None
    organization = db.session.get(Organization, form.organizer.data)
    require(organization is not None and organization.status == OrganizationStatus.VERIFIED)
    return organization


def _event_data(form: EventForm) -> services.EventData:
    return services.EventData(
        title=form.title.data,
        starts_at=to_utc(form.starts_at.data),
        ends_at=to_utc(form.ends_at.data),
        place=form.place.data or "",
        online_url=form.online_url.data or None,
        description=form.description.data or "",
        area_code=form.area.data or None,
        is_open_to_join=form.is_open_to_join.data,
    )


@calendar_bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    """Publish an event for the city or for one's organization."""
    require(permissions.can_publish_events(current_user, _my_organizations()))
    form = EventForm()
    _prepare_event_form(form)
    if form.validate_on_submit():
        try:
            event = services.create_event(
                current_user, _chosen_organizer(form), _event_data(form), utcnow()
            )
        except NotAllowed:
            abort(403)
        db.session.commit()
        flash(_("The event has been published."), "success")
        return redirect(url_for("calendar.show", event_id=event.id))
    return render_template("calendar/form.html", form=form, event=None)


@calendar_bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """Change an event."""
    event = _get_event(event_id)
    require(permissions.can_edit_event(current_user, event))
    form = EventForm(obj=event if request.method == "GET" else None)
    _prepare_event_form(form)
    if event.organization is not None and event.organization_id not in dict(form.organizer.choices):
        form.organizer.choices.append((event.organization_id, event.organization.name))
    if request.method == "GET":
        form.organizer.data = event.organization_id or 0
        form.area.data = event.area.code if event.area else ""
        form.starts_at.data = to_warsaw_naive(event.starts_at)
        form.ends_at.data = to_warsaw_naive(event.ends_at)
        form.description.data = event.description_md
    if form.validate_on_submit():
        try:
            services.update_event(
                current_user, event, _chosen_organizer(form), _event_data(form), utcnow()
            )
        except NotAllowed:
            abort(403)
        db.session.commit()
        flash(_("The event has been saved."), "success")
        return redirect(url_for("calendar.show", event_id=event.id))
    return render_template("calendar/form.html", form=form, event=event)


@calendar_bp.post("/events/<int:event_id>/delete")
@login_required
def delete(event_id: int):
    """Remove an event from the calendar."""
    event = _get_event(event_id)
    require(permissions.can_edit_event(current_user, event))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_event(current_user, event)
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("The event has been removed from the calendar."), "success")
    return redirect(url_for("calendar.index"))


# --- calendar: iCalendar feeds ------------------------------------------------------------


def _summary(item: queries.CalendarItem) -> str:
    if item.event is not None:
        return item.event.title
    stage = str(STAGE_LABELS.get(item.stage.kind, item.stage.kind))
    title = item.stage.consultation.title
    if item.edge == "opens":
        return _("%(stage)s opens: %(title)s", stage=stage, title=title)
    return _("%(stage)s closes: %(title)s", stage=stage, title=title)


def _link(item: queries.CalendarItem) -> str:
    if item.event is not None:
        return url_for("calendar.show", event_id=item.event.id, _external=True)
    return url_for("consultations.show", consultation_id=item.stage.consultation_id, _external=True)


def _ical(name: str, items: list[queries.CalendarItem], filename: str) -> Response:
    body = build_calendar(name, items, _link, _summary)
    response = Response(body, content_type=ICAL_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _feed_items(filters: queries.CalendarFilters) -> list[queries.CalendarItem]:
    now = utcnow()
    return queries.calendar_items(
        now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=UPCOMING_DAYS), filters
    )


@calendar_bp.route("/feed.ics")
def feed():
    """The whole calendar as an iCalendar feed."""
    return _ical(_("Konsulta: calendar"), _feed_items(queries.CalendarFilters()), "konsulta.ics")


@calendar_bp.route("/organizations/<int:organization_id>.ics")
def organization_feed(organization_id: int):
    """The events of one organization as an iCalendar feed."""
    organization = db.session.get(Organization, organization_id)
    if organization is None or organization.status != OrganizationStatus.VERIFIED:
        abort(404)
    items = _feed_items(queries.CalendarFilters(organizer=str(organization.id)))
    return _ical(organization.name, items, f"organization-{organization.id}.ics")


@calendar_bp.route("/areas/<code>.ics")
def area_feed(code: str):
    """Events and consultation stages of one area of public benefit as an iCalendar feed."""
    area = area_by_code(code)
    if area is None:
        abort(404)
    items = _feed_items(queries.CalendarFilters(area=area.code))
    name = _("Konsulta: %(area)s", area=area.name(str(get_locale())))
    return _ical(name, items, f"area-{area.code}.ics")


@calendar_bp.route("/events/<int:event_id>.ics")
def event_ics(event_id: int):
    """One event as an iCalendar file to add to one's calendar."""
    event = _get_event(event_id)
    item = queries.CalendarItem(event.starts_at, event.ends_at, event=event)
    return _ical(event.title, [item], f"event-{event.id}.ics")


# --- opportunities ------------------------------------------------------------------------


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
        filter_args=_filter_args(filters),
        areas=all_areas(),
        kind_labels=KIND_LABELS,
        month_labels=MONTH_LABELS,
        can_manage=permissions.can_manage_opportunities(current_user),
        now=now,
    )


@opportunities_bp.route("/", endpoint="index")
def opportunity_index():
    """Current opportunities by nearest deadline, filtered by type and area."""
    return _board(archive=False)


@opportunities_bp.route("/archive", endpoint="archive")
def opportunity_archive():
    """Opportunities whose deadline has passed, most recent first."""
    return _board(archive=True)


@opportunities_bp.route("/plan", endpoint="plan")
def opportunity_plan():
    """The annual plan of competitions: what is planned in a year, by month."""
    this_year = utcnow().astimezone(WARSAW).year
    year = request.args.get("year", this_year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    years = sorted({*queries.plan_years(), this_year, this_year + 1})
    return render_template(
        "opportunities/plan.html",
        year=year,
        years=years,
        months=queries.annual_plan(year),
        month_labels=MONTH_LABELS,
        kind_labels=KIND_LABELS,
        now=utcnow(),
    )


def _get_opportunity(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None:
        abort(404)
    return opportunity


@opportunities_bp.route("/<int:opportunity_id>", endpoint="show")
def opportunity_show(opportunity_id: int):
    """One opportunity's page."""
    opportunity = _get_opportunity(opportunity_id)
    return render_template(
        "opportunities/show.html",
        opportunity=opportunity,
        kind_labels=KIND_LABELS,
        month_labels=MONTH_LABELS,
        can_manage=permissions.can_manage_opportunities(current_user),
        now=utcnow(),
    )


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


@opportunities_bp.route("/new", methods=["GET", "POST"], endpoint="create")
@login_required
def opportunity_create():
    """Publish an opportunity (officials)."""
    require(permissions.can_manage_opportunities(current_user))
    form = OpportunityForm()
    _prepare_opportunity_form(form)
    if form.validate_on_submit():
        try:
            opportunity = services.create_opportunity(
                current_user, _opportunity_data(form), utcnow()
            )
        except NotAllowed:
            abort(403)
        except services.DeadlineInPast:
            form.deadline_at.errors.append(_("The deadline must be in the future."))
        else:
            db.session.commit()
            flash(_("The opportunity has been published."), "success")
            return redirect(url_for("opportunities.show", opportunity_id=opportunity.id))
    return render_template("opportunities/form.html", form=form, opportunity=None)


@opportunities_bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"], endpoint="edit")
@login_required
def opportunity_edit(opportunity_id: int):
    """Change an opportunity (officials)."""
    opportunity = _get_opportunity(opportunity_id)
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
        except NotAllowed:
            abort(403)
        except services.DeadlineInPast:
            form.deadline_at.errors.append(_("The deadline must be in the future."))
        else:
            db.session.commit()
            flash(_("The opportunity has been saved."), "success")
            return redirect(url_for("opportunities.show", opportunity_id=opportunity.id))
    return render_template("opportunities/form.html", form=form, opportunity=opportunity)
