"""iCalendar output parses back with the library, with the right times across a DST change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from app.common.calendars import uid_domain
from app.common.timeutil import WARSAW
from tests.factories import make_consultation, make_event, make_organization, make_user


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    return Calendar.from_ical(response.data)


def test_event_times_across_the_dst_change(client, app):
    # 2027-03-28: clocks go from 02:00 CET to 03:00 CEST in Warsaw.
    spring = make_event(
        title="Nocny maraton",
        starts_at=datetime(2027, 3, 28, 0, 30, tzinfo=UTC),  # 01:30 CET
        ends_at=datetime(2027, 3, 28, 2, 0, tzinfo=UTC),  # 04:00 CEST
    )
    summer = make_event(
        title="Piknik lipcowy",
        author=spring.created_by,
        starts_at=datetime(2027, 7, 10, 8, 0, tzinfo=UTC),  # 10:00 CEST
        ends_at=datetime(2027, 7, 10, 12, 0, tzinfo=UTC),
    )
    # Per-event files, so the test does not depend on the feeds' window around today.
    calendars = [_parse(client.get(f"/calendar/events/{e.id}.ics")) for e in (spring, summer)]
    for calendar in calendars:
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"
    events = {e["SUMMARY"]: e for c in calendars for e in c.walk("VEVENT")}

    night = events["Nocny maraton"]
    assert night["DTSTART"].params["TZID"] == "Europe/Warsaw"
    start, end = night.decoded("DTSTART"), night.decoded("DTEND")
    assert start.replace(tzinfo=None) == datetime(2027, 3, 28, 1, 30)
    assert end.replace(tzinfo=None) == datetime(2027, 3, 28, 4, 0)
    assert start == spring.starts_at and end == spring.ends_at
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1, minutes=30)
    assert night["UID"] == f"event-{spring.id}@{uid_domain()}"

    july = events["Piknik lipcowy"]
    assert july.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 7, 10, 10, 0)
    assert july.decoded("DTSTART") == summer.starts_at
    raw = b"".join(c.to_ical() for c in calendars).decode()
    assert "DTSTART;TZID=Europe/Warsaw:20270328T013000" in raw
    assert "DTEND;TZID=Europe/Warsaw:20270328T040000" in raw
    assert "DTSTART;TZID=Europe/Warsaw:20270710T100000" in raw
    # the VTIMEZONE describes both offsets, so apps place the times right
    assert "TZOFFSETTO:+0200" in raw and "TZOFFSETTO:+0100" in raw


def test_uids_are_stable_and_single_event_file(client, app):
    event = make_event()
    first = _parse(client.get(f"/calendar/events/{event.id}.ics"))
    second = _parse(client.get(f"/calendar/events/{event.id}.ics"))
    [a], [b] = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["UID"] == b["UID"] == f"event-{event.id}@{uid_domain()}"
    assert a["LOCATION"] == event.place
    assert f"/calendar/events/{event.id}" in str(a["URL"])
    assert a.decoded("DTSTART").astimezone(WARSAW) == event.starts_at


def test_organization_and_area_feeds_filter(client, app):
    organization = make_organization(name="Fundacja Feed")
    representative = organization.memberships[0].user
    ours = make_event(representative, organization, title="Nasze", area_code="culture-heritage")
    make_event(title="Miejskie", area_code="seniors")
    own = _parse(client.get(f"/calendar/organizations/{organization.id}.ics"))
    assert [e["SUMMARY"] for e in own.walk("VEVENT")] == [ours.title]
    culture = _parse(client.get("/calendar/areas/culture-heritage.ics"))
    assert [e["SUMMARY"] for e in culture.walk("VEVENT")] == ["Nasze"]


def test_consultation_stages_appear_in_the_feed(client, app):
    consultation = make_consultation(make_user(role="official"))
    stage = consultation.stages[0]
    calendar = _parse(client.get("/calendar/areas/seniors.ics"))
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert f"stage-{stage.id}-opens@{uid_domain()}" in uids
    assert f"stage-{stage.id}-closes@{uid_domain()}" in uids
