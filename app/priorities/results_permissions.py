"""Who may see and manage a vote's results: small pure predicates (no Flask, no database)."""

from __future__ import annotations

from typing import Any

from app.organizations.permissions import is_official
from app.priorities.phases import VoteState


def can_manage_results(user: Any) -> bool:
    """Compute the preview, write the statement and publish: officials."""
    return is_official(user)


def can_view_results(user: Any, state: VoteState, has_result: bool) -> bool:
    """Published results are public; an unpublished preview only officials see."""
    if state is VoteState.PUBLISHED:
        return True
    return has_result and is_official(user)


def shows_voters(secrecy: str) -> bool:
    """Open votes show each organization's ballot; secret votes never show who cast what."""
    return secrecy == "open"
