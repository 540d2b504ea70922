"""The hub's whole URL map: the calendar (/calendar) and the opportunities board
(/opportunities), one blueprint for both."""

from __future__ import annotations

from flask import Blueprint

from app.hub.views import calendar, opportunities

bp = Blueprint("hub", __name__)

# the calendar and its iCalendar feeds
bp.add_url_rule("/calendar/", endpoint="calendar", view_func=calendar.index)
bp.add_url_rule(
    "/calendar/month",
    endpoint="calendar_month",
    view_func=calendar.month,
    defaults={"year": None, "month": None},
)
bp.add_url_rule(
    "/calendar/<int:year>/<int:month>", endpoint="calendar_month", view_func=calendar.month
)
bp.add_url_rule("/calendar/events/<int:event_id>", endpoint="event", view_func=calendar.event)
bp.add_url_rule(
    "/calendar/events/new",
    endpoint="event_create",
    view_func=calendar.create_event,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/calendar/events/<int:event_id>/edit",
    endpoint="event_edit",
    view_func=calendar.edit_event,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/calendar/events/<int:event_id>/delete",
    endpoint="event_delete",
    view_func=calendar.delete_event,
    methods=["POST"],
)
bp.add_url_rule(
    "/calendar/events/<int:event_id>.ics", endpoint="event_ics", view_func=calendar.event_ics
)
bp.add_url_rule("/calendar/feed.ics", endpoint="calendar_feed", view_func=calendar.feed)
bp.add_url_rule(
    "/calendar/organizations/<int:organization_id>.ics",
    endpoint="organization_feed",
    view_func=calendar.organization_feed,
)
bp.add_url_rule("/calendar/areas/<code>.ics", endpoint="area_feed", view_func=calendar.area_feed)

# the opportunities board
bp.add_url_rule("/opportunities/", endpoint="opportunities", view_func=opportunities.index)
bp.add_url_rule(
    "/opportunities/archive", endpoint="opportunity_archive", view_func=opportunities.archive
)
bp.add_url_rule("/opportunities/plan", endpoint="opportunity_plan", view_func=opportunities.plan)
bp.add_url_rule(
    "/opportunities/<int:opportunity_id>", endpoint="opportunity", view_func=opportunities.show
)
bp.add_url_rule(
    "/opportunities/new",
    endpoint="opportunity_create",
    view_func=opportunities.create,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/opportunities/<int:opportunity_id>/edit",
    endpoint="opportunity_edit",
    view_func=opportunities.edit,
    methods=["GET", "POST"],
)
