"""Who may publish in the calendar and on the opportunities board: pure predicates."""

from __future__ import annotations

from typing import Any

from app.organizations.permissions import can_act_for, is_official


def can_publish_for(user: Any, organization: Any | None) -> bool:
    """Officials publish for the city or any organization; representatives for theirs."""
    if is_official(user):
        return True
    return organization is not None and can_act_for(user, organization)


def can_publish_events(user: Any, organizations: Any) -> bool:
    """An official, or a representative of at least one of ``organizations`` (theirs)."""
    return is_official(user) or any(can_act_for(user, o) for o in organizations)


def can_edit_event(user: Any, event: Any) -> bool:
    """Edit or delete: the people who may publish for the event's organizer."""
    return can_publish_for(user, event.organization)


def can_manage_opportunities(user: Any) -> bool:
    return is_official(user)
