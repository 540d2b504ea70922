"""The calendar: upcoming events and consultation stages, a month's view, an event's page,
publishing events, and the iCalendar feeds.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then flash and redirect.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.calendars import slug
from app.common.identity import site_identity
from app.common.timeutil import WARSAW, to_utc, to_warsaw_naive, utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations.messages import STAGE_LABELS
from app.extensions import db
from app.hub import monthgrid, permissions, queries, services
from app.hub.forms import EventForm
from app.hub.ical import build_calendar
from app.hub.messages import MONTH_LABELS
from app.hub.models import Event
from app.hub.queries import Edge
from app.hub.views._common import filter_args
from app.organizations.acting import my_organizations
from app.organizations.models import Organization, OrganizationStatus
from app.organizations.queries import all_areas, area_by_code, verified_organizations

#: How far the upcoming list and the feeds look ahead, and how far the feeds look back.
UPCOMING_DAYS = 366
FEED_PAST_DAYS = 92
ICAL_TYPE = "text/calendar; charset=utf-8"


# --- public pages -------------------------------------------------------------------------


def _calendar_filters() -> queries.CalendarFilters:
    organizer = request.args.get("organizer", "")
    return queries.CalendarFilters(
        area=request.args.get("area", "")[:60],
        organizer=organizer if organizer == queries.CITY or organizer.isdigit() else "",
    )


def _calendar_context(filters: queries.CalendarFilters) -> dict:
    return {
        "filters": filters,
        "filter_args": filter_args(filters),
        "areas": all_areas(),
        "organizers": queries.organizers(),
        "city": queries.CITY,
        "stage_labels": STAGE_LABELS,
        "can_publish": permissions.can_publish_events(current_user, my_organizations()),
    }


def index():
    """Upcoming events and consultation stages, with filters and feeds."""
    filters = _calendar_filters()
    now = utcnow()
    items = queries.calendar_items(now, now + timedelta(days=UPCOMING_DAYS), filters)
    return render_template(
        "calendar/index.html", days=queries.by_local_day(items), **_calendar_context(filters)
    )


def _day_names() -> list[tuple[str, str]]:
    """(full, short) names of the days of the week from Monday, in the page's language."""
    days = get_locale().days["format"]
    return [(days["wide"][n], days["abbreviated"][n]) for n in range(7)]


def month(year: int | None, month: int | None):
    """One month (by default this one) as a grid of weeks, or with ``?view=list`` as a list per
    day (phones get the list), with links to the months around it."""
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
        as_list=request.args.get("view") == "list",
        weeks=monthgrid.month_weeks(year, month, items, today, WARSAW),
        day_names=_day_names(),
        **_calendar_context(filters),
    )


def event(event_id: int):
    """One event's page."""
    event = get_or_404(Event, event_id)
    return render_template(
        "calendar/show.html",
        event=event,
        can_edit=permissions.can_edit_event(current_user, event),
    )


# --- publishing ---------------------------------------------------------------------------

#: The service's refusals of an event form's input: the field and the message they belong to.
EVENT_INPUT_ERRORS = {
    services.InvalidEventTime: ("ends_at", _l("The end must be later than the start.")),
    services.MissingPlace: ("place", _l("Enter the place or an online link.")),
    services.UnknownArea: ("area", _l("Choose the area of public benefit.")),
}


def _area_choices(blank: str) -> list[tuple[str, str]]:
    locale = str(get_locale())
    return [("", blank)] + [(a.code, a.name(locale)) for a in all_areas()]


def _organizer_choices() -> list[tuple[int, str]]:
    """0 is the city; officials may publish for any verified organization."""
    if permissions.can_publish_for(current_user, None):
        choices = [(0, _("City office"))]
        organizations = verified_organizations()
    else:
        choices = []
        organizations = my_organizations()
    return choices + [(o.id, o.name) for o in organizations]


def _prepare_event_form(form: EventForm) -> None:
    form.organizer.choices = _organizer_choices()
    form.area.choices = _area_choices(_("— none —"))


def _chosen_organizer(form: EventForm) -> Organization | None:
    """The organizer chosen in the form (None: the city); the service checks the person may
    publish for it, this only refuses an organization that is not verified."""
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


@login_required
def create_event():
    """Publish an event for the city or for one's organization."""
    require(permissions.can_publish_events(current_user, my_organizations()))
    form = EventForm()
    _prepare_event_form(form)
    if form.validate_on_submit():
        try:
            event = services.create_event(
                current_user, _chosen_organizer(form), _event_data(form), utcnow()
            )
        except tuple(EVENT_INPUT_ERRORS) as error:
            attach_input_error(form, error, EVENT_INPUT_ERRORS)
        else:
            commit()
            flash(_("The event has been published."), "success")
            return redirect(url_for("hub.event", event_id=event.id))
    return render_template("calendar/form.html", form=form, event=None)


@login_required
def edit_event(event_id: int):
    """Change an event."""
    event = get_or_404(Event, event_id)
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
        except tuple(EVENT_INPUT_ERRORS) as error:
            attach_input_error(form, error, EVENT_INPUT_ERRORS)
        else:
            commit()
            flash(_("The event has been saved."), "success")
            return redirect(url_for("hub.event", event_id=event.id))
    return render_template("calendar/form.html", form=form, event=event)


@login_required
def delete_event(event_id: int):
    """Remove an event from the calendar."""
    event = get_or_404(Event, event_id)
    require(permissions.can_edit_event(current_user, event))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_event(current_user, event)
    commit()
    flash(_("The event has been removed from the calendar."), "success")
    return redirect(url_for("hub.calendar"))


# --- iCalendar feeds ----------------------------------------------------------------------


def _summary(item: queries.CalendarItem) -> str:
    if item.event is not None:
        return item.event.title
    if item.meeting is not None:
        return item.meeting.title
    if item.survey is not None:
        title = item.survey.title
        if item.edge == Edge.OPENS:
            return _("Survey – opening: %(title)s", title=title)
        return _("Survey – closing: %(title)s", title=title)
    stage = str(STAGE_LABELS.get(item.stage.kind, item.stage.kind))
    title = item.stage.consultation.title
    if item.edge == Edge.OPENS:
        return _("%(stage)s – opening: %(title)s", stage=stage, title=title)
    return _("%(stage)s – closing: %(title)s", stage=stage, title=title)


def _link(item: queries.CalendarItem) -> str:
    if item.event is not None:
        return url_for("hub.event", event_id=item.event.id, _external=True)
    if item.meeting is not None:
        return url_for("meetings.show", meeting_id=item.meeting.id, _external=True)
    if item.survey is not None:  # the round lists the survey once it opens
        return url_for(
            "consultations.show",
            consultation_id=item.survey.consultation_id,
            _anchor="surveys",
            _external=True,
        )
    return url_for("consultations.show", consultation_id=item.stage.consultation_id, _external=True)


def _ical(name: str, items: list[queries.CalendarItem], filename: str) -> Response:
    identity = site_identity()
    body = build_calendar(
        name,
        items,
        _link,
        _summary,
        platform=identity.platform_name,
        publisher=identity.body_name(str(get_locale())),
    )
    response = Response(body, content_type=ICAL_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _feed_items(filters: queries.CalendarFilters) -> list[queries.CalendarItem]:
    now = utcnow()
    return queries.calendar_items(
        now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=UPCOMING_DAYS), filters
    )


def feed():
    """The whole calendar as an iCalendar feed."""
    platform = site_identity().platform_name
    return _ical(
        _("%(platform)s: calendar", platform=platform),
        _feed_items(queries.CalendarFilters()),
        f"{slug(platform)}.ics",
    )


def organization_feed(organization_id: int):
    """The events of one organization as an iCalendar feed."""
    organization = db.session.get(Organization, organization_id)
    if organization is None or organization.status != OrganizationStatus.VERIFIED:
        abort(404)
    items = _feed_items(queries.CalendarFilters(organizer=str(organization.id)))
    return _ical(organization.name, items, f"organization-{organization.id}.ics")


def area_feed(code: str):
    """Events and consultation stages of one area of public benefit as an iCalendar feed."""
    area = area_by_code(code)
    if area is None:
        abort(404)
    items = _feed_items(queries.CalendarFilters(area=area.code))
    name = _(
        "%(platform)s: %(area)s",
        platform=site_identity().platform_name,
        area=area.name(str(get_locale())),
    )
    return _ical(name, items, f"area-{area.code}.ics")


def event_ics(event_id: int):
    """One event as an iCalendar file to add to one's calendar."""
    event = get_or_404(Event, event_id)
    item = queries.CalendarItem(event.starts_at, event.ends_at, event=event)
    return _ical(event.title, [item], f"event-{event.id}.ics")
