"""Views of the calendar and the opportunities board: forms, bad input, pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import WARSAW, utcnow
from app.extensions import db
from app.hub.models import Event, Opportunity
from tests.factories import make_event, make_opportunity, make_organization, make_user


def _local(value) -> str:
    return value.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def _event_form(**overrides) -> dict:
    start = utcnow() + timedelta(days=3)
    values = {
        "organizer": "0",
        "title": "Forum organizacji",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "place": "Ratusz, sala 1",
        "online_url": "",
        "area": "seniors",
        "description": "Opis",
    }
    values.update(overrides)
    return values


def test_official_publishes_a_city_event(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post("/calendar/events/new", data=_event_form(is_open_to_join="y"))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.organization is None and event.is_open_to_join
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Forum organizacji" in page


def test_representative_publishes_for_own_organization_only(client, auth):
    organization = make_organization()
    other = make_organization()
    auth.login_as(organization.memberships[0].user)
    form = client.get("/calendar/events/new").get_data(as_text=True)
    assert organization.name in form and other.name not in form
    assert client.post("/calendar/events/new", data=_event_form()).status_code == 200  # city
    forged = client.post("/calendar/events/new", data=_event_form(organizer=str(other.id)))
    assert forged.status_code == 200  # not a valid choice
    ok = client.post("/calendar/events/new", data=_event_form(organizer=str(organization.id)))
    assert ok.status_code == 302
    assert db.session.scalar(select(Event)).organization_id == organization.id


def test_end_before_start_and_invalid_url_keep_values(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    start = utcnow() + timedelta(days=3)
    response = client.post(
        "/calendar/events/new",
        data=_event_form(
            title="Zachowany tytuł",
            ends_at=_local(start - timedelta(hours=1)),
            starts_at=_local(start),
            online_url="javascript:alert(1)",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="ends_at-error"' in page and 'id="online_url-error"' in page
    assert "Koniec musi być późniejszy niż początek." in page
    assert 'value="Zachowany tytuł"' in page
    assert db.session.scalar(select(Event)) is None


def test_month_view_lists_the_event_and_links_months(client):
    event = make_event()
    local = event.starts_at.astimezone(WARSAW)
    page = client.get(f"/calendar/{local.year}/{local.month}").get_data(as_text=True)
    assert event.title in page
    assert "/calendar/" in page and "feed.ics" in page
    other = client.get(f"/calendar/{local.year}/{local.month}?organizer=city&area=health")
    assert event.title not in other.get_data(as_text=True)
    assert event.title in client.get("/calendar/?organizer=city").get_data(as_text=True)


def test_event_edit_and_delete(client, auth):
    organization = make_organization()
    representative = organization.memberships[0].user
    event = make_event(representative, organization)
    auth.login_as(representative)
    form = client.get(f"/calendar/events/{event.id}/edit").get_data(as_text=True)
    assert event.title in form
    response = client.post(
        f"/calendar/events/{event.id}/edit",
        data=_event_form(organizer=str(organization.id), title="Zmieniony"),
    )
    assert response.status_code == 302
    assert event.title == "Zmieniony"
    assert client.post(f"/calendar/events/{event.id}/delete").status_code == 302
    assert db.session.get(Event, event.id) is None


def _opportunity_form(**overrides) -> dict:
    values = {
        "kind": "open_competition",
        "title": "Konkurs na zadania kultury",
        "description": "Opis konkursu",
        "amount": "120 000,50",
        "deadline_at": _local(utcnow() + timedelta(days=20)),
        "planned_month": "0",
        "planned_year": "",
        "criteria": "Kryteria",
        "announcement_url": "https://bip.example.org/ogloszenie",
        "areas": ["culture-heritage"],
    }
    values.update(overrides)
    return values


def test_official_publishes_and_edits_an_opportunity(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post("/opportunities/new", data=_opportunity_form())
    assert response.status_code == 302
    opportunity = db.session.scalar(select(Opportunity))
    assert str(opportunity.amount) == "120000.50"
    assert [a.code for a in opportunity.areas] == ["culture-heritage"]
    page = client.get("/opportunities/?kind=open_competition").get_data(as_text=True)
    assert "Konkurs na zadania kultury" in page
    edited = client.post(
        f"/opportunities/{opportunity.id}/edit",
        data=_opportunity_form(title="Zmieniony", planned_month="5", planned_year="2027"),
    )
    assert edited.status_code == 302
    assert (opportunity.planned_year, opportunity.planned_month) == (2027, 5)
    assert "Zmieniony" in client.get("/opportunities/plan?year=2027").get_data(as_text=True)


def test_opportunity_bad_input(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post(
        "/opportunities/new",
        data=_opportunity_form(
            title="Zachowany",
            amount="-5",
            deadline_at=_local(utcnow() - timedelta(days=1)),
            announcement_url="not a url",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("amount", "deadline_at", "announcement_url"):
        assert f'id="{field}-error"' in page
    assert "Kwota nie może być ujemna." in page
    assert "Termin musi przypadać w przyszłości." in page
    assert 'value="Zachowany"' in page
    assert db.session.scalar(select(Opportunity)) is None


def test_archive_lists_past_opportunities(client):
    opportunity = make_opportunity(title="Dawny konkurs")
    opportunity.deadline_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert "Dawny konkurs" not in client.get("/opportunities/").get_data(as_text=True)
    assert "Dawny konkurs" in client.get("/opportunities/archive").get_data(as_text=True)
    assert "Dawny konkurs" in client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)


def test_calendar_names_stage_edges_without_verb_agreement(app, client):
    from tests.factories import make_consultation

    make_consultation()
    html = client.get("/calendar/").get_data(as_text=True)
    assert "Zgłaszanie uwag do projektu – zamknięcie: Program współpracy 2027" in html
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    html = client.get("/calendar/").get_data(as_text=True)
    assert "Commenting on the draft – closing: Program współpracy 2027" in html
    assert " closes: " not in html and " opens: " not in html
