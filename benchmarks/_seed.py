"""Data shared by the benchmarks' builders: an official, many verified organizations and an
announced consultation round."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select

from app.auth.models import Role, User
from app.consultations import services
from app.consultations.models import Consultation
from app.extensions import db
from app.organizations.models import Organization


def official_and_organizations(now: datetime, count: int) -> tuple[User, list[int]]:
    """An official account and ``count`` verified organizations (one bulk insert); their ids."""
    official = User(
        email="bench-official@example.org",
        name="Urzędnik",
        role=Role.OFFICIAL,
        confirmed_at=now,
        password_hash="x",
    )
    db.session.add(official)
    db.session.flush()
    db.session.execute(
        insert(Organization),
        [
            {
                "name": f"Stowarzyszenie Benchmarkowe {n}",
                "legal_form": "association",
                "register_type": "krs",
                "register_number": f"{n:010d}",
                "status": "verified",
                "created_at": now,
            }
            for n in range(1, count + 1)
        ],
    )
    return official, list(db.session.scalars(select(Organization.id).order_by(Organization.id)))


def announced_round(official: User, title: str, closes: datetime, now: datetime) -> Consultation:
    """A round announced a month ago whose commenting stage ran from 30 days ago to ``closes``."""
    consultation = services.create_consultation(
        official,
        services.RoundData(
            title=title,
            summary="",
            subject="Benchmark",
            rules_md="",
            contact_person="Urzędnik",
            contact_email=None,
            participation="verified_organizations",
            comment_visibility="immediate",
            short_stage_justification=None,
            area_codes=("ngo-support",),
            stages=(services.StageData("commenting", now - timedelta(days=30), closes),),
        ),
        now - timedelta(days=40),
    )
    services.announce_consultation(official, consultation, now - timedelta(days=31))
    return consultation
