"""The surveys part of a round's page and of its report (``app.consultations.sections``)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.common.timeutil import utcnow
from app.surveys import logic, permissions, queries
from app.surveys.messages import STATE_LABELS


def round_section(consultation) -> str:
    """The round's surveys (open, closed with results) and the officials' "new survey" link."""
    surveys = queries.surveys_of(consultation.id)
    now = utcnow()
    is_official = permissions.can_manage_surveys(current_user)
    visible = [s for s in surveys if is_official or now >= s.opens_at]
    if not visible and not is_official:
        return ""
    return render_template(
        "surveys/_round_section.html",
        consultation=consultation,
        surveys=visible,
        states={s.id: logic.survey_state(s.opens_at, s.closes_at, now) for s in visible},
        state_labels=STATE_LABELS,
        counts=queries.response_counts([s.id for s in visible]),
        is_official=is_official,
    )


def report_section(consultation) -> str:
    """In the report: each survey closed by the report's publication (by now in a report not
    published yet) with its number of responses and main figures; a survey closing after the
    publication does not join the published report."""
    report = consultation.report
    by = report.published_at if report is not None else utcnow()
    closed = queries.closed_surveys(consultation.id, by)
    if not closed:
        return ""
    return render_template(
        "surveys/_report_section.html",
        consultation=consultation,
        summaries=queries.results_of_many(closed),
    )
