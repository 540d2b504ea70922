"""The kinds of votes and ballots — a pure module.

The ``StrEnum``s live here, free of Flask and SQLAlchemy, so that the pure rules (``rules``,
``permissions``, ``ballot_form``) and the models share one spelling; ``models`` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class BallotType(StrEnum):
    """What the voter fills in (the counting engine's ``BallotKind`` plus costs)."""

    RANKED = "ranked"
    POINTS = "points"
    APPROVAL = "approval"


class VoterUnit(StrEnum):
    ORGANIZATION = "organization"
    PERSON = "person"


class Secrecy(StrEnum):
    #: Ballots are published without who cast them.
    SECRET = "secret"  # noqa: S105 (a ballot secrecy setting, not a password)
    #: Each organization's (or person's) ballot is public.
    OPEN = "open"


class Channel(StrEnum):
    ONLINE = "online"
    PAPER = "paper"
