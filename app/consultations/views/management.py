"""The officials' work on a round: creating and editing it (its timeline of stages), announcing
it, publishing the draft and its versions, attaching documents."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.domain import InvalidState
from app.common.identity import site_identity
from app.common.timeutil import to_utc, to_warsaw_naive, utcnow
from app.common.uploads import RejectedUpload, check_upload
from app.common.web import commit
from app.consultations import drafting, importers, phases, services
from app.consultations.forms import AttachmentForm, ConfirmStepForm, RoundForm, VersionForm
from app.consultations.loading import round_or_404
from app.consultations.messages import (
    REPORT_QUOTES_NOTICE,
    REPORT_QUOTES_ROUND,
    STAGE_LABELS,
    stage_problem_message,
    upload_message,
)
from app.consultations.views._common import require_official
from app.extensions import db
from app.organizations.queries import all_areas

ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "ods", "png", "jpg"}
DRAFT_KINDS = {"docx", "odt", "md"}


def _prepare_round_form(form: RoundForm) -> RoundForm:
    form.areas.choices = [(a.code, a.name(str(get_locale()))) for a in all_areas()]
    return form


def _round_data(form: RoundForm) -> services.RoundData | None:
    """The form's data, or None after adding the stage problems to the form's errors."""
    stages = []
    for kind, opens, closes in form.stage_pairs():
        if opens.data is None and closes.data is None:
            continue
        if opens.data is None or closes.data is None:
            (opens if opens.data is None else closes).errors.append(
                _("Give both the opening and the closing time of the stage.")
            )
            return None
        stages.append(services.StageData(kind, to_utc(opens.data), to_utc(closes.data)))
    windows = [
        phases.StageWindow(phases.StageKind(s.kind), s.opens_at, s.closes_at) for s in stages
    ]
    min_days = site_identity().min_commenting_days
    problems = phases.find_stage_problems(
        windows, min_days, bool((form.short_stage_justification.data or "").strip())
    )
    for problem, kind in problems:
        field, message = stage_problem_message(problem, kind, min_days)
        form[field].errors.append(message)
    if problems:
        return None
    return services.RoundData(
        title=form.title.data,
        summary=form.summary.data or "",
        subject=form.subject.data,
        rules_md=form.rules.data or "",
        contact_person=form.contact_person.data,
        contact_email=form.contact_email.data,
        participation=form.participation.data,
        comment_visibility=form.comment_visibility.data,
        short_stage_justification=form.short_stage_justification.data,
        area_codes=tuple(form.areas.data or ()),
        stages=tuple(stages),
    )


@login_required
def create():
    """Create a round; it stays a draft until announced."""
    require_official()
    form = _prepare_round_form(RoundForm())
    if request.method == "GET":
        form.contact_person.data = current_user.name
        form.contact_email.data = current_user.email
    if form.validate_on_submit():
        data = _round_data(form)
        if data is not None:
            consultation = services.create_consultation(current_user, data, utcnow())
            commit()
            flash(_("The consultation has been saved as a draft."), "success")
            return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template("consultations/round_form.html", form=form, consultation=None)


@login_required
def edit(consultation_id: int):
    """Edit a round's description and timeline."""
    consultation = round_or_404(consultation_id)
    require_official()
    # obj only on GET: an empty POST must fail validation, not re-save the stored values
    form = _prepare_round_form(RoundForm(obj=consultation if request.method == "GET" else None))
    if request.method == "GET":
        form.rules.data = consultation.rules_md
        form.areas.data = [a.code for a in consultation.areas]
        for kind, opens, closes in form.stage_pairs():
            stage = consultation.stage(kind)
            opens.data = to_warsaw_naive(stage.opens_at) if stage else None
            closes.data = to_warsaw_naive(stage.closes_at) if stage else None
    status = 200
    if form.validate_on_submit():
        data = _round_data(form)
        if data is not None:
            try:
                services.update_consultation(current_user, consultation, data, utcnow())
            except services.ReportQuotesRound as error:
                db.session.rollback()
                for name in error.fields:
                    form[name].errors = [*form[name].errors, str(REPORT_QUOTES_ROUND)]
                status = 409
            else:
                commit()
                flash(_("The consultation has been saved."), "success")
                return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template(
        "consultations/round_form.html",
        form=form,
        consultation=consultation,
        report_quotes=REPORT_QUOTES_NOTICE if consultation.report else None,
    ), status


@login_required
def announce(consultation_id: int):
    """Announce the round (a confirmation page first): from then on the public sees it."""
    consultation = round_or_404(consultation_id)
    require_official()
    if consultation.announced_at is not None:
        flash(_("The consultation has already been announced."), "warning")
        return redirect(url_for("consultations.show", consultation_id=consultation.id))
    form = ConfirmStepForm()
    if form.validate_on_submit():
        try:
            services.announce_consultation(current_user, consultation, utcnow())
        except InvalidState:
            flash(_("The consultation has already been announced."), "warning")
        else:
            commit()
            flash(_("The consultation has been announced."), "success")
        return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template(
        "consultations/announce_confirm.html",
        form=form,
        consultation=consultation,
        stage_labels=STAGE_LABELS,
    )


def _read_and_close(upload) -> bytes:
    """Read an uploaded file whole and release its temporary file at once."""
    try:
        return upload.read()
    finally:
        upload.close()


def _draft_source(form: VersionForm) -> str | None:
    """The Markdown of the draft: the uploaded file if any, else the pasted text."""
    upload = form.document.data
    if not upload or not upload.filename:
        if not (form.source.data or "").strip():
            form.source.errors.append(_("Paste the text of the draft or upload a file."))
            return None
        return form.source.data
    data = _read_and_close(upload)
    try:
        checked = check_upload(
            upload.filename, data, DRAFT_KINDS, current_app.config["ATTACHMENT_MAX_BYTES"]
        )
        if checked.kind == "docx":
            return importers.docx_to_markdown(data)
        if checked.kind == "odt":
            return importers.odt_to_markdown(data)
        return data.decode("utf-8")
    except RejectedUpload as error:
        form.document.errors.append(upload_message(error.problem))
    except importers.ImportProblem:
        form.document.errors.append(_("The document could not be read. Is it damaged?"))
    return None


@login_required
def new_version(consultation_id: int):
    """Publish the draft or a new version of it."""
    consultation = round_or_404(consultation_id)
    require_official()
    form = VersionForm()
    previous = consultation.current_version
    if request.method == "GET" and previous is not None:
        form.title.data = previous.title
        form.source.data = previous.source_md
    step = request.form.get("step")
    if form.validate_on_submit():
        source = _draft_source(form)
        units = drafting.split_markdown(source) if source is not None else []
        if source is not None and not units:
            form.source.errors.append(_("The draft has no text."))
        elif source is not None and step == "confirm" and form.confirmed.data:
            version = services.publish_version(
                current_user,
                consultation,
                form.title.data,
                source,
                form.change_note.data,
                utcnow(),
            )
            commit()
            flash(_("Version %(number)s has been published.", number=version.number), "success")
            return redirect(url_for("consultations.draft", consultation_id=consultation.id))
        elif source is not None and step != "edit":
            # the confirmation step: what will be published, the text carried as Markdown
            if step == "confirm":
                form.confirmed.errors.append(_("Tick the box to confirm."))
            form.source.data = source
            return render_template(
                "consultations/version_confirm.html",
                form=form,
                consultation=consultation,
                previous=previous,
                units=units,
                number=(previous.number + 1) if previous else 1,
            )
    return render_template(
        "consultations/version_form.html",
        form=form,
        consultation=consultation,
        previous=previous,
    )


@login_required
def new_attachment(consultation_id: int):
    """Attach a document to the round."""
    consultation = round_or_404(consultation_id)
    require_official()
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not upload.filename:
            form.file.errors.append(_("Choose a file."))
        else:
            data = _read_and_close(upload)
            try:
                checked = check_upload(
                    upload.filename,
                    data,
                    ATTACHMENT_KINDS,
                    current_app.config["ATTACHMENT_MAX_BYTES"],
                )
            except RejectedUpload as error:
                form.file.errors.append(upload_message(error.problem))
            else:
                services.add_attachment(current_user, consultation, checked, data, utcnow())
                commit()
                flash(_("The file has been attached."), "success")
                return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template(
        "consultations/attachment_form.html", form=form, consultation=consultation
    )
