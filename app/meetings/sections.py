"""The meetings part of a round's page (registered with ``app.consultations.sections``)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.common.timeutil import utcnow
from app.meetings import permissions, queries


def round_section(consultation) -> str:
    """The round's meetings with seats left, and the officials' "plan a meeting" link."""
    meetings = queries.meetings_of(consultation.id)
    is_official = permissions.can_manage_meetings(current_user)
    if not meetings and not is_official:
        return ""
    return render_template(
        "meetings/_round_section.html",
        consultation=consultation,
        meetings=meetings,
        counts=queries.seat_counts([m.id for m in meetings]),
        now=utcnow(),
        is_official=is_official,
    )
