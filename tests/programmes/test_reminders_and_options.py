"""Reminders of the statutory deadlines, funded vote options as tasks, notices to the office,
and a page in English."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.programmes import services
from app.programmes.states import NoticeKind
from app.site.reminders import programme_deadlines
from tests.factories import (
    make_ballot,
    make_closed_vote,
    make_organization,
    make_user,
    publish_vote_results,
)
from tests.programmes.builders import make_funded_task, make_programme


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def test_officials_are_reminded_once_before_adoption_and_report_deadlines(app):
    official = make_user(role=Role.OFFICIAL)
    make_programme(official, year=2031, adopted=False)
    make_programme(official, year=2025)
    resident = make_user()
    before_adoption = datetime(2030, 11, 10, 9, tzinfo=UTC)
    assert programme_deadlines(before_adoption) == 1
    assert programme_deadlines(before_adoption) == 0  # once
    before_report = datetime(2026, 5, 20, 9, tzinfo=UTC)
    assert programme_deadlines(before_report) == 1
    db.session.commit()
    assert _kinds(official) == ["programme.adoption_due", "programme.report_due"]
    assert _kinds(resident) == []
    assert programme_deadlines(datetime(2030, 3, 1, tzinfo=UTC)) == 0  # nothing due soon


def test_funded_option_of_a_published_vote_becomes_a_task(app):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    vote = make_closed_vote(
        title="Zadania do sfinansowania",
        ballot_type="approval",
        method="greedy",
        budget=Decimal("100000"),
        options=[
            {"title": "Klub seniora", "cost": Decimal("80000")},
            {"title": "Za drogie", "cost": Decimal("90000")},
        ],
    )
    funded, unfunded = vote.options
    make_ballot(vote, make_organization(), [funded.key])
    with pytest.raises(services.NotFunded):  # no published results yet
        services.track_vote_option(official, programme, funded, utcnow())
    publish_vote_results(vote, official)
    db.session.commit()
    with pytest.raises(services.NotFunded):
        services.track_vote_option(official, programme, unfunded, utcnow())
    task = services.track_vote_option(official, programme, funded, utcnow())
    assert task.planned_amount == Decimal("80000") and task.source == "vote_option"


def test_a_notice_tells_the_officials(app):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    task = make_funded_task(organization=organization, official=official)
    services.file_notice(
        organization.memberships[0].user,
        task,
        organization,
        NoticeKind.BUDGET,
        "Przesunięcie między pozycjami",
        "Wzrost cen",
        None,
        utcnow(),
    )
    db.session.commit()
    assert "change_notice.filed" in _kinds(official)


def test_the_programme_page_in_english(client):
    programme = make_programme()
    client.get("/language/en")
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Statutory calendar" in page and "Adoption by the city council" in page
    client.get("/language/pl")
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Kalendarz ustawowy" in page and "Uchwalenie przez radę miasta" in page
