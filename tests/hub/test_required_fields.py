"""Every official form re-renders with a field error when a required field is empty (issue 12,
items 6 and 8): the calendar event and opportunity forms (new and edit), the consultation round
form and the vote set-up form. Each case empties one field, expects 200, the Polish message in the
field's own error block, every other typed value still in the page, and nothing stored."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.common.timeutil import WARSAW, utcnow
from app.consultations.models import Consultation
from app.extensions import db
from app.hub import services
from app.hub.models import Event, Opportunity
from app.priorities.models import Vote
from tests.factories import (
    add_voting_stage,
    make_consultation,
    make_event,
    make_opportunity,
    make_user,
)

TITLE = "Wpisz tytuł."
WHEN = "Wpisz datę i godzinę."
PLACE = "Wpisz miejsce lub link do spotkania online."
DEADLINE = (
    "Otwarty konkurs ofert wymaga terminu składania ofert albo planowanego miesiąca w rocznym "
    "planie konkursów."
)


def _local(value) -> str:
    return value.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")


def _event_form() -> dict:
    start = utcnow() + timedelta(days=3)
    return {
        "organizer": "0",
        "title": "Forum organizacji",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "place": "Ratusz, sala 1",
        "online_url": "",
        "area": "seniors",
        "description": "Opis forum",
    }


def _opportunity_form() -> dict:
    return {
        "kind": "open_competition",
        "title": "Konkurs na zadania kultury",
        "description": "Opis konkursu",
        "amount": "",
        "deadline_at": _local(utcnow() + timedelta(days=20)),
        "planned_month": "0",
        "planned_year": "",
        "criteria": "Kryteria oceny",
        "announcement_url": "https://bip.example.org/ogloszenie",
        "areas": ["culture-heritage"],
    }


def _round_form() -> dict:
    return {
        "title": "Program współpracy 2027",
        "subject": "Program współpracy z NGO na 2027",
        "summary": "Krótko",
        "rules": "Zasady udziału",
        "contact_person": "Anna Kowalska",
        "contact_email": "anna@example.org",
        "participation": "verified_organizations",
        "comment_visibility": "immediate",
        "commenting_opens": _local(utcnow() + timedelta(days=1)),
        "commenting_closes": _local(utcnow() + timedelta(days=15)),
        "areas": ["seniors"],
    }


def _vote_form() -> dict:
    return {
        "title": "Priorytety 2027",
        "explanation": "Uszereguj priorytety.",
        "ballot_type": "ranked",
        "method": "borda",
        "voter_unit": "organization",
        "secrecy": "secret",
        "rounding_unit": "1",
    }


#: Typed values that must come back in the re-rendered page (inputs and text areas).
TYPED = {
    "event": ("title", "starts_at", "ends_at", "place", "description"),
    "opportunity": ("title", "description", "deadline_at", "criteria", "announcement_url"),
    "round": ("title", "subject", "summary", "rules", "contact_person", "contact_email"),
    "vote": ("title", "explanation", "rounding_unit"),
}


def _snapshot(model) -> list[tuple]:
    rows = db.session.scalars(select(model).order_by(model.id)).all()
    columns = [c.key for c in model.__table__.columns]
    return [tuple(getattr(row, c) for c in columns) for row in rows]


def _setup(form: str, official):
    """(URL, form data, model) for one official form; edit forms get a stored object."""
    if form == "event_new":
        return "/calendar/events/new", _event_form(), Event
    if form == "event_edit":
        event = make_event(official)
        return f"/calendar/events/{event.id}/edit", _event_form(), Event
    if form == "opportunity_new":
        return "/opportunities/new", _opportunity_form(), Opportunity
    if form == "opportunity_edit":
        opportunity = make_opportunity(official)
        return f"/opportunities/{opportunity.id}/edit", _opportunity_form(), Opportunity
    if form == "round_new":
        return "/consultations/new", _round_form(), Consultation
    round_ = add_voting_stage(make_consultation(official))
    return f"/votes/rounds/{round_.id}/new", _vote_form(), Vote


CASES = [
    *[
        (form, field, message)
        for form in ("event_new", "event_edit")
        for field, message in (
            ("title", TITLE),
            ("starts_at", WHEN),
            ("ends_at", WHEN),
            ("place", PLACE),  # no online link either: was a 409 (MissingPlace)
        )
    ],
    *[
        (form, field, message)
        for form in ("opportunity_new", "opportunity_edit")
        for field, message in (("title", TITLE), ("deadline_at", DEADLINE))
    ],
    ("round_new", "title", TITLE),
    ("round_new", "subject", "Wpisz przedmiot konsultacji."),
    ("round_new", "contact_person", "Podaj osobę do kontaktu."),
    ("vote_new", "title", TITLE),
    ("vote_new", "rounding_unit", "Wpisz jednostkę zaokrąglenia, np. 1."),
]


def _error_block(page: str, field: str) -> str:
    match = re.search(rf'<div id="{field}-error"[^>]*>(.*?)</div>', page, re.S)
    assert match, f"no error block for {field}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(("form", "field", "message"), CASES)
def test_each_required_field_empty(client, auth, form, field, message):
    official = make_user(role=Role.OFFICIAL)
    url, data, model = _setup(form, official)
    before = _snapshot(model)
    auth.login_as(official)
    data[field] = ""
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in _error_block(page, field)
    for other in TYPED[form.split("_")[0]]:
        if other != field:
            assert html.escape(data[other], quote=True) in page, other
    assert _snapshot(model) == before


# --- item 6: competitions need a deadline or a planned month; other kinds keep their rules ---


@pytest.mark.parametrize(
    "overrides",
    [
        {"deadline_at": "", "planned_month": "5", "planned_year": "2027"},
        {"kind": "rooms_equipment", "deadline_at": ""},
        {"kind": "small_grant", "deadline_at": ""},
    ],
)
def test_competition_with_planned_month_and_other_kinds_need_no_deadline(client, auth, overrides):
    auth.login_as(make_user(role=Role.OFFICIAL))
    response = client.post("/opportunities/new", data={**_opportunity_form(), **overrides})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Opportunity.id))) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    if overrides.get("planned_month"):  # a planned competition is not a standing offer
        assert "Planowany: maj 2027" in page and "Oferta stała" not in page


def test_planned_month_without_year_is_an_error_not_dropped(client, auth):
    auth.login_as(make_user(role=Role.OFFICIAL))
    data = {**_opportunity_form(), "planned_month": "5", "planned_year": ""}
    response = client.post("/opportunities/new", data=data)
    assert response.status_code == 200
    assert "Wpisz rok planowanego miesiąca." in _error_block(
        response.get_data(as_text=True), "planned_year"
    )
    assert db.session.scalar(select(Opportunity)) is None


def test_service_refuses_a_competition_without_deadline(app):
    from tests.factories import opportunity_data

    with pytest.raises(services.MissingDeadline):
        services.create_opportunity(
            make_user(role=Role.OFFICIAL), opportunity_data(deadline_at=None), utcnow()
        )


# --- item 8: a service's refusal of the input is a field error, never a 409/500 page ---------


@pytest.mark.parametrize(
    ("url", "service", "error", "field", "message"),
    [
        ("/calendar/events/new", "create_event", services.MissingPlace, "place", PLACE),
        (
            "/calendar/events/new",
            "create_event",
            services.InvalidEventTime,
            "ends_at",
            "Koniec musi być późniejszy niż początek.",
        ),
        (
            "/calendar/events/new",
            "create_event",
            services.UnknownArea,
            "area",
            "Wybierz sferę pożytku publicznego.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.DeadlineInPast,
            "deadline_at",
            "Termin musi przypadać w przyszłości.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.MissingDeadline,
            "deadline_at",
            DEADLINE,
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.InvalidAmount,
            "amount",
            "Kwota nie może być ujemna.",
        ),
        (
            "/opportunities/new",
            "create_opportunity",
            services.UnknownArea,
            "areas",
            "Wybierz sferę pożytku publicznego.",
        ),
    ],
)
def test_service_errors_become_field_errors(
    client, auth, monkeypatch, url, service, error, field, message
):
    def refuse(*args, **kwargs):
        raise error()

    monkeypatch.setattr(services, service, refuse)
    auth.login_as(make_user(role=Role.OFFICIAL))
    data = _event_form() if "calendar" in url else _opportunity_form()
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in _error_block(page, field)
    assert html.escape(data["title"]) in page
