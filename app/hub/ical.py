"""iCalendar (RFC 5545) feeds of the calendar, built with the ``icalendar`` library.

Times are written with TZID=Europe/Warsaw and a VTIMEZONE, so calendar apps show them right
on both sides of a daylight-saving change. UIDs are derived from database ids and never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from icalendar import Calendar
from icalendar import Event as IEvent

from app.common.calendars import prodid
from app.common.sanitize import plain_text
from app.common.timeutil import WARSAW, utcnow
from app.hub.queries import CalendarItem


def build_calendar(
    name: str,
    items: Iterable[CalendarItem],
    link_for: Callable[[CalendarItem], str],
    summary_for: Callable[[CalendarItem], str],
    platform: str = "Konsulta",
    publisher: str = "",
) -> bytes:
    """Serialise ``items`` into an iCalendar document named ``name``; ``platform`` and
    ``publisher`` (the body that runs the site, from its settings) name where it comes from."""
    calendar = Calendar()
    calendar.add("prodid", prodid(platform, "Kalendarz"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if publisher:
        calendar.add("x-wr-caldesc", f"{name} — {publisher}")
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    stamp = utcnow().replace(microsecond=0)
    for item in items:
        component = IEvent()
        component.add("uid", item.uid)
        component.add("dtstamp", stamp)
        component.add("summary", summary_for(item))
        component.add("dtstart", item.starts_at.astimezone(WARSAW).replace(microsecond=0))
        if item.ends_at is not None:
            component.add("dtend", item.ends_at.astimezone(WARSAW).replace(microsecond=0))
        link = link_for(item)
        component.add("url", link)
        event = item.event
        if item.meeting is not None:
            meeting = item.meeting
            if meeting.location:
                component.add("location", meeting.location)
            description = plain_text(meeting.agenda_md)
            component.add("description", f"{description}\n\n{link}".strip())
            component.add("last-modified", meeting.updated_at.replace(microsecond=0))
        elif event is not None:
            location = event.place or event.online_url or ""
            if location:
                component.add("location", location)
            description = plain_text(event.description_md)
            component.add("description", f"{description}\n\n{link}".strip())
            component.add("last-modified", event.updated_at.replace(microsecond=0))
        else:
            component.add("description", link)
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
