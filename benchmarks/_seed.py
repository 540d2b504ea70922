"""Data shared by the benchmarks' builders: an official and many verified organizations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from app.auth.models import Role, User
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
