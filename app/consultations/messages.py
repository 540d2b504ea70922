"""What the consultation pages say for a code: the labels of stages, round states, decisions and
the rules of a round, and the texts of refusals and problems.

The English strings are the message ids of the translations: changing one loses its Polish text.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.common.uploads import UploadProblem
from app.common.web import refusal_text
from app.consultations.permissions import CommentRefusal, ReportRefusal
from app.consultations.phases import RoundState, StageProblem
from app.consultations.services import (
    AnswersFrozen,
    ReceiptProblem,
    ReceivedOutsideStage,
    RemarksFrozen,
    ReportQuotesRound,
)
from app.consultations.spreadsheet import ImportProblem
from app.consultations.states import (
    Channel,
    CommentVisibility,
    Decision,
    Participation,
    StageKind,
)

STAGE_LABELS = {
    StageKind.COMMENTING: _l("Commenting on the draft"),
    StageKind.PROPOSALS: _l("Proposals"),
    StageKind.VOTING: _l("Priority voting"),
    StageKind.RESULTS: _l("Results"),
}
STATE_LABELS = {
    RoundState.DRAFT: _l("draft (not announced)"),
    RoundState.ANNOUNCED: _l("announced"),
    RoundState.OPEN: _l("in progress"),
    RoundState.CLOSED: _l("closed"),
    RoundState.RESULTS_PUBLISHED: _l("results published"),
}
DECISION_LABELS = {
    Decision.ACCEPTED: _l("Accepted"),
    Decision.PARTLY_ACCEPTED: _l("Partly accepted"),
    Decision.REJECTED: _l("Rejected"),
    Decision.NOT_APPLICABLE: _l("Not applicable"),
}
CHANNEL_LABELS = {
    Channel.PLATFORM: _l("platform"),
    Channel.PAPER: _l("paper form"),
    Channel.MEETING: _l("meeting"),
}
IMPORT_PROBLEMS = {
    ImportProblem.UNKNOWN_ID: _l(
        "unknown remark id (not a remark of this consultation, or given twice): %(value)s"
    ),
    ImportProblem.DECISION_NOT_IN_LIST: _l("the decision is not one of the list: %(value)s"),
    ImportProblem.MISSING_DECISION: _l("an answer without a decision"),
    ImportProblem.MISSING_JUSTIFICATION: _l("a decision without a justification"),
    ImportProblem.CHANGED_AFTER_PREVIEW: _l(
        "remark %(value)s was changed by %(by)s at %(at)s after the preview; not applied, so "
        "the newer answer stays (export the answers again to see it)"
    ),
}
PARTICIPATION_LABELS = {
    Participation.VERIFIED_ORGANIZATIONS: _l("Representatives of verified organizations"),
    Participation.CONFIRMED_PERSONS: _l("Any person with a confirmed account"),
}
VISIBILITY_LABELS = {
    CommentVisibility.IMMEDIATE: _l("Comments are public at once"),
    CommentVisibility.AFTER_CLOSE: _l("Comments become public when commenting closes"),
}

#: Why no answer of the round may be created, changed or published any more.
ANSWERS_FROZEN = refusal_text(AnswersFrozen)(
    _l(
        "The consultation report has been published: the answers can no longer be changed. "
        "Describe a correction in a new version of the report."
    )
)


#: Why no remark of the round may be entered, changed or withdrawn any more.
REMARKS_FROZEN = refusal_text(RemarksFrozen)(
    _l(
        "The consultation report has been published: remarks can no longer be entered or "
        "changed, as they would change the published report. Describe a late remark in a new "
        "revision of the report."
    )
)

#: Why the title, the subject or the dates of a stage the report quotes may not change.
REPORT_QUOTES_ROUND = refusal_text(ReportQuotesRound)(
    _l(
        "The consultation report has been published and quotes this: it can no longer be "
        "changed. Describe a correction in a new revision of the report."
    )
)

#: What the round form says once the report is published.
REPORT_QUOTES_NOTICE = _l(
    "The consultation report has been published: the title, the subject and the dates of the "
    "stages it quotes (those closed when it was published) can no longer be changed, and no "
    "stage may be moved to close before its publication. Describe a correction in a new "
    "revision of the report."
)


def receipt_message(error: ReceivedOutsideStage) -> str:
    """Why the date a paper form was received is refused."""
    if error.problem == ReceiptProblem.NO_COMMENTING_STAGE:
        return _(
            "The consultation has no commenting stage: paper forms are entered only as remarks "
            "received during it."
        )
    dates = {
        "first": format_date(error.first_day, "short"),
        "last": format_date(error.last_day, "short"),
    }
    if error.problem == ReceiptProblem.IN_FUTURE:
        return _("The date the form was received cannot be later than today.")
    if error.problem == ReceiptProblem.BEFORE_STAGE:
        return _(
            "The form was received before the commenting stage opened (%(first)s – %(last)s): "
            "it is not a remark of the consultation.",
            **dates,
        )
    return _(
        "The form was received after the commenting stage closed (%(first)s – %(last)s): a "
        "remark received late is not entered as a remark of the consultation.",
        **dates,
    )


refusal_text(ReceivedOutsideStage)(
    _l("A paper form is entered only if it was received during the commenting stage.")
)


def upload_message(problem: UploadProblem) -> str:
    """Why an uploaded file (a draft or an attachment) was refused."""
    return {
        UploadProblem.EMPTY: _("The file is empty."),
        UploadProblem.TOO_LARGE: _("The file is too large (at most 10 MB)."),
        UploadProblem.TYPE_NOT_ALLOWED: _("This type of file is not accepted."),
        UploadProblem.EXTENSION_MISMATCH: _(
            "The file's name does not match its content (check the extension)."
        ),
    }[problem]


def comment_refusal_message(refusal: CommentRefusal) -> str:
    """Why the person may not comment, as the refusal page says it."""
    return {
        CommentRefusal.NOT_SIGNED_IN: _("Log in to comment."),
        CommentRefusal.NOT_CONFIRMED: _("Confirm your e-mail address to comment."),
        CommentRefusal.NOT_ANNOUNCED: _("This consultation has not been announced."),
        CommentRefusal.NO_DRAFT: _("There is no draft to comment on yet."),
        CommentRefusal.STAGE_NOT_OPEN: _(
            "Commenting is not open: comments are accepted only during the commenting stage."
        ),
        CommentRefusal.NOT_REPRESENTATIVE: _(
            "Only representatives of verified organizations may comment in this consultation."
        ),
    }[refusal]


def stage_problem_message(
    problem: StageProblem, kind: StageKind, min_commenting_days: int
) -> tuple[str, str]:
    """The round form's field to mark and the message for a timeline problem."""
    if problem == StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION:
        return "short_stage_justification", _(
            "Commenting lasts less than %(days)s days: justify the shorter time.",
            days=min_commenting_days,
        )
    if problem == StageProblem.RESULTS_BEFORE_VOTING_ENDS:
        return "results_opens", _("The results stage cannot open before voting closes.")
    if problem == StageProblem.ENDS_BEFORE_START:
        return f"{kind}_closes", _("A stage must close after it opens.")
    return f"{kind}_opens", _("Each stage may appear only once.")


def report_refusal_message(refusal: ReportRefusal, closes_at_text: str = "") -> str:
    """Why the report may not be published yet; ``closes_at_text``: when commenting closes."""
    if refusal == ReportRefusal.NOT_ANNOUNCED:
        return _("The consultation has not been announced: there is nothing to report yet.")
    if refusal == ReportRefusal.COMMENTING_NOT_CLOSED:
        return _(
            "The report can be published only after the commenting stage has closed "
            "(on %(date)s): until then comments may still come in and the report would state "
            "dates that have not happened.",
            date=closes_at_text,
        )
    return _("The report can be published only after every stage of the consultation has closed.")


def import_problem_message(refusal: dict) -> str:
    """Why a row of an answers spreadsheet was refused (``refusal`` as stored)."""
    at = refusal.get("at") or ""
    if at:
        from datetime import datetime

        from flask_babel import format_datetime

        from app.common.timeutil import to_local

        local = to_local(datetime.fromisoformat(at)).replace(tzinfo=None)
        at = format_datetime(local, "short", rebase=False)
    return str(IMPORT_PROBLEMS[ImportProblem(refusal["reason"])]) % {
        "value": refusal.get("value") or "—",
        "by": refusal.get("by") or "—",
        "at": at or "—",
    }
