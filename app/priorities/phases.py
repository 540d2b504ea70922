"""The life of a vote, as a pure function of its window, its result and the clock.

No Flask and no database: the views, services and templates all ask :func:`state_of` (or
:func:`vote_state`), so "may this ballot still be replaced?" and "may the method still change?"
have one answer.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any


class VoteState(StrEnum):
    #: Being set up: method and options may change; nobody can vote yet.
    SETUP = "setup"
    #: Voting: ballots are accepted and may be replaced; method and options are locked.
    OPEN = "open"
    #: Voting is over; an official may compute a preview and publish the results.
    CLOSED = "closed"
    #: Results are published.
    PUBLISHED = "published"


def vote_state(
    opens_at: datetime, closes_at: datetime, published_at: datetime | None, now: datetime
) -> VoteState:
    """Where a vote stands at ``now`` (all datetimes timezone-aware)."""
    if published_at is not None:
        return VoteState.PUBLISHED
    if now < opens_at:
        return VoteState.SETUP
    if now < closes_at:
        return VoteState.OPEN
    return VoteState.CLOSED


def state_of(vote: Any, now: datetime) -> VoteState:
    """Where ``vote`` stands at ``now``, its stored result taken into account (any object with
    ``opens_at``, ``closes_at`` and ``result``)."""
    result = vote.result
    published_at = result.published_at if result is not None else None
    return vote_state(vote.opens_at, vote.closes_at, published_at, now)


def is_locked(opens_at: datetime, now: datetime) -> bool:
    """The method, rules and options are frozen once voting has opened."""
    return now >= opens_at
