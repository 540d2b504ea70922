"""Who may do what with surveys: small pure predicates (no Flask, no database)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from app.organizations.permissions import can_act_for, is_member, is_official

#: The round's participation setting under which organizations answer (one response each).
BY_ORGANIZATIONS = "verified_organizations"


class ResponseRefusal(StrEnum):
    NOT_SIGNED_IN = "not_signed_in"
    NOT_CONFIRMED = "not_confirmed"
    NOT_ANNOUNCED = "not_announced"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    NOT_REPRESENTATIVE = "not_representative"


def can_manage_surveys(user: Any) -> bool:
    return is_official(user)


def answers_by_organization(survey: Any) -> bool:
    """One response per organization when the round admits organizations, else per person."""
    return survey.consultation.participation == BY_ORGANIZATIONS


def response_refusal(
    user: Any, survey: Any, organization: Any | None, now: datetime
) -> ResponseRefusal | None:
    """None when ``user`` may answer (for ``organization`` when organizations answer)."""
    if not getattr(user, "is_authenticated", False):
        return ResponseRefusal.NOT_SIGNED_IN
    if not is_member(user):
        return ResponseRefusal.NOT_CONFIRMED
    if survey.consultation.announced_at is None:
        return ResponseRefusal.NOT_ANNOUNCED
    if now < survey.opens_at:
        return ResponseRefusal.NOT_OPEN_YET
    if now >= survey.closes_at:
        return ResponseRefusal.CLOSED
    if answers_by_organization(survey) and (
        organization is None or not can_act_for(user, organization)
    ):
        return ResponseRefusal.NOT_REPRESENTATIVE
    return None


def can_read_results(user: Any, survey: Any, now: datetime) -> bool:
    """Everyone once the survey has closed; officials at any time."""
    return is_official(user) or (
        survey.consultation.announced_at is not None and now >= survey.closes_at
    )


def can_view_survey(user: Any, survey: Any, now: datetime) -> bool:
    """A survey is public from its opening in an announced round; officials see it earlier."""
    return is_official(user) or (
        survey.consultation.announced_at is not None and now >= survey.opens_at
    )
