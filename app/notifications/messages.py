"""One sentence per kind of notification, with a generic fallback for kinds not listed here.

Other features record kinds of their own (e.g. "vote.results_published"); a kind without an
entry is still shown, with the fallback sentence and its ``title`` parameter.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, gettext
from flask_babel import lazy_gettext as _l

from app.common.timeutil import to_local
from app.consultations.states import StageKind
from app.notifications.models import NotificationKind
from app.programmes.messages import ANSWER_LABELS

#: Parameters holding an ISO datetime, shown in Warsaw time and the reader's language.
DATETIME_PARAMS = ("closes", "deadline", "opens", "starts")
#: Parameters holding an ISO date, shown as a long date in the reader's language.
DATE_PARAMS = ("due",)

MESSAGES = {
    NotificationKind.CONSULTATION_ANNOUNCED: _l(
        "A new consultation in an area you follow: “%(title)s”."
    ),
    NotificationKind.CONSULTATION_REPORT_PUBLISHED: _l(
        "The report of the consultation “%(title)s” is published."
    ),
    NotificationKind.STAGE_OPENED: _l(
        "A stage has opened in the consultation “%(title)s”: %(stage)s."
    ),
    NotificationKind.STAGE_CLOSING: _l(
        "The stage “%(stage)s” of the consultation “%(title)s” closes on %(closes)s and "
        "%(organization)s has not taken part yet."
    ),
    NotificationKind.STAGE_RESCHEDULED: _l(
        "New dates of the stage “%(stage)s” of the consultation “%(title)s”: from %(opens)s "
        "to %(closes)s."
    ),
    NotificationKind.STAGE_CLOSING_PERSONAL: _l(
        "The stage “%(stage)s” of the consultation “%(title)s” closes on %(closes)s and you "
        "have not commented yet."
    ),
    NotificationKind.CONTENT_HIDDEN: _l(
        "The office has hidden what you wrote in “%(title)s”. Reason: %(reason)s. You may ask "
        "once for a review."
    ),
    NotificationKind.REVIEW_REQUESTED: _l(
        "%(name)s asks for a review of hidden content in “%(title)s”."
    ),
    NotificationKind.REVIEW_REQUESTED_ANONYMOUS: _l(
        "A respondent of the anonymous survey “%(title)s” asks for a review of a hidden answer."
    ),
    NotificationKind.REVIEW_RESTORED: _l(
        "The office has reviewed what it hid in “%(title)s”: it is shown again."
    ),
    NotificationKind.REVIEW_UPHELD: _l(
        "The office has reviewed what it hid in “%(title)s”: it stays hidden."
    ),
    NotificationKind.COMMENT_ANSWERED: _l(
        "The office has answered comment no. %(number)s in the consultation “%(consultation)s”."
    ),
    NotificationKind.PROPOSAL_ANSWERED: _l(
        "The office has published its answer to the proposal “%(title)s”."
    ),
    NotificationKind.PROPOSAL_REVIEW_STARTED: _l(
        "The office has started reviewing the proposal “%(title)s”."
    ),
    NotificationKind.PROPOSAL_INVITED: _l(
        "%(lead)s invites your organization to co-author “%(title)s”."
    ),
    NotificationKind.PROPOSAL_OFFER: _l(
        "%(organization)s offers to join your proposal “%(title)s”."
    ),
    NotificationKind.PROPOSAL_SUBMITTED: _l(
        "Every invited organization has accepted: the proposal “%(title)s” has been submitted "
        "to the office."
    ),
    NotificationKind.PROPOSAL_COAUTHOR_DECLINED: _l(
        "%(organization)s declined to co-author “%(title)s”: the proposal stays a draft until "
        "you submit it again."
    ),
    NotificationKind.MEMBERSHIP_REQUESTED: _l("%(person)s asks to represent %(organization)s."),
    NotificationKind.OPPORTUNITY_PUBLISHED: _l(
        "A new opportunity in an area you follow: “%(title)s”."
    ),
    NotificationKind.OPPORTUNITY_DEADLINE: _l("The deadline of “%(title)s” is %(deadline)s."),
    NotificationKind.EVENT_PUBLISHED: _l(
        "A new event you may be interested in: “%(title)s” on %(starts)s."
    ),
    NotificationKind.EVENT_RESCHEDULED: _l(
        "The event “%(title)s” has a new date: it starts on %(starts)s."
    ),
    NotificationKind.OPPORTUNITY_DEADLINE_CHANGED: _l(
        "The deadline of “%(title)s” has changed to %(deadline)s."
    ),
    NotificationKind.VOTE_RESULTS_PUBLISHED: _l(
        "The results of the vote “%(title)s” are published."
    ),
    NotificationKind.MEETING_REMINDER: _l(
        "Reminder: the consultation meeting “%(title)s” starts on %(starts)s."
    ),
    NotificationKind.MEETING_SEAT_GIVEN: _l(
        "A seat has been freed: you are now registered for the meeting “%(title)s” on %(starts)s."
    ),
    NotificationKind.SURVEY_OPENED: _l(
        "A survey of the consultation “%(consultation)s” is open: “%(title)s”, until %(closes)s."
    ),
    NotificationKind.SURVEY_CLOSING: _l(
        "The survey “%(title)s” of the consultation “%(consultation)s” closes on %(closes)s and "
        "you have not answered it yet."
    ),
    NotificationKind.PROGRAMME_TASK_UPDATED: _l(
        "A new update on the task “%(title)s” of the programme of cooperation."
    ),
    NotificationKind.CHANGE_NOTICE_FILED: _l(
        "%(organization)s has filed a change notice on the task “%(title)s”."
    ),
    NotificationKind.CHANGE_NOTICE_ANSWERED: _l(
        "The office has answered the change notice on the task “%(title)s”: %(answer)s."
    ),
    NotificationKind.CHANGE_NOTICE_REPLIED: _l(
        "A new message from %(who)s in the change notice on the task “%(title)s”."
    ),
    NotificationKind.PROGRAMME_ADOPTION_DUE: _l(
        "The programme of cooperation “%(title)s” must be adopted by %(due)s."
    ),
    NotificationKind.PROGRAMME_DRAFT_DUE: _l(
        "The draft of the programme of cooperation “%(title)s” is planned to be published by "
        "%(due)s."
    ),
    NotificationKind.PROGRAMME_CONSULTATION_DUE: _l(
        "The consultation of the programme of cooperation “%(title)s” with organizations is "
        "planned to be held by %(due)s."
    ),
    NotificationKind.PROGRAMME_OPINION_DUE: _l(
        "The public benefit council's opinion on the programme of cooperation “%(title)s” is "
        "planned to be attached by %(due)s."
    ),
    NotificationKind.PROGRAMME_REPORT_DUE: _l(
        "The implementation report of “%(title)s” must be published by %(due)s."
    ),
}

#: The office's answer that sets the day the organization replies by (e.g. needs an annex).
CHANGE_NOTICE_ANSWERED_BY = _l(
    "The office has answered the change notice on the task “%(title)s”: %(answer)s. "
    "Please reply by %(due)s."
)

STAGE_NAMES = {
    StageKind.COMMENTING: _l("commenting"),
    StageKind.PROPOSALS: _l("proposals"),
    StageKind.VOTING: _l("voting"),
    StageKind.RESULTS: _l("results"),
}


class _Params(dict):
    """Missing parameters render as an empty string rather than failing the whole list."""

    def __missing__(self, key: str) -> str:
        return ""


def describe(kind: str, params: dict[str, Any]) -> str:
    """The sentence for a notification in the current language."""
    values = _Params(params or {})
    if "stage" in values:
        values["stage"] = str(STAGE_NAMES.get(values["stage"], values["stage"]))
    if kind == NotificationKind.CHANGE_NOTICE_ANSWERED and "answer" in values:
        values["answer"] = str(ANSWER_LABELS.get(values["answer"], values["answer"]))
    if kind == NotificationKind.CHANGE_NOTICE_REPLIED and values.get("who") == "office":
        values["who"] = gettext("the office")
    for key in DATETIME_PARAMS:
        if isinstance(values.get(key), str):
            try:
                moment = datetime.fromisoformat(values[key])
            except ValueError:
                continue
            values[key] = format_datetime(
                to_local(moment).replace(tzinfo=None), "short", rebase=False
            )
    for key in DATE_PARAMS:
        if isinstance(values.get(key), str):
            try:
                values[key] = format_date(date.fromisoformat(values[key]), "long")
            except ValueError:
                continue  # written before dates were stored as ISO: shown as it is
    template = MESSAGES.get(kind)
    if kind == NotificationKind.CHANGE_NOTICE_ANSWERED and values.get("due"):
        template = CHANGE_NOTICE_ANSWERED_BY
    if template is None:
        title = values.get("title")
        if title:
            return gettext("Something new about “%(title)s”.", title=title)
        return gettext("Something new happened on the platform.")
    return str(template) % values
