"""The consultation report's tables for spreadsheets: the comments as CSV (in the form Polish
spreadsheets open, app/common/tables.py), and the comments, the count by decision, the
course of the consultation and the BIP metadata as sheets of an XLSX workbook. Both carry the
report's metryka (the site's identity, who prepared and published it, when)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.common.tables import Sheet, about_rows, csv_text, xlsx_bytes
from app.consultations.messages import DECISION_LABELS, STAGE_LABELS
from app.consultations.models import Comment, Consultation
from app.consultations.permissions import reported_stages
from app.consultations.queries import ReportSummary


def report_header() -> list[str]:
    return [
        _("No."),
        _("Organization"),
        _("Part of the document"),
        _("Current wording"),
        _("Proposed wording"),
        _("Justification"),
        _("Form"),
        _("Decision"),
        _("Answer"),
        _("Answered together with (similar remarks)"),
    ]


def report_csv(consultation: Consultation, summary: ReportSummary) -> str:
    """The report's comments, one row each, under a header row in the reader's language, with
    the report's metryka above them."""
    return csv_text(
        report_header(),
        [_row(item) for item in summary.comments],
        about=report_metadata(consultation),
    )


def report_xlsx(consultation: Consultation, summary: ReportSummary) -> bytes:
    """The report's tables as sheets: the comments, the comments by decision, the course."""
    decisions = [
        [str(label), summary.decisions.get(key, 0)] for key, label in DECISION_LABELS.items()
    ]
    decisions.append([_("No answer yet"), summary.unanswered])
    course = [
        [str(STAGE_LABELS.get(stage.kind, stage.kind)), stage.opens_at, stage.closes_at]
        for stage in reported_stages(consultation)  # as the report page: what had happened
    ]
    return xlsx_bytes(
        [
            Sheet(_("Comments"), report_header(), [_row(item) for item in summary.comments]),
            Sheet(_("Comments by decision"), [_("Decision"), _("Comments")], decisions),
            Sheet(_("Course of the consultation"), [_("Stage"), _("Opens"), _("Closes")], course),
        ],
        about=report_metadata(consultation),
    )


def report_metadata(consultation: Consultation) -> list[list]:
    """The report's BIP metadata (metryka): the site's identity (the body that publishes it,
    its office, the BIP address: app.common.tables.about_rows), who prepared and published the
    report and when, and the report page's address."""
    report = consultation.report
    extra: list[list] = []
    if report is not None:
        extra = [
            [_("Prepared by"), report.prepared_by],
            [_("Published by"), report.published_by.name if report.published_by else "—"],
            [_("Published at"), report.published_at],
            [_("Last change"), report.updated_at],
        ]
    page = url_for("consultations.report", consultation_id=consultation.id, _external=True)
    return about_rows(source_url=page, extra=extra)


def _row(item: Comment) -> list:
    who = item.submitted_by
    answer = item.published_answer
    if item.is_hidden:
        texts = [_("hidden: %(reason)s", reason=item.hidden_reason)] + ["", ""]
    else:
        texts = [item.current_wording, item.proposed_wording, item.justification]
    return [
        item.number,
        who,
        item.unit_label or _("General comment"),
        *texts,
        _channel_name(item.channel),
        str(DECISION_LABELS[answer.decision]) if answer else _("no answer yet"),
        answer.justification_md if answer else "",
        _group_numbers(item),
    ]


def _group_numbers(item: Comment) -> str:
    """The other remarks of its group, as the report page names them ("4, 9"); "" if none."""
    if item.group is None:
        return ""
    return ", ".join(
        str(c.number) for c in item.group.comments if c.id != item.id and c.withdrawn_at is None
    )


def _channel_name(channel: str) -> str:
    if channel == "paper":
        return _("paper")
    if channel == "meeting":
        return _("meeting")
    return _("online")
