"""The states and kinds of the programme of cooperation (pure enums, no Flask)."""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class TaskSource(StrEnum):
    """Where a tracked task comes from."""

    PRIORITY = "priority"  #: a priority task written in the programme
    PROPOSAL = "proposal"  #: an accepted proposal
    VOTE_OPTION = "vote_option"  #: a funded option of a priority vote


class NoticeKind(StrEnum):
    """What a funded organization's change notice is about."""

    SCHEDULE = "schedule"
    BUDGET = "budget"
    SCOPE = "scope"
    PARTNERS = "partners"
    PROBLEM = "problem"


class NoticeAnswer(StrEnum):
    ACCEPTED = "accepted"
    NEEDS_ANNEX = "needs_annex"
    REJECTED = "rejected"


class StepState(StrEnum):
    DONE = "done"
    LATE = "late"
    DUE = "due"  #: not done, deadline not passed yet
    WAITING = "waiting"  #: cannot start yet (e.g. the report before the year ends)


class Step(StrEnum):
    """The statutory steps of a programme (art. 5a of the Act on public benefit activity)."""

    DRAFT = "draft"
    CONSULTATION = "consultation"
    OPINION = "opinion"
    ADOPTION = "adoption"
    IMPLEMENTATION = "implementation"
    REPORT = "report"


class Owner(StrEnum):
    OFFICE = "office"
    COUNCIL_MRDPP = "mrdpp"
    CITY_COUNCIL = "city_council"
    MAYOR = "mayor"


class Measure(StrEnum):
    """The platform's computations an evaluation indicator can be measured by (for the report
    year, from the programme's tasks, competitions, grants, consultations and votes)."""

    COMPETITIONS = "competitions"  #: competitions and other forms announced
    OFFERS = "offers"  #: offers submitted in the competitions
    GRANTS = "grants"  #: grants awarded (agreements)
    AMOUNT_GRANTED = "amount_granted"  #: money transferred to organizations
    ORGANIZATIONS = "organizations"  #: organizations that received grants
    CONSULTATIONS = "consultations"  #: consultation rounds held
    REMARKS = "remarks"  #: remarks received in them
    REMARKS_ANSWERED = "remarks_answered"  #: remarks answered
    VOTES = "votes"  #: votes held (published results)
    BALLOTS = "ballots"  #: ballots cast in them
    TASKS_DONE = "tasks_done"  #: tracked tasks done
    AMOUNT_SPENT = "amount_spent"  #: money spent on the tracked tasks


class ConsultationBasis(StrEnum):
    """Why a step before adoption counts as done: the consultation in any of these ways, the
    draft's publication and the council's opinion by their recorded day or by adoption."""

    ROUND = "round"  #: a linked round of the platform has closed
    RECORDED = "recorded"  #: the office recorded its dates (held outside the platform)
    ADOPTION = "adoption"  #: the programme is adopted (it cannot be without consultation)
