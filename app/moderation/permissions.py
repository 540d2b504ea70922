"""Who may ask for a review of a hiding, and who decides (pure: no Flask, no database)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.organizations.permissions import is_official, is_signed_in


class RequestRefusal(StrEnum):
    NOT_HIDDEN = "not_hidden"
    ALREADY_ASKED = "already_asked"


def is_author(user: Any, author_ids: list[int]) -> bool:
    return is_signed_in(user) and getattr(user, "id", None) in author_ids


def can_see_review(user: Any, author_ids: list[int]) -> bool:
    """The author follows their request; officials see every request."""
    return is_author(user, author_ids) or is_official(user)


def request_refusal(is_hidden: bool, review: Any | None) -> RequestRefusal | None:
    """None when the author may ask now: the thing is hidden and this hiding (``review`` is the
    review of the current hiding, see services.review_of) has not been reviewed before."""
    if review is not None:
        return RequestRefusal.ALREADY_ASKED
    if not is_hidden:
        return RequestRefusal.NOT_HIDDEN
    return None


def can_decide(user: Any) -> bool:
    return is_official(user)
