"""The consultation report's table as CSV (UTF-8 with BOM, so spreadsheets read Polish letters)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from app.consultations.messages import DECISION_LABELS
from app.consultations.models import Comment
from app.consultations.queries import ReportSummary


def report_csv(summary: ReportSummary) -> str:
    """The report's comments, one row each, under a header row in the reader's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("No."),
            _("Organization"),
            _("Part of the document"),
            _("Current wording"),
            _("Proposed wording"),
            _("Justification"),
            _("Form"),
            _("Decision"),
            _("Answer"),
        ]
    )
    for item in summary.comments:
        writer.writerow(_csv_row(item))
    return "\ufeff" + buffer.getvalue()


def _csv_row(item: Comment) -> list[str]:
    who = item.organization.name if item.organization else item.author.name
    answer = item.published_answer
    if item.is_hidden:
        texts = [_("hidden: %(reason)s", reason=item.hidden_reason)] + ["", ""]
    else:
        texts = [item.current_wording, item.proposed_wording, item.justification]
    return [
        str(item.number),
        who,
        item.unit_label or _("General comment"),
        *texts,
        _channel_name(item.channel),
        str(DECISION_LABELS[answer.decision]) if answer else _("no answer yet"),
        answer.justification_md if answer else "",
    ]


def _channel_name(channel: str) -> str:
    if channel == "paper":
        return _("paper")
    if channel == "meeting":
        return _("meeting")
    return _("online")
