"""The statutory calendar of a programme of cooperation: pure, no Flask, no database.

Art. 5a of the Act on public benefit activity: the council adopts the annual programme by
30 November of the year before, after consulting it with organizations (the public benefit
council's opinion, where there is one, goes with the draft); the mayor submits the report on
its implementation and publishes it in BIP by 31 May of the year after. The dates of the steps
before adoption are the office's own planning dates, chosen so that adoption can be on time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.programmes.states import ConsultationBasis, Owner, Step, StepState

OWNERS = {
    Step.DRAFT: Owner.OFFICE,
    Step.CONSULTATION: Owner.OFFICE,
    Step.OPINION: Owner.COUNCIL_MRDPP,
    Step.ADOPTION: Owner.CITY_COUNCIL,
    Step.IMPLEMENTATION: Owner.OFFICE,
    Step.REPORT: Owner.MAYOR,
}


@dataclass(frozen=True)
class StepInfo:
    step: Step
    owner: Owner
    #: The deadline (None: no deadline of its own).
    due: date | None
    #: When it was done (the end of the period, for implementation; None for a done step
    #: whose day was not recorded, done because the programme is adopted).
    done_on: date | None
    state: StepState
    #: Whether the deadline is set by law (the others are planning dates).
    statutory: bool = False
    #: Why a done step counts as done, where there is more than one way (the steps before
    #: adoption: recorded, or - for the consultation - a round closed; or the adoption itself).
    basis: ConsultationBasis | None = None
    #: The year a report step is about (a multi-year programme has one report per year).
    year: int | None = None


@dataclass(frozen=True)
class ProgrammeDates:
    """What a programme has recorded, as plain dates."""

    year: int
    end_year: int
    draft_published_on: date | None = None
    consultation_closed_on: date | None = None
    #: The last day of a consultation held outside the platform, recorded by the office.
    consultation_recorded_on: date | None = None
    opinion_on: date | None = None
    adopted_on: date | None = None
    #: The day each year's report was published, by year (absent: not published).
    reports_published_on: dict[int, date] = field(default_factory=dict)


def adoption_deadline(year: int) -> date:
    """The programme for ``year`` is adopted by 30 November of the year before."""
    return date(year - 1, 11, 30)


def report_deadline(year: int) -> date:
    """The report on ``year`` of a programme is due by 31 May of the year after (art. 5a
    ust. 3: for a multi-year programme, one report for each year)."""
    return date(year + 1, 5, 31)


def report_opens(year: int) -> date:
    """The report on ``year`` may be published from 1 January of the year after."""
    return date(year + 1, 1, 1)


#: The office's planning dates of the steps before adoption (month, day of the year before).
PLANNED = {
    Step.DRAFT: (9, 30),
    Step.CONSULTATION: (10, 31),
    Step.OPINION: (10, 31),
}


def planning_deadline(step: Step, year: int) -> date:
    """The planning date of a step before adoption of the programme for ``year``."""
    month, day = PLANNED[step]
    return date(year - 1, month, day)


def consultation_done(
    dates: ProgrammeDates, today: date
) -> tuple[date | None, ConsultationBasis | None]:
    """When the consultation with organizations counts as done and why: a linked round closed,
    its dates were recorded (held outside the platform), or the programme was adopted (the
    law allows no adoption without it; the day is then the adoption's)."""
    if dates.consultation_closed_on is not None:
        return dates.consultation_closed_on, ConsultationBasis.ROUND
    recorded = dates.consultation_recorded_on
    if recorded is not None and recorded <= today:
        return recorded, ConsultationBasis.RECORDED
    if dates.adopted_on is not None:
        return dates.adopted_on, ConsultationBasis.ADOPTION
    return None, None


def done_or_adopted(
    recorded_on: date | None, dates: ProgrammeDates
) -> tuple[date | None, ConsultationBasis | None]:
    """When a step before adoption with a recorded day (the draft published, the council's
    opinion) counts as done and why: on its day, or - its day never recorded - once the
    programme is adopted, as adoption comes only after it (its day then stays unknown)."""
    if recorded_on is not None:
        return recorded_on, None
    if dates.adopted_on is not None:
        return None, ConsultationBasis.ADOPTION
    return None, None


def _state(done_on: date | None, due: date | None, today: date) -> StepState:
    if done_on is not None:
        return StepState.DONE
    if due is not None and today > due:
        return StepState.LATE
    return StepState.DUE


def steps(dates: ProgrammeDates, today: date) -> list[StepInfo]:
    """The steps of the programme with their deadlines and states on ``today``: six for an
    annual programme; a multi-year one has a report step for each of its years."""
    y = dates.year
    planned = {step: planning_deadline(step, y) for step in PLANNED}
    before_adoption = (
        (Step.DRAFT, *done_or_adopted(dates.draft_published_on, dates)),
        (Step.CONSULTATION, *consultation_done(dates, today)),
        (Step.OPINION, *done_or_adopted(dates.opinion_on, dates)),
    )
    result = [
        StepInfo(
            s,
            OWNERS[s],
            planned[s],
            done,
            StepState.DONE if why else _state(done, planned[s], today),
            basis=why,
        )
        for s, done, why in before_adoption
    ]
    adoption_due = adoption_deadline(y)
    result.append(
        StepInfo(
            Step.ADOPTION,
            OWNERS[Step.ADOPTION],
            adoption_due,
            dates.adopted_on,
            _state(dates.adopted_on, adoption_due, today),
            statutory=True,
        )
    )
    start, end = date(y, 1, 1), date(dates.end_year, 12, 31)
    if today > end:
        implementation = StepState.DONE
    elif today >= start:
        implementation = StepState.DUE
    else:
        implementation = StepState.WAITING
    result.append(
        StepInfo(
            Step.IMPLEMENTATION,
            OWNERS[Step.IMPLEMENTATION],
            end,
            end if implementation == StepState.DONE else None,
            implementation,
        )
    )
    for year in range(y, dates.end_year + 1):
        report_due = report_deadline(year)
        published_on = dates.reports_published_on.get(year)
        report_state = _state(published_on, report_due, today)
        if report_state == StepState.DUE and today < report_opens(year):
            report_state = StepState.WAITING
        result.append(
            StepInfo(
                Step.REPORT,
                OWNERS[Step.REPORT],
                report_due,
                published_on,
                report_state,
                statutory=True,
                year=year if dates.end_year != y else None,
            )
        )
    return result


def late_steps(dates: ProgrammeDates, today: date) -> list[Step]:
    return [info.step for info in steps(dates, today) if info.state == StepState.LATE]


def in_year(day: date, year: int, end_year: int) -> bool:
    """Whether a date lies within the programme's period (its year, or years)."""
    return date(year, 1, 1) <= day <= date(end_year, 12, 31)


def spent_needs_note(planned, spent) -> bool:
    """Spending above the planned amount must be explained."""
    return spent is not None and planned is not None and spent > planned
