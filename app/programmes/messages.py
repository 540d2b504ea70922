"""Code → text maps of the programme of cooperation (forms, pages, exports) and its refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.web import refusal_text
from app.programmes import services
from app.programmes.measures import MEASURE_LABELS as MEASURE_LABELS
from app.programmes.states import (
    ConsultationBasis,
    NoticeAnswer,
    NoticeKind,
    Owner,
    Step,
    StepState,
    TaskStatus,
)

STATUS_LABELS = {
    TaskStatus.PLANNED: _l("planned"),
    TaskStatus.IN_PROGRESS: _l("in progress"),
    TaskStatus.DONE: _l("done"),
    TaskStatus.DROPPED: _l("dropped"),
}
SOURCE_LABELS = {
    "priority": _l("priority task of the programme"),
    "proposal": _l("accepted proposal"),
    "vote_option": _l("funded option of a vote"),
}
NOTICE_KIND_LABELS = {
    NoticeKind.SCHEDULE: _l("schedule"),
    NoticeKind.BUDGET: _l("budget lines"),
    NoticeKind.SCOPE: _l("scope"),
    NoticeKind.PARTNERS: _l("partners"),
    NoticeKind.PROBLEM: _l("a problem"),
}
ANSWER_LABELS = {
    NoticeAnswer.ACCEPTED: _l("change accepted"),
    NoticeAnswer.NEEDS_ANNEX: _l("needs an annex to the contract"),
    NoticeAnswer.REJECTED: _l("change rejected"),
}
BASIS_LABELS = {
    ConsultationBasis.ROUND: _l("a linked consultation round closed"),
    ConsultationBasis.RECORDED: _l("held outside the platform (dates recorded)"),
    ConsultationBasis.ADOPTION: _l("the programme was adopted after consultation"),
}
STEP_LABELS = {
    Step.DRAFT: _l("Draft published"),
    Step.CONSULTATION: _l("Consultation with organizations"),
    Step.OPINION: _l("Opinion of the public benefit council (MRDPP)"),
    Step.ADOPTION: _l("Adoption by the city council"),
    Step.IMPLEMENTATION: _l("Implementation"),
    Step.REPORT: _l("Implementation report to the council and in BIP"),
}
OWNER_LABELS = {
    Owner.OFFICE: _l("the city office"),
    Owner.COUNCIL_MRDPP: _l("the public benefit council"),
    Owner.CITY_COUNCIL: _l("the city council"),
    Owner.MAYOR: _l("the mayor"),
}
STEP_STATE_LABELS = {
    StepState.DONE: _l("done"),
    StepState.LATE: _l("late"),
    StepState.DUE: _l("to do"),
    StepState.WAITING: _l("not yet"),
}

refusal_text(services.AlreadyAdopted)(_l("The adoption of this programme is recorded already."))
refusal_text(services.NotAdopted)(
    _l("Tasks are tracked once the programme is adopted: record the resolution first.")
)
refusal_text(services.AlreadyAnswered)(_l("This change notice has been answered already."))
refusal_text(services.ReportTooEarly)(
    _l("The report can be published from 1 January of the year after the programme.")
)
refusal_text(services.ReportNotDrafted)(_l("Save the report's text before publishing it."))
refusal_text(services.NotFundedOrganization)(
    _l("Only an organization that received a grant for this task can file a change notice.")
)
refusal_text(services.TaskHasRecords)(
    _l(
        "This task has grants, updates or change notices: it stays on record. "
        "Mark it dropped with the reason instead."
    )
)
