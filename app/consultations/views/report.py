"""The report: publishing and correcting it (officials) and its table as CSV."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.sanitize import render_markdown
from app.common.tables import XLSX_MIMETYPE
from app.common.timeutil import to_local, utcnow
from app.common.web import commit
from app.consultations import export, permissions, queries, services
from app.consultations.forms import ReportForm
from app.consultations.loading import round_or_404
from app.consultations.messages import report_refusal_message
from app.consultations.models import Consultation, StageKind
from app.consultations.views._common import require_official
from app.extensions import db


def report_csv(consultation_id: int):
    """The report's table as CSV (UTF-8 with BOM, so spreadsheets read Polish letters)."""
    consultation = round_or_404(consultation_id)
    if consultation.report is None:
        abort(404)
    data = export.report_csv(consultation, queries.report_summary(consultation))
    response = Response(data, mimetype="text/csv; charset=utf-8")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"raport-konsultacji-{consultation.id}.csv"
    )
    return response


def report_xlsx(consultation_id: int):
    """The report's tables as an XLSX workbook (comments, by decision, course)."""
    consultation = round_or_404(consultation_id)
    if consultation.report is None:
        abort(404)
    data = export.report_xlsx(consultation, queries.report_summary(consultation))
    response = Response(data, mimetype=XLSX_MIMETYPE)
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"raport-konsultacji-{consultation.id}.xlsx"
    )
    return response


def _refused(consultation: Consultation, refusal, status: int):
    stage = consultation.stage(StageKind.COMMENTING)
    closes = (
        format_datetime(to_local(stage.closes_at).replace(tzinfo=None), "short", rebase=False)
        if stage
        else ""
    )
    return render_template(
        "consultations/report_refused.html",
        consultation=consultation,
        message=report_refusal_message(refusal, closes),
    ), status


@login_required
def publish_report(consultation_id: int):
    """Publish the consultation report, or correct it by a new revision with a reason.

    Three steps: the form, then a confirmation page saying what will happen (with a warning
    about unanswered comments and unpublished answers), then the publication. Refused (409 on
    a POST) before the commenting stage has closed.
    """
    consultation = round_or_404(consultation_id)
    require_official()
    now = utcnow()
    refusal = permissions.report_refusal(consultation, now)
    if refusal is not None:
        return _refused(consultation, refusal, 409 if request.method == "POST" else 200)
    existing = consultation.report
    form = ReportForm()
    if request.method == "GET":
        form.prepared_by.data = existing.prepared_by if existing else current_user.name
        form.statement.data = existing.statement_md if existing else ""
    step = request.form.get("step")
    if form.validate_on_submit():
        if existing is not None and not (form.reason.data or "").strip():
            form.reason.errors.append(
                _("Say why the published report is corrected: the reason is shown publicly.")
            )
        elif step == "confirm" and form.confirmed.data:
            try:
                services.publish_report(
                    current_user,
                    consultation,
                    form.statement.data,
                    form.prepared_by.data,
                    now,
                    reason=form.reason.data,
                )
            except services.ReportNotDue as error:
                db.session.rollback()
                return _refused(consultation, error.refusal, 409)
            commit()
            if existing is None:
                flash(_("The report has been published."), "success")
            else:
                flash(_("The corrected report has been published as a new revision."), "success")
            return redirect(url_for("consultations.report", consultation_id=consultation.id))
        elif step != "edit":
            if step == "confirm":
                form.confirmed.errors.append(_("Tick the box to confirm."))
            comments = queries.report_summary(consultation).comments
            return render_template(
                "consultations/report_confirm.html",
                form=form,
                consultation=consultation,
                report=existing,
                statement_html=render_markdown(form.statement.data),
                no_answer=sum(1 for c in comments if c.answer is None),
                unpublished=sum(
                    1 for c in comments if c.answer is not None and c.answer.published_at is None
                ),
            )
    return render_template(
        "consultations/report_form.html",
        form=form,
        consultation=consultation,
        report=existing,
        summary=queries.report_summary(consultation),
    )
