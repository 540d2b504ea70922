"""Meeting pages: registering (waiting list message), cancelling, planning with bad input,
minutes with a confirmation, a remark answered and counted in the report, iCalendar, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.auth.models import Role
from app.common.calendars import uid_domain
from app.common.timeutil import utcnow
from app.consultations.models import Comment
from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration
from tests.factories import (
    make_consultation,
    make_meeting,
    make_organization,
    make_user,
)


def test_registration_over_capacity_says_waiting_list_then_cancel_promotes(client, auth):
    meeting = make_meeting(capacity=1)
    first, second = make_organization(), make_organization()
    auth.login_as(first.memberships[0].user)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Zarejestruj się" in page and "Wejście bez schodów" in page
    response = client.post(
        f"/meetings/{meeting.id}/register", data={"organization": first.id}, follow_redirects=True
    )
    assert "Zarejestrowano Cię na spotkanie." in response.get_data(as_text=True)
    auth.login_as(second.memberships[0].user)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "trafisz na listę oczekujących" in page  # the page warns before registering
    response = client.post(
        f"/meetings/{meeting.id}/register", data={"organization": 0}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Spotkanie jest pełne: jesteś na liście oczekujących (nr 1)" in page
    auth.login_as(first.memberships[0].user)
    client.post(f"/meetings/{meeting.id}/cancel")
    status = db.session.scalar(
        select(MeetingRegistration.status).where(
            MeetingRegistration.user_id == second.memberships[0].user_id
        )
    )
    assert status == "registered"


def test_registering_for_a_forged_organization_is_refused(client, auth):
    meeting = make_meeting()
    mine, other = make_organization(), make_organization()
    auth.login_as(mine.memberships[0].user)
    response = client.post(f"/meetings/{meeting.id}/register", data={"organization": other.id})
    assert response.status_code == 302  # an unknown choice is a form error, nothing stored
    assert db.session.scalar(select(MeetingRegistration.id)) is None


def test_registration_after_the_start_is_refused_with_the_reason(client, auth):
    meeting = make_meeting(starts_at=utcnow() - timedelta(minutes=5))
    auth.login_as(make_user())
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Rejestracja jest zamknięta" in page
    response = client.post(f"/meetings/{meeting.id}/register", data={"organization": 0})
    assert response.status_code == 409
    assert "Rejestracja jest zamknięta" in response.get_data(as_text=True)


def test_planning_a_meeting_with_bad_input_keeps_what_was_typed(client, auth):
    consultation = make_consultation()
    auth.login_as(make_user(role=Role.OFFICIAL))
    url = f"/consultations/{consultation.id}/meetings/new"
    response = client.post(
        url,
        data={
            "title": "Spotkanie w bibliotece",
            "starts_at": "2027-01-20T17:00",
            "ends_at": "2027-01-20T16:00",
            "place": "",
            "online_url": "",
            "capacity": "0",
            "agenda": "Porządek",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Spotkanie w bibliotece" in page and "Porządek" in page
    assert "Podaj co najmniej 1 miejsce." in page  # the reason is said at its field
    assert db.session.scalar(select(Meeting.id)) is None
    response = client.post(
        url,
        data={
            "title": "Spotkanie w bibliotece",
            "starts_at": "2027-01-20T17:00",
            "ends_at": "2027-01-20T16:00",
            "place": "",
            "online_url": "",
            "capacity": "10",
            "agenda": "Porządek",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Porządek" in page
    assert "Spotkanie musi kończyć się po rozpoczęciu." in page
    assert "Podaj miejsce albo link do spotkania online." in page
    assert db.session.scalar(select(Meeting.id)) is None
    response = client.post(
        url,
        data={
            "title": "Spotkanie w bibliotece",
            "starts_at": "2027-01-20T17:00",
            "ends_at": "2027-01-20T19:00",
            "place": "Biblioteka Miejska",
            "capacity": "30",
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert meeting.capacity == 30 and meeting.starts_at.hour == 16  # 17:00 in Warsaw is 16:00 UTC


def test_capacity_below_the_seats_taken_is_a_field_error(client, auth):
    meeting = make_meeting(capacity=5)
    from app.meetings import services

    for _ in range(3):
        services.register(meeting, make_user(), None, utcnow())
    db.session.commit()
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data={
            "title": "Nowy tytuł",
            "starts_at": "2030-01-20T17:00",
            "ends_at": "2030-01-20T19:00",
            "place": "Sala",
            "capacity": "2",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nowy tytuł" in page
    assert "nie może być mniejsza" in page or "cannot be lower" in page
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).capacity == 5
    assert _audited("meeting.update") == 0  # nothing changed, nothing recorded
    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data={
            "title": "Nowy tytuł",
            "starts_at": "2030-01-20T17:00",
            "ends_at": "2030-01-20T19:00",
            "place": "Sala",
            "capacity": "4",
        },
    )
    assert response.status_code == 302
    assert _audited("meeting.update") == 1


def _audited(action: str) -> int:
    from sqlalchemy import func

    from app.common.audit import AuditEntry

    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def test_official_publishes_minutes_enters_a_remark_and_answers_it(client, auth):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    meeting = make_meeting(consultation, official, starts_at=utcnow() - timedelta(hours=3))
    organization = make_organization(name="Stowarzyszenie Mówiące")
    auth.login_as(official)
    # no confirmation tick: refused, text kept
    response = client.post(
        f"/meetings/{meeting.id}/minutes",
        data={"minutes": "Obecni: 12 osób.", "organizations": [organization.id]},
    )
    assert response.status_code == 200 and "Obecni: 12 osób." in response.get_data(as_text=True)
    response = client.post(
        f"/meetings/{meeting.id}/minutes",
        data={"minutes": "Obecni: 12 osób.", "organizations": [organization.id], "confirmed": "y"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/meetings/{meeting.id}/remarks/new",
        data={
            "organization": organization.id,
            "unit": consultation.current_version.units[1].key,
            "proposed_wording": "Dodać klub seniora",
            "justification": "Padło na spotkaniu",
        },
    )
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.channel == "meeting"
    client.post(
        f"/consultations/{consultation.id}/comments/{comment.id}/answer",
        data={"decision": "accepted", "justification": "Uwzględniono.", "publish": "y"},
    )
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Obecni: 12 osób." in page and "Stowarzyszenie Mówiące" in page
    assert f"Uwaga nr {comment.number}" in page or f"nr {comment.number}" in page
    from app.consultations import services as consultation_services

    after_commenting = consultation.stage("commenting").closes_at + timedelta(days=1)
    consultation_services.publish_report(
        official, consultation, "Dziękujemy.", "Piotr", after_commenting
    )
    db.session.commit()
    report = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert "uwagi zgłoszone na spotkaniach konsultacyjnych (1)" in report


def test_the_meeting_as_icalendar(client):
    meeting = make_meeting(online_url="https://meet.example.org/konsultacje")
    response = client.get(f"/meetings/{meeting.id}.ics")
    body = response.get_data(as_text=True)
    assert response.content_type.startswith("text/calendar")
    assert f"UID:meeting-{meeting.id}@{uid_domain()}" in body and "TZID=Europe/Warsaw" in body


def test_the_meeting_page_queries_do_not_grow_with_registrations(client, auth):
    from app.meetings import services

    meeting = make_meeting(capacity=3, starts_at=utcnow() + timedelta(days=2))
    official = make_user(role=Role.OFFICIAL)

    def count(url: str) -> int:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    auth.login_as(official)
    urls = [f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/registrations"]
    urls.append(f"/consultations/{meeting.consultation_id}")
    services.register(meeting, make_user(), make_organization(), utcnow())
    db.session.commit()
    before = [count(url) for url in urls]
    for _ in range(6):
        services.register(meeting, make_user(), make_organization(), utcnow())
    make_meeting(meeting.consultation)
    db.session.commit()
    assert [count(url) for url in urls] == before


def test_reminder_the_day_before_goes_once_to_those_with_a_seat(app, runner):
    from app.notifications.models import Notification
    from app.site.reminders import run_reminders

    meeting = make_meeting(capacity=1, starts_at=utcnow() + timedelta(hours=20))
    later = make_meeting(meeting.consultation, starts_at=utcnow() + timedelta(days=3))
    from app.meetings import services

    seated, waiting, other = make_user(), make_user(), make_user()
    services.register(meeting, seated, None, utcnow())
    services.register(meeting, waiting, None, utcnow())
    services.register(later, other, None, utcnow())
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 1
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 0
    rows = list(
        db.session.scalars(select(Notification).where(Notification.kind == "meeting.reminder"))
    )
    assert [n.user_id for n in rows] == [seated.id]


def test_a_moved_meeting_is_reminded_again_for_its_new_start(app):
    from dataclasses import replace

    from app.meetings import services
    from app.site.reminders import run_reminders

    meeting = make_meeting(starts_at=utcnow() + timedelta(hours=20))
    seated = make_user()
    services.register(meeting, seated, None, utcnow())
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 1
    db.session.commit()
    data = services.MeetingData(
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        online_url=meeting.online_url,
        agenda_md="Nowy porządek",
        capacity=meeting.capacity,
        accessibility_note=meeting.accessibility_note,
    )
    official = make_user(role=Role.OFFICIAL)
    services.update_meeting(official, meeting, data, utcnow())  # same start: nothing again
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 0
    later = meeting.starts_at + timedelta(hours=2)
    moved = replace(data, starts_at=later, ends_at=later + timedelta(hours=2))
    services.update_meeting(official, meeting, moved, utcnow())
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 1
    db.session.commit()
    assert run_reminders(utcnow())["meetings_tomorrow"] == 0


def test_meetings_are_in_the_calendar_and_its_feed(client):
    meeting = make_meeting(title="Spotkanie o programie 2027")
    feed = client.get("/calendar/feed.ics").get_data(as_text=True)
    assert f"UID:meeting-{meeting.id}@{uid_domain()}" in feed
    assert "LOCATION:Urząd Miasta" in feed
    page = client.get("/calendar/").get_data(as_text=True)
    assert "Spotkanie o programie 2027" in page


def test_a_file_cannot_be_attached_before_the_meeting(client, auth):
    import io

    meeting = make_meeting()  # in three days
    auth.login_as(make_user(role=Role.OFFICIAL))
    pdf = b"%PDF-1.4\n%lista obecnosci\n"
    response = client.post(
        f"/meetings/{meeting.id}/attachments",
        data={"file": (io.BytesIO(pdf), "lista.pdf")},
        follow_redirects=True,
    )
    assert "Spotkanie jeszcze się nie odbyło" in response.get_data(as_text=True)
    assert db.session.get(Meeting, meeting.id).attachments == []
    assert _audited("meeting.add_attachment") == 0
    from app.meetings import services

    with pytest.raises(services.MeetingNotHeld):
        services.add_attachment(make_user(role=Role.OFFICIAL), meeting, None, pdf, utcnow())


def test_a_file_of_the_minutes_is_the_offices_until_the_minutes_are_published(client, auth):
    import io

    meeting = make_meeting(starts_at=utcnow() - timedelta(hours=2))
    official = make_user(role=Role.OFFICIAL)
    auth.login_as(official)
    pdf = b"%PDF-1.4\n%lista obecnosci\n"
    client.post(
        f"/meetings/{meeting.id}/attachments", data={"file": (io.BytesIO(pdf), "lista.pdf")}
    )
    attachment = db.session.get(Meeting, meeting.id).attachments[0]
    url = f"/meetings/{meeting.id}/attachments/{attachment.id}"
    assert client.get(url).data == pdf  # the office sees it at once
    auth.logout()
    assert client.get(url).status_code == 404
    auth.login_as(make_organization().memberships[0].user)
    assert client.get(url).status_code == 404
    auth.login_as(official)
    client.post(
        f"/meetings/{meeting.id}/minutes", data={"minutes": "Obecni: 5 osób.", "confirmed": "y"}
    )
    auth.logout()
    assert client.get(url).data == pdf


def test_a_file_of_the_minutes_is_checked_attached_and_downloaded(client, auth):
    import io

    meeting = make_meeting(starts_at=utcnow() - timedelta(hours=2))
    auth.login_as(make_user(role=Role.OFFICIAL))
    url = f"/meetings/{meeting.id}/attachments"
    response = client.post(
        url, data={"file": (io.BytesIO(b"MZ\x00\x01"), "lista.exe")}, follow_redirects=True
    )
    assert "Pliki tego typu nie są przyjmowane." in response.get_data(as_text=True)
    pdf = b"%PDF-1.4\n%lista obecnosci\n"
    response = client.post(url, data={"file": (io.BytesIO(pdf), "lista-obecnosci.pdf")})
    assert response.status_code == 302
    attachment = db.session.get(Meeting, meeting.id).attachments[0]
    download = client.get(f"/meetings/{meeting.id}/attachments/{attachment.id}")
    assert download.data == pdf
    assert "attachment" in download.headers["Content-Disposition"]
    assert _audited("meeting.add_attachment") == 1  # the refused file is not recorded


def test_the_round_page_lists_its_meetings_and_surveys(client):
    from tests.factories import make_survey

    meeting = make_meeting(title="Spotkanie w bibliotece")
    make_survey(meeting.consultation, title="Ankieta dla organizacji")
    page = client.get(f"/consultations/{meeting.consultation_id}").get_data(as_text=True)
    assert "Spotkania konsultacyjne" in page and "Spotkanie w bibliotece" in page
    assert "zostało 20 miejsc" in page
    assert "Ankiety" in page and "Ankieta dla organizacji" in page


def test_a_remark_made_by_a_person_is_entered_with_their_name(client, auth):
    official = make_user(role=Role.OFFICIAL, name="Urzędniczka Wpisująca")
    consultation = make_consultation(official)
    meeting = make_meeting(consultation, official, starts_at=utcnow() - timedelta(hours=3))
    make_organization(name="Stowarzyszenie Obecne")
    auth.login_as(official)
    url = f"/meetings/{meeting.id}/remarks/new"
    page = client.get(url).get_data(as_text=True)
    assert "Osoba (podaj imię i nazwisko poniżej)" in page and "Stowarzyszenie Obecne" in page
    data = {
        "organization": 0,
        "person_name": "  ",
        "unit": "",
        "proposed_wording": "Więcej ławek w parku",
        "justification": "Mówiła mieszkanka",
    }
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Podaj imię i nazwisko osoby, która zgłosiła uwagę." in page
    assert "Więcej ławek w parku" in page
    assert db.session.scalar(select(Comment.id)) is None
    response = client.post(url, data={**data, "person_name": "Jan Kowalski"})
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.organization_id is None and comment.submitter_name == "Jan Kowalski"
    assert comment.channel == "meeting"
    auth.logout()  # as the public reads it (the header names whoever is signed in)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jan Kowalski" in page and "Urzędniczka Wpisująca" not in page
    auth.login_as(official)
    from app.common.models import AuditEntry

    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "comment.enter_meeting")
    )
    assert entry.details["person"] == "Jan Kowalski" and not entry.details.get("organization")
    # an organization's remark names no person, whatever was typed
    organization = make_organization(name="Fundacja Mówiąca")
    client.post(url, data={**data, "organization": organization.id, "person_name": "Ktoś"})
    second = db.session.scalars(select(Comment).order_by(Comment.id)).all()[-1]
    assert second.organization_id == organization.id and second.submitter_name is None
