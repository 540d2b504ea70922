"""One sentence per kind of notification, with a generic fallback for kinds not listed here.

Other features record kinds of their own (e.g. "vote.results_published"); a kind without an
entry is still shown, with the fallback sentence and its ``title`` parameter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l

from app.common.timeutil import to_local

#: Parameters holding an ISO datetime, shown in Warsaw time and the reader's language.
DATETIME_PARAMS = ("closes", "deadline", "opens", "starts")

MESSAGES = {
    "consultation.announced": _l("A new consultation in an area you follow: “%(title)s”."),
    "consultation.report_published": _l("The report of the consultation “%(title)s” is published."),
    "stage.opened": _l("A stage has opened in the consultation “%(title)s”: %(stage)s."),
    "stage.closing": _l(
        "The stage “%(stage)s” of the consultation “%(title)s” closes on %(closes)s and "
        "%(organization)s has not taken part yet."
    ),
    "stage.rescheduled": _l(
        "New dates of the stage “%(stage)s” of the consultation “%(title)s”: from %(opens)s "
        "to %(closes)s."
    ),
    "stage.closing_personal": _l(
        "The stage “%(stage)s” of the consultation “%(title)s” closes on %(closes)s and you "
        "have not commented yet."
    ),
    "comment.answered": _l(
        "The office has answered comment no. %(number)s in the consultation “%(consultation)s”."
    ),
    "proposal.answered": _l("The office has published its answer to the proposal “%(title)s”."),
    "proposal.review_started": _l("The office has started reviewing the proposal “%(title)s”."),
    "proposal.invited": _l("%(lead)s invites your organization to co-author “%(title)s”."),
    "proposal.offer": _l("%(organization)s offers to join your proposal “%(title)s”."),
    "membership.requested": _l("%(person)s asks to represent %(organization)s."),
    "opportunity.published": _l("A new opportunity in an area you follow: “%(title)s”."),
    "opportunity.deadline": _l("The deadline of “%(title)s” is %(deadline)s."),
    "event.published": _l("A new event you may be interested in: “%(title)s” on %(starts)s."),
    "event.rescheduled": _l("The event “%(title)s” has a new date: it starts on %(starts)s."),
    "opportunity.deadline_changed": _l("The deadline of “%(title)s” has changed to %(deadline)s."),
    "vote.results_published": _l("The results of the vote “%(title)s” are published."),
}

STAGE_NAMES = {
    "commenting": _l("commenting"),
    "proposals": _l("proposals"),
    "voting": _l("voting"),
    "results": _l("results"),
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
    for key in DATETIME_PARAMS:
        if isinstance(values.get(key), str):
            try:
                moment = datetime.fromisoformat(values[key])
            except ValueError:
                continue
            values[key] = format_datetime(
                to_local(moment).replace(tzinfo=None), "medium", rebase=False
            )
    template = MESSAGES.get(kind)
    if template is None:
        title = values.get("title")
        if title:
            return gettext("Something new about “%(title)s”.", title=title)
        return gettext("Something new happened on the platform.")
    return str(template) % values
