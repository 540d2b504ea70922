"""Programmes, tasks and grants for the programme tests (through the services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.programmes import services
from tests.factories import make_opportunity, make_organization, make_user


def make_programme(official=None, year: int = 2026, adopted: bool = True, **overrides):
    official = official or make_user(role=Role.OFFICIAL)
    values = {
        "year": year,
        "title": f"Program współpracy na {year} rok",
        "goals": "Wzmacnianie organizacji.",
        "priority_tasks": "Wsparcie seniorów\nKultura w dzielnicach",
        "indicators": "Liczba ofert",
    }
    values.update(overrides)
    programme = services.create_programme(official, services.ProgrammeData(**values), utcnow())
    if adopted:
        services.adopt_programme(
            official, programme, f"XVI/{year}/{year - 1}", date(year - 1, 11, 27), None, utcnow()
        )
    db.session.commit()
    return programme


def make_funded_task(programme=None, organization=None, official=None, amount="20000"):
    """A priority task with a grant for ``organization`` (and a linked competition)."""
    official = official or make_user(role=Role.OFFICIAL)
    programme = programme or make_programme(official)
    organization = organization or make_organization()
    task = services.track_priority_tasks(official, programme, "seniors", utcnow())[0]
    opportunity = make_opportunity(official)
    services.add_grant(official, task, organization, Decimal(amount), "Warsztaty", opportunity, 4)
    db.session.commit()
    return task
