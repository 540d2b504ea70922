"""A meeting as an iCalendar event (the calendar feeds of the hub list meetings too, with the
same UID). The file names the platform and the body from the site settings."""

from __future__ import annotations

from flask_babel import get_locale
from icalendar import Calendar
from icalendar import Event as IEvent

from app.common.calendars import prodid, uid_domain
from app.common.identity import site_identity
from app.common.sanitize import plain_text
from app.common.timeutil import WARSAW, utcnow
from app.meetings.models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@{uid_domain()}"


def meeting_event(meeting: Meeting, link: str) -> IEvent:
    """The VEVENT of a meeting: time in Europe/Warsaw, place or link, agenda and address."""
    event = IEvent()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", utcnow().replace(microsecond=0))
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at.astimezone(WARSAW).replace(microsecond=0))
    event.add("dtend", meeting.ends_at.astimezone(WARSAW).replace(microsecond=0))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", link)
    event.add("description", f"{plain_text(meeting.agenda_md)}\n\n{link}".strip())
    event.add("last-modified", meeting.updated_at.replace(microsecond=0))
    return event


def meeting_calendar(meeting: Meeting, link: str) -> bytes:
    """The meeting as an iCalendar file, naming the platform and the body that runs it (in the
    page's language) from the site settings."""
    identity = site_identity()
    platform = identity.platform_name
    publisher = identity.body_name(str(get_locale()))
    calendar = Calendar()
    calendar.add("prodid", prodid(platform, "Spotkania"))
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", platform)
    calendar.add("x-wr-caldesc", f"{platform} — {publisher}")
    calendar.add_component(meeting_event(meeting, link))
    calendar.add_missing_timezones()
    return calendar.to_ical()
