"""The answers of a round in Excel and back (officials): the XLSX export (one row per remark,
stable ids, the decision as a validated list), the upload of an edited file, and its preview,
row by row, which applies nothing until the official confirms."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.common import tables
from app.common.timeutil import utcnow
from app.common.uploads import RejectedUpload, check_upload
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations import answering, services, spreadsheet
from app.consultations.forms import AnswersImportForm, ConfirmStepForm
from app.consultations.loading import round_or_404
from app.consultations.messages import (
    ANSWERS_FROZEN,
    CHANNEL_LABELS,
    DECISION_LABELS,
    import_problem_message,
    upload_message,
)
from app.consultations.models import AnswerImport, Comment, Consultation, Decision
from app.consultations.views._common import frozen_notice, require_official
from app.extensions import db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("ID (do not change)"),
        _("No."),
        _("Part of the document"),
        _("Submitted by"),
        _("Channel"),
        _("Proposed wording"),
        _("Justification"),
        _("Group"),
        _("Decision"),
        _("Justification of the answer"),
        _("Answer status"),
    ]


def _row(comment: Comment) -> list[object]:
    answer = comment.answer
    if answer is None:
        status = _("no answer")
    elif answer.published_at is None:
        status = _("draft")
    else:
        status = _("published")
    return [
        comment.id,
        comment.number,
        comment.unit_label or _("General comment"),
        comment.submitted_by,
        str(CHANNEL_LABELS.get(comment.channel, comment.channel)),
        "" if comment.is_hidden else comment.proposed_wording,
        "" if comment.is_hidden else comment.justification,
        comment.group_id or "",
        str(DECISION_LABELS[answer.decision]) if answer else "",
        answer.justification_md if answer else "",
        status,
    ]


@login_required
def export_answers(consultation_id: int):
    """The round's remarks (withdrawn ones left out) with their answers as an XLSX file."""
    consultation = round_or_404(consultation_id)
    require_official()
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.consultation_id == consultation.id, Comment.withdrawn_at.is_(None))
        # one query however many remarks (selectinload would add one per 500)
        .options(
            joinedload(Comment.organization),
            joinedload(Comment.author),
            joinedload(Comment.answer),
        )
        .order_by(Comment.number)
    ).all()
    data = spreadsheet.build_workbook(
        _("Remarks"),
        _headers(),
        (_row(c) for c in comments),
        [str(label) for label in DECISION_LABELS.values()],
        about=tables.about_rows(
            source_url=url_for(
                "consultations.show", consultation_id=consultation.id, _external=True
            ),
            extra=[[_("Consultation"), consultation.title]],
        ),
    )
    response = Response(data, mimetype=XLSX)
    name = f"odpowiedzi-konsultacji-{consultation.id}.xlsx"
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def decision_spellings() -> dict[str, str]:
    """Every accepted spelling of a decision (case-folded): the code, and its label in Polish,
    in English and in the reader's language."""
    spellings = {str(d).casefold(): str(d) for d in Decision}
    for locale in ("pl", "en"):
        with force_locale(locale):
            spellings.update({str(v).casefold(): str(k) for k, v in DECISION_LABELS.items()})
    spellings.update({str(v).casefold(): str(k) for k, v in DECISION_LABELS.items()})
    return spellings


@login_required
def import_answers(consultation_id: int):
    """Upload an edited answers spreadsheet; it is read and kept for the preview only."""
    consultation = round_or_404(consultation_id)
    require_official()
    form = AnswersImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors.append(_("Choose the XLSX file to import."))
        else:
            try:
                data = upload.read()
            finally:
                upload.close()
            try:
                checked = check_upload(
                    upload.filename, data, {"xlsx"}, current_app.config["ATTACHMENT_MAX_BYTES"]
                )
                pending = answering.stage_import(
                    current_user,
                    consultation,
                    checked.filename,
                    data,
                    decision_spellings(),
                    utcnow(),
                )
            except RejectedUpload as error:
                form.file.errors.append(upload_message(error.problem))
            except answering.NotAWorkbook:
                db.session.rollback()
                form.file.errors.append(_("The file could not be read as an XLSX workbook."))
            except services.AnswersFrozen:
                db.session.rollback()
                form.file.errors.append(str(ANSWERS_FROZEN))
            else:
                commit()
                return redirect(
                    url_for(
                        "consultations.import_preview",
                        consultation_id=consultation.id,
                        import_id=pending.id,
                    )
                )
    return render_template(
        "consultations/import_form.html",
        consultation=consultation,
        form=form,
        frozen=frozen_notice(consultation),
    ), (400 if form.errors else 200)


def _pending_or_404(consultation: Consultation, import_id: int) -> AnswerImport:
    pending = get_or_404(AnswerImport, import_id)
    if pending.consultation_id != consultation.id:
        abort(404)
    return pending


@login_required
def import_preview(consultation_id: int, import_id: int):
    """What the spreadsheet will change, row by row, and the refused rows with the reason;
    the changes are applied (and audited) only when the official confirms."""
    consultation = round_or_404(consultation_id)
    require_official()
    pending = _pending_or_404(consultation, import_id)
    form = ConfirmStepForm()
    status = 200
    if form.is_submitted():
        if pending.applied_at is not None:
            flash(_("This spreadsheet has already been applied."), "info")
            return redirect(url_for("consultations.queue", consultation_id=consultation.id))
        if form.validate_on_submit():
            try:
                result = answering.apply_import(current_user, pending, consultation, utcnow())
            except services.AnswersFrozen as error:
                attach_input_error(
                    form, error, {services.AnswersFrozen: ("confirmed", str(ANSWERS_FROZEN))}
                )
                return _render_preview(consultation, pending, form, 409)
            commit()
            flash(
                _("Answers changed from the spreadsheet: %(count)s.", count=result.applied),
                "success",
            )
            if result.unpublished:
                flash(
                    _(
                        "Public answers made drafts again: %(count)s. Publish them again from "
                        "the work queue.",
                        count=result.unpublished,
                    ),
                    "warning",
                )
            if result.stale:
                flash(
                    _(
                        "Rows not applied because their answer changed after the preview: "
                        "%(count)s (listed below).",
                        count=len(result.stale),
                    ),
                    "warning",
                )
                return redirect(
                    url_for(
                        "consultations.import_preview",
                        consultation_id=consultation.id,
                        import_id=pending.id,
                    )
                )
            return redirect(url_for("consultations.queue", consultation_id=consultation.id))
        status = 400
    return _render_preview(consultation, pending, form, status)


def _render_preview(consultation: Consultation, pending: AnswerImport, form, status: int):
    return render_template(
        "consultations/import_preview.html",
        consultation=consultation,
        pending=pending,
        refusals=[(r["row"], import_problem_message(r)) for r in pending.refusals],
        # answers public now that applying would change (they become drafts again)
        public=set()
        if pending.applied_at
        else answering.public_ids([ch["comment_id"] for ch in pending.changes]),
        form=form,
        decision_labels=DECISION_LABELS,
        frozen=frozen_notice(consultation),
    ), status
