"""The kinds and states of consultation rounds, stages and answers — a pure module.

The ``StrEnum``s live here, free of Flask and SQLAlchemy, so that the pure rules (``phases``,
``permissions``) and the models share one spelling; ``models`` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class StageKind(StrEnum):
    COMMENTING = "commenting"
    PROPOSALS = "proposals"
    VOTING = "voting"
    RESULTS = "results"


class Participation(StrEnum):
    VERIFIED_ORGANIZATIONS = "verified_organizations"
    CONFIRMED_PERSONS = "confirmed_persons"


class CommentVisibility(StrEnum):
    IMMEDIATE = "immediate"
    AFTER_CLOSE = "after_close"


class Channel(StrEnum):
    """How a comment reached the office: on the platform, on a paper form, or spoken at a
    consultation meeting (entered by an official from the meeting)."""

    PLATFORM = "platform"
    PAPER = "paper"
    MEETING = "meeting"


class Decision(StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    NOT_APPLICABLE = "not_applicable"
