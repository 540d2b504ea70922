"""The report: publishing it (officials) and its table as CSV."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.timeutil import utcnow
from app.common.web import commit
from app.consultations import export, queries, services
from app.consultations.forms import ReportForm
from app.consultations.loading import round_or_404
from app.consultations.views._common import require_official


def report_csv(consultation_id: int):
    """The report's table as CSV (UTF-8 with BOM, so spreadsheets read Polish letters)."""
    consultation = round_or_404(consultation_id)
    if consultation.report is None:
        abort(404)
    data = export.report_csv(queries.report_summary(consultation))
    response = Response(data, mimetype="text/csv")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"raport-konsultacji-{consultation.id}.csv"
    )
    return response


@login_required
def publish_report(consultation_id: int):
    """Publish (or update) the consultation report."""
    consultation = round_or_404(consultation_id)
    require_official()
    existing = consultation.report
    form = ReportForm(obj=existing)
    if request.method == "GET":
        form.prepared_by.data = existing.prepared_by if existing else current_user.name
        form.statement.data = existing.statement_md if existing else ""
    if form.validate_on_submit():
        services.publish_report(
            current_user, consultation, form.statement.data, form.prepared_by.data, utcnow()
        )
        commit()
        flash(_("The report has been published."), "success")
        return redirect(url_for("consultations.report", consultation_id=consultation.id))
    return render_template(
        "consultations/report_form.html",
        form=form,
        consultation=consultation,
        summary=queries.report_summary(consultation),
    )
