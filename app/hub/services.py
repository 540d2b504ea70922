"""State changes for calendar events and opportunities. Services flush but never commit.

Each service checks its rule from ``permissions`` again, so a forged request that slipped past
a view stores nothing (:class:`NotAllowed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, NotAllowed
from app.common.sanitize import render_markdown
from app.extensions import db
from app.hub import permissions, signals
from app.hub.models import Event, Opportunity, OpportunityKind
from app.organizations.models import Organization, PublicBenefitArea


class UnknownArea(DomainError):
    """The area of public benefit does not exist."""


class InvalidEventTime(DomainError):
    """The event ends before (or when) it starts."""


class MissingPlace(DomainError):
    """An event needs a place or an online link."""


class DeadlineInPast(DomainError):
    """A new deadline must be in the future."""


class InvalidAmount(DomainError):
    """The amount is negative."""


class MissingDeadline(DomainError):
    """An open grant competition needs a deadline or a planned month in the annual plan."""


@dataclass(frozen=True)
class EventData:
    """The editable fields of an event, already validated by the form."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online_url: str | None = None
    description: str = ""
    area_code: str | None = None
    is_open_to_join: bool = False


@dataclass(frozen=True)
class OpportunityData:
    """The editable fields of an opportunity, already validated by the form."""

    kind: OpportunityKind
    title: str
    description: str = ""
    amount: Decimal | None = None
    deadline_at: datetime | None = None
    planned_year: int | None = None
    planned_month: int | None = None
    criteria: str = ""
    announcement_url: str | None = None
    area_codes: Sequence[str] = ()


def _area(code: str | None) -> PublicBenefitArea | None:
    if not code:
        return None
    area = db.session.scalar(select(PublicBenefitArea).where(PublicBenefitArea.code == code))
    if area is None:
        raise UnknownArea(code)
    return area


def _apply_event(event: Event, organization: Organization | None, data: EventData) -> None:
    if data.ends_at <= data.starts_at:
        raise InvalidEventTime()
    if not data.place.strip() and not data.online_url:
        raise MissingPlace()
    area = _area(data.area_code)
    event.title = data.title.strip()
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.place = data.place.strip()
    event.online_url = data.online_url or None
    event.description_md = data.description.strip()
    event.description_html = render_markdown(data.description)
    event.area = area
    event.organization = organization
    event.is_open_to_join = data.is_open_to_join


def create_event(
    author: User, organization: Organization | None, data: EventData, now: datetime
) -> Event:
    """Publish an event for the city (``organization`` None) or an organization.

    :raises NotAllowed: the person may not publish for that organizer.
    """
    if not permissions.can_publish_for(author, organization):
        raise NotAllowed()
    event = Event(created_by=author, created_at=now, updated_at=now)
    _apply_event(event, organization, data)
    db.session.add(event)
    db.session.flush()
    record_audit(author, Action.EVENT_CREATE, event, label=event.title)
    signals.event_published.send(event, actor=author)
    return event


def update_event(
    editor: User, event: Event, organization: Organization | None, data: EventData, now: datetime
) -> Event:
    """Change an event; the editor must be allowed for both the old and the new organizer."""
    if not (
        permissions.can_edit_event(editor, event)
        and permissions.can_publish_for(editor, organization)
    ):
        raise NotAllowed()
    before = (event.starts_at, event.ends_at)
    _apply_event(event, organization, data)
    event.updated_at = now
    db.session.flush()
    record_audit(editor, Action.EVENT_UPDATE, event, label=event.title)
    if (event.starts_at, event.ends_at) != before and event.ends_at > now:
        signals.event_rescheduled.send(event, actor=editor)
    return event


def delete_event(editor: User, event: Event) -> None:
    """Remove an event from the calendar (the audit log keeps its title)."""
    if not permissions.can_edit_event(editor, event):
        raise NotAllowed()
    record_audit(editor, Action.EVENT_DELETE, event, label=event.title)
    db.session.delete(event)
    db.session.flush()


def _minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value else None


def _apply_opportunity(opportunity: Opportunity, data: OpportunityData, now: datetime) -> None:
    if data.amount is not None and data.amount < 0:
        raise InvalidAmount()
    # A deadline already stored may stay as it is (editing an archived item); a new one may not
    # lie in the past.
    if (
        data.deadline_at is not None
        and _minute(data.deadline_at) != _minute(opportunity.deadline_at)
        and data.deadline_at < now
    ):
        raise DeadlineInPast()
    planned = data.planned_year is not None and data.planned_month is not None
    if data.kind == OpportunityKind.OPEN_COMPETITION and data.deadline_at is None and not planned:
        raise MissingDeadline()
    areas = [_area(code) for code in data.area_codes]
    opportunity.kind = OpportunityKind(data.kind)
    opportunity.title = data.title.strip()
    opportunity.description_md = data.description.strip()
    opportunity.description_html = render_markdown(data.description)
    opportunity.amount = data.amount
    opportunity.deadline_at = data.deadline_at
    opportunity.planned_year = data.planned_year if planned else None
    opportunity.planned_month = data.planned_month if planned else None
    opportunity.criteria = data.criteria.strip()
    opportunity.announcement_url = data.announcement_url or None
    opportunity.areas = [a for a in areas if a is not None]
    opportunity.updated_at = now


def create_opportunity(official: User, data: OpportunityData, now: datetime) -> Opportunity:
    """Publish an opportunity on the board.

    :raises NotAllowed: the person is not an official.
    :raises DeadlineInPast: the deadline has passed already.
    :raises MissingDeadline: a competition with neither a deadline nor a planned month.
    :raises InvalidAmount, UnknownArea: input the form should have refused.
    """
    if not permissions.can_manage_opportunities(official):
        raise NotAllowed()
    opportunity = Opportunity(created_by=official, created_at=now)
    _apply_opportunity(opportunity, data, now)
    db.session.add(opportunity)
    db.session.flush()
    record_audit(official, Action.OPPORTUNITY_CREATE, opportunity, label=opportunity.title)
    signals.opportunity_published.send(opportunity, actor=official)
    return opportunity


def update_opportunity(
    official: User, opportunity: Opportunity, data: OpportunityData, now: datetime
) -> Opportunity:
    """Change an opportunity (its earlier deadline may stay even when it has passed)."""
    if not permissions.can_manage_opportunities(official):
        raise NotAllowed()
    deadline = _minute(opportunity.deadline_at)
    _apply_opportunity(opportunity, data, now)
    db.session.flush()
    record_audit(official, Action.OPPORTUNITY_UPDATE, opportunity, label=opportunity.title)
    if _minute(opportunity.deadline_at) != deadline:
        signals.opportunity_deadline_changed.send(opportunity, actor=official)
    return opportunity
