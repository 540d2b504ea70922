"""The statutory calendar, pure: deadlines, states and what is late."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.programmes import timeline
from app.programmes.states import Step, StepState


def _states(dates, today):
    return {info.step: info.state for info in timeline.steps(dates, today)}


def test_deadlines_of_an_annual_programme():
    assert timeline.adoption_deadline(2027) == date(2026, 11, 30)
    assert timeline.report_deadline(2026) == date(2027, 5, 31)
    assert timeline.report_opens(2026) == date(2027, 1, 1)


def test_adoption_after_30_november_is_late_until_recorded():
    dates = timeline.ProgrammeDates(year=2027, end_year=2027, draft_published_on=date(2026, 9, 1))
    assert _states(dates, date(2026, 11, 30))[Step.ADOPTION] == StepState.DUE
    assert _states(dates, date(2026, 12, 1))[Step.ADOPTION] == StepState.LATE
    assert timeline.late_steps(dates, date(2026, 12, 1)) == [
        Step.CONSULTATION,
        Step.OPINION,
        Step.ADOPTION,
    ]
    adopted = timeline.ProgrammeDates(year=2027, end_year=2027, adopted_on=date(2026, 12, 5))
    assert _states(adopted, date(2026, 12, 6))[Step.ADOPTION] == StepState.DONE


def test_report_waits_for_the_year_end_then_is_due_by_31_may():
    dates = timeline.ProgrammeDates(year=2026, end_year=2026, adopted_on=date(2025, 11, 20))
    assert _states(dates, date(2026, 12, 6))[Step.REPORT] == StepState.WAITING
    assert _states(dates, date(2026, 12, 6))[Step.IMPLEMENTATION] == StepState.DUE
    assert _states(dates, date(2027, 2, 1))[Step.REPORT] == StepState.DUE
    assert _states(dates, date(2027, 6, 1))[Step.REPORT] == StepState.LATE
    assert _states(dates, date(2027, 6, 1))[Step.IMPLEMENTATION] == StepState.DONE


def test_multi_year_programme_reports_after_its_last_year():
    dates = timeline.ProgrammeDates(year=2026, end_year=2028)
    report = timeline.steps(dates, date(2027, 1, 1))[-1]
    assert report.due == date(2029, 5, 31) and report.state == StepState.WAITING


@pytest.mark.parametrize(
    ("day", "inside"),
    [(date(2026, 1, 1), True), (date(2026, 12, 31), True), (date(2027, 1, 1), False)],
)
def test_dates_inside_the_programme_year(day, inside):
    assert timeline.in_year(day, 2026, 2026) is inside


def test_spending_above_plan_needs_a_note():
    assert timeline.spent_needs_note(Decimal(100), Decimal("100.01"))
    assert not timeline.spent_needs_note(Decimal(100), Decimal(100))
    assert not timeline.spent_needs_note(None, Decimal(5))
