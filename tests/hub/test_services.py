"""Services of the calendar and the opportunities board: rules, sanitising, audit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.domain import NotAllowed
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.hub import queries, services
from app.hub.models import Event
from tests.factories import (
    event_data,
    make_consultation,
    make_event,
    make_opportunity,
    make_organization,
    make_user,
    opportunity_data,
)


def test_official_publishes_a_city_event_sanitised_and_audited(app):
    official = make_user(role=Role.OFFICIAL)
    event = make_event(official, description="<script>x</script> **ważne**")
    assert event.organization is None and event.is_city_event
    assert "<script>" not in event.description_html
    assert "<strong>ważne</strong>" in event.description_html
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.create"))
    assert entry.object_id == event.id and entry.actor_id == official.id


def test_representative_publishes_only_for_own_organization(app):
    organization = make_organization()
    other = make_organization()
    representative = organization.memberships[0].user
    event = make_event(representative, organization)
    assert event.organization == organization
    with pytest.raises(NotAllowed):
        services.create_event(representative, other, event_data(), utcnow())
    with pytest.raises(NotAllowed):
        services.create_event(representative, None, event_data(), utcnow())
    with pytest.raises(NotAllowed):
        services.create_event(make_user(), None, event_data(), utcnow())


def test_unverified_organization_cannot_publish(app):
    pending = make_organization(verified=False)
    with pytest.raises(NotAllowed):
        services.create_event(pending.memberships[0].user, pending, event_data(), utcnow())


def test_end_before_start_and_missing_place_are_refused(app):
    official = make_user(role=Role.OFFICIAL)
    start = utcnow() + timedelta(days=2)
    with pytest.raises(services.InvalidEventTime):
        services.create_event(
            official,
            None,
            event_data(starts_at=start, ends_at=start - timedelta(hours=1)),
            utcnow(),
        )
    with pytest.raises(services.MissingPlace):
        services.create_event(official, None, event_data(place="", online_url=None), utcnow())


def test_edit_and_delete_by_the_same_people(app):
    organization = make_organization()
    representative = organization.memberships[0].user
    event = make_event(representative, organization)
    services.update_event(representative, event, organization, event_data(title="Nowy"), utcnow())
    assert event.title == "Nowy"
    with pytest.raises(NotAllowed):
        services.delete_event(make_user(), event)
    official = make_user(role=Role.OFFICIAL)
    event_id = event.id
    services.delete_event(official, event)
    db.session.commit()
    assert db.session.get(Event, event_id) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.delete"))


def test_calendar_merges_events_and_announced_stages(app):
    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    draft = make_consultation(official, announce=False, title="Szkic")
    event = make_event(official)
    now = utcnow()
    items = queries.calendar_items(now - timedelta(days=2), now + timedelta(days=20))
    assert any(i.event == event for i in items)
    stage_ids = {i.stage.consultation_id for i in items if i.stage}
    assert consultation.id in stage_ids and draft.id not in stage_ids
    organization = make_organization()
    only_org = queries.calendar_items(
        now - timedelta(days=2),
        now + timedelta(days=20),
        queries.CalendarFilters(organizer=str(organization.id)),
    )
    assert only_org == []


def test_opportunity_rules(app):
    official = make_user(role=Role.OFFICIAL)
    opportunity = make_opportunity(official, amount=Decimal("0"))
    assert opportunity.amount == 0
    with pytest.raises(NotAllowed):
        services.create_opportunity(make_user(), opportunity_data(), utcnow())
    with pytest.raises(services.DeadlineInPast):
        services.create_opportunity(
            official, opportunity_data(deadline_at=utcnow() - timedelta(days=1)), utcnow()
        )
    with pytest.raises(services.InvalidAmount):
        services.create_opportunity(official, opportunity_data(amount=Decimal("-1")), utcnow())
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "opportunity.create"))
    assert entry.object_id == opportunity.id


def test_archived_opportunity_keeps_its_past_deadline_when_edited(app):
    official = make_user(role=Role.OFFICIAL)
    opportunity = make_opportunity(official)
    past = utcnow() - timedelta(days=3)
    opportunity.deadline_at = past
    db.session.commit()
    services.update_opportunity(
        official, opportunity, opportunity_data(title="Poprawiony", deadline_at=past), utcnow()
    )
    assert opportunity.title == "Poprawiony"
    assert opportunity.is_past(utcnow())


def test_board_archive_and_annual_plan(app):
    official = make_user(role=Role.OFFICIAL)
    soon = make_opportunity(official, title="Wkrótce", deadline_at=utcnow() + timedelta(days=2))
    later = make_opportunity(official, title="Później", deadline_at=utcnow() + timedelta(days=9))
    standing = make_opportunity(
        official, title="Sale", kind="rooms_equipment", deadline_at=None, amount=None
    )
    past = make_opportunity(official, title="Minione")
    past.deadline_at = utcnow() - timedelta(days=1)
    planned = make_opportunity(
        official, title="Planowany", deadline_at=None, planned_year=2027, planned_month=3
    )
    db.session.commit()
    now = utcnow()
    current = list(
        db.session.scalars(queries.opportunities_query(queries.OpportunityFilters(), now, False))
    )
    assert current[:2] == [soon, later]
    assert set(current[2:]) == {standing, planned}
    archive = list(
        db.session.scalars(queries.opportunities_query(queries.OpportunityFilters(), now, True))
    )
    assert archive == [past]
    rooms = queries.opportunities_query(
        queries.OpportunityFilters(kind="rooms_equipment"), now, False
    )
    assert list(db.session.scalars(rooms)) == [standing]
    assert queries.annual_plan(2027) == {3: [planned]}
