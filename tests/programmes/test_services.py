"""Services of the programme of cooperation: rules, refusals, audit, notifications."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.domain import NotAllowed
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import FollowTarget, Notification
from app.notifications.services import follow
from app.programmes import services
from app.programmes.states import NoticeAnswer, NoticeKind, TaskStatus
from app.proposals.models import ProposalStatus
from tests.factories import make_organization, make_proposal, make_user
from tests.programmes.builders import make_funded_task, make_programme


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_one_programme_per_year_and_adoption_is_audited_once(app):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official, year=2026)
    with pytest.raises(services.YearTaken):
        services.create_programme(
            official, services.ProgrammeData(year=2026, title="Drugi"), utcnow()
        )
    db.session.rollback()
    with pytest.raises(services.AlreadyAdopted):
        services.adopt_programme(official, programme, "X", date(2025, 11, 1), None, utcnow())
    assert _actions()[:2] == ["programme.create", "programme.adopt"]


def test_only_officials_create_programmes(app):
    with pytest.raises(NotAllowed):
        services.create_programme(
            make_user(), services.ProgrammeData(year=2030, title="X"), utcnow()
        )


def test_priority_tasks_become_tracked_tasks_once_and_only_when_adopted(app):
    official = make_user(role=Role.OFFICIAL)
    draft = make_programme(official, year=2027, adopted=False)
    with pytest.raises(services.NotAdopted):
        services.track_priority_tasks(official, draft, None, utcnow())
    programme = make_programme(official, year=2026)
    created = services.track_priority_tasks(official, programme, "seniors", utcnow())
    assert [t.title for t in created] == ["Wsparcie seniorów", "Kultura w dzielnicach"]
    assert services.track_priority_tasks(official, programme, None, utcnow()) == []
    assert _actions().count("programme_task.create") == 2


def test_accepted_proposal_becomes_a_task_with_its_cost(app):
    official = make_user(role=Role.OFFICIAL)
    programme = make_programme(official)
    proposal = make_proposal()
    with pytest.raises(services.NotAccepted):
        services.track_proposal(official, programme, proposal, utcnow())
    proposal.status = ProposalStatus.ACCEPTED
    task = services.track_proposal(official, programme, proposal, utcnow())
    assert task.planned_amount == proposal.estimated_cost and task.area_id == proposal.area_id
    with pytest.raises(services.AlreadyTracked):
        services.track_proposal(official, programme, proposal, utcnow())


def test_spent_above_planned_needs_a_note_and_dropped_needs_a_reason(app):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    over = services.TaskProgress(
        TaskStatus.IN_PROGRESS, 50, planned_amount=Decimal(100), spent_amount=Decimal(120)
    )
    with pytest.raises(services.SpentAboveWithoutNote):
        services.update_task(official, task, over, utcnow())
    with pytest.raises(services.DroppedWithoutReason):
        services.update_task(official, task, services.TaskProgress(TaskStatus.DROPPED, 0), utcnow())
    explained = services.TaskProgress(
        TaskStatus.DONE,
        40,
        planned_amount=Decimal(100),
        spent_amount=Decimal(120),
        spent_note="Wyższe ceny sal.",
    )
    services.update_task(official, task, explained, utcnow())
    assert task.progress == 100 and task.spent_amount == Decimal(120)
    assert "programme_task.update" in _actions()


def test_milestone_outside_the_programme_year_is_refused(app):
    official = make_user(role=Role.OFFICIAL)
    task = make_funded_task(official=official)
    with pytest.raises(services.MilestoneOutsideYear):
        services.add_milestone(official, task, "Za późno", date(2027, 1, 2), None)
    services.add_milestone(official, task, "Warsztaty", date(2026, 6, 1), date(2026, 6, 2))
    assert [m.title for m in task.milestones] == ["Warsztaty"]


def test_update_notifies_followers_and_funded_representatives(app):
    official = make_user(role=Role.OFFICIAL)
    organization = make_organization()
    task = make_funded_task(organization=organization, official=official)
    resident = make_user()
    follow(resident, FollowTarget.PROGRAMME_TASK, task.id, utcnow())
    services.post_update(official, task, "Odbyły się **warsztaty**.", None, utcnow())
    db.session.commit()
    notified = set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "programme_task.updated")
        )
    )
    assert notified == {resident.id, organization.memberships[0].user_id}
    assert task.updates[0].body_html == "<p>Odbyły się <strong>warsztaty</strong>.</p>"


def test_change_notice_only_from_a_funded_organization_and_answered_once(app):
    official = make_user(role=Role.OFFICIAL)
    funded = make_organization()
    other = make_organization()
    task = make_funded_task(organization=funded, official=official)
    with pytest.raises(services.NotFundedOrganization):
        services.file_notice(
            other.memberships[0].user, task, other, NoticeKind.SCHEDULE, "a", "b", None, utcnow()
        )
    representative = funded.memberships[0].user
    notice = services.file_notice(
        representative,
        task,
        funded,
        NoticeKind.SCHEDULE,
        "Przesunięcie",
        "Choroba",
        None,
        utcnow(),
    )
    assert notice.answer_due_on == services.local_today(utcnow()) + timedelta(days=14)
    with pytest.raises(services.ReasonRequired):
        services.answer_notice(official, notice, NoticeAnswer.ACCEPTED, " ", utcnow())
    with pytest.raises(services.ReplyDateRequired):
        services.answer_notice(official, notice, NoticeAnswer.NEEDS_ANNEX, "Aneks.", utcnow())
    day = services.local_today(utcnow()) + timedelta(days=10)
    services.answer_notice(
        official, notice, NoticeAnswer.NEEDS_ANNEX, "Aneks do umowy.", utcnow(), day
    )
    assert notice.reply_due_on == day and notice.waiting == ("organization", day)
    with pytest.raises(services.AlreadyAnswered):
        services.answer_notice(official, notice, NoticeAnswer.REJECTED, "x", utcnow())
    db.session.commit()
    assert "change_notice.answer" in _actions()
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "change_notice.answered")
    ).all()
    assert told == [representative.id]


def test_report_is_published_from_1_january_of_the_following_year(app):
    official = make_user(role=Role.OFFICIAL)
    this_year = services.local_today(utcnow()).year
    current = make_programme(official, year=this_year)
    services.save_report(official, current, "Tekst", "Wydział", utcnow())
    with pytest.raises(services.ReportTooEarly):
        services.publish_report(official, current, utcnow())
    past = make_programme(official, year=this_year - 1)
    with pytest.raises(services.ReportNotDrafted):
        services.publish_report(official, past, utcnow())
    services.save_report(official, past, "Tekst", "Wydział", utcnow())
    services.publish_report(official, past, utcnow())
    assert past.reports[0].published_by_id == official.id
    assert "programme.report_publish" in _actions()


def test_report_counts_the_linked_rounds_comments_by_decision_and_their_votes(app):
    from app.consultations import services as consultation_services
    from app.programmes import queries
    from tests.factories import make_consultation

    official = make_user(role=Role.OFFICIAL)
    consultation = make_consultation(official)
    organization = make_organization()
    unit = consultation.current_version.units[1].key
    comments = [
        consultation_services.submit_comment(
            consultation,
            organization.memberships[0].user,
            organization,
            consultation_services.CommentData(unit, f"b{n}", "c"),
            utcnow(),
        )
        for n in range(3)
    ]
    consultation_services.save_answer(official, comments[0], "accepted", "Tak.", True, utcnow())
    consultation_services.save_answer(official, comments[1], "rejected", "Nie.", True, utcnow())
    consultation_services.save_answer(official, comments[2], "accepted", "Szkic.", False, utcnow())
    programme = make_programme(official, year=2025, round_ids=[consultation.id])
    data = queries.report_data(programme, "pl")
    [row] = data.consultations
    assert (row.comments, row.answered) == (3, 2)
    assert row.decisions == {"accepted": 1, "rejected": 1}
    assert [(i.name, i.measure, i.value) for i in data.indicators] == [("Liczba ofert", None, None)]
