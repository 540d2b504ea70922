"""Consultation rounds: public pages, commenting, and the officials' management.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then notify, flash and redirect.
"""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.domain import InvalidState, NotAllowed
from app.common.timeutil import utcnow
from app.common.uploads import RejectedUpload, UploadProblem, check_upload
from app.consultations import drafting, importers, permissions, phases, queries, services
from app.consultations.forms import (
    DECISION_LABELS,
    PARTICIPATION_LABELS,
    STAGE_LABELS,
    STATE_LABELS,
    AnswerForm,
    AttachmentForm,
    CommentForm,
    HideForm,
    PaperCommentForm,
    ReportForm,
    RoundForm,
    VersionForm,
    to_utc,
    to_warsaw_naive,
)
from app.consultations.models import Attachment, Comment, Consultation
from app.extensions import db
from app.organizations.models import Organization, OrganizationStatus
from app.organizations.queries import all_areas

bp = Blueprint("consultations", __name__, url_prefix="/consultations")

ATTACHMENT_KINDS = {"pdf", "docx", "odt", "xlsx", "ods", "png", "jpg"}
DRAFT_KINDS = {"docx", "odt", "md"}


def _upload_message(problem: UploadProblem) -> str:
    return {
        UploadProblem.EMPTY: _("The file is empty."),
        UploadProblem.TOO_LARGE: _("The file is too large (at most 10 MB)."),
        UploadProblem.TYPE_NOT_ALLOWED: _("This type of file is not accepted."),
        UploadProblem.EXTENSION_MISMATCH: _(
            "The file's name does not match its content (check the extension)."
        ),
    }[problem]


def _get_round(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    require(permissions.can_view_round(current_user, consultation))
    return consultation


def _get_comment(consultation: Consultation, comment_id: int, lock: bool = False) -> Comment:
    comment = db.session.get(Comment, comment_id, with_for_update=lock, populate_existing=lock)
    if comment is None or comment.consultation_id != consultation.id:
        abort(404)
    return comment


def _comment_link(comment: Comment, external: bool = False) -> str:
    return url_for(
        "consultations.comment",
        consultation_id=comment.consultation_id,
        comment_id=comment.id,
        _external=external,
    )


def _organizations_for(user) -> list[Organization]:
    """The verified organizations the person may act for."""
    from app.organizations.queries import organizations_acting_for

    return organizations_acting_for(user)


def _comment_offer(consultation: Consultation, now) -> tuple[bool, str | None]:
    """Whether to offer "add a comment" links, and why not to a signed-in person who may not
    comment while the stage is open (anonymous visitors get the links: they lead to log-in)."""
    if not permissions.is_commenting_open(consultation, now) or not consultation.versions:
        return False, None
    orgs = (
        _organizations_for(current_user)
        if current_user.is_authenticated and consultation.participation == "verified_organizations"
        else []
    )
    refusal = permissions.comment_refusal(
        current_user, consultation, orgs[0] if orgs else None, now
    )
    if refusal in (None, permissions.CommentRefusal.NOT_SIGNED_IN):
        return True, None
    if refusal in (
        permissions.CommentRefusal.NOT_CONFIRMED,
        permissions.CommentRefusal.NOT_REPRESENTATIVE,
    ):
        return False, _refusal_message(refusal)
    return False, None


# --- public pages -------------------------------------------------------------------------


@bp.route("/")
def index():
    """Consultations: open now, upcoming, closed (and drafts for officials)."""
    is_official = permissions.can_manage_consultations(current_user)
    return render_template(
        "consultations/index.html",
        groups=queries.rounds_by_state(is_official, utcnow()),
        is_official=is_official,
        unanswered=queries.unanswered_counts() if is_official else {},
    )


@bp.route("/<int:consultation_id>")
def show(consultation_id: int):
    """A round: subject, timeline, rules, documents, draft, report."""
    consultation = _get_round(consultation_id)
    now = utcnow()
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        state=queries.state_of(consultation, now),
        state_labels=STATE_LABELS,
        now=now,
        stage_labels=STAGE_LABELS,
        participation_label=PARTICIPATION_LABELS.get(consultation.participation),
        is_official=permissions.can_manage_consultations(current_user),
        commenting_open=permissions.is_commenting_open(consultation, now),
        comment_offer=_comment_offer(consultation, now),
        comment_count=len(queries.comments_of(consultation.id)),
        too_short=_commenting_too_short(consultation),
        confirm_form=ConfirmForm(),
    )


def _commenting_too_short(consultation: Consultation) -> bool:
    stage = consultation.stage("commenting")
    minimum = current_app.config["MIN_COMMENTING_DAYS"]
    return stage is not None and (stage.closes_at - stage.opens_at).days < minimum


@bp.route("/<int:consultation_id>/draft")
@bp.route("/<int:consultation_id>/draft/v<int:number>")
def draft(consultation_id: int, number: int | None = None):
    """The draft, unit by unit, with comment counts, comments and answers."""
    consultation = _get_round(consultation_id)
    if not consultation.versions:
        abort(404)
    version = (
        queries.version_by_number(consultation, number) if number else consultation.current_version
    )
    if version is None:
        abort(404)
    now = utcnow()
    comments = queries.comments_of(consultation.id, version.id)
    readable = permissions.can_read_comments(current_user, consultation, now)
    return render_template(
        "consultations/draft.html",
        consultation=consultation,
        version=version,
        is_current=version is consultation.current_version,
        counts=queries.comment_counts_by_unit(comments),
        comments_by_unit=_group_by_unit(comments) if readable else {},
        comments_readable=readable,
        accepted_before=queries.accepted_comments_by_unit(consultation, version),
        comment_offer=_comment_offer(consultation, now)
        if version is consultation.current_version
        else (False, None),
        decision_labels=DECISION_LABELS,
    )


def _group_by_unit(comments: list[Comment]) -> dict:
    grouped: dict = {}
    for comment in comments:
        grouped.setdefault(comment.unit_key, []).append(comment)
    return grouped


@bp.route("/<int:consultation_id>/draft/v<int:number>/changes")
def changes(consultation_id: int, number: int):
    """What changed in a version compared with the previous one, unit by unit."""
    consultation = _get_round(consultation_id)
    version = queries.version_by_number(consultation, number)
    previous = queries.version_by_number(consultation, number - 1)
    if version is None or previous is None:
        abort(404)
    old_units = {u.key: u for u in previous.units}
    new_units = {u.key: u for u in version.units}
    rows = []
    for match in drafting.match_units(
        [services._as_unit(u) for u in previous.units],
        [services._as_unit(u) for u in version.units],
    ):
        new = version.units[match.new_position] if match.new_position is not None else None
        old = old_units.get(match.old_key) if match.old_key else None
        segments = drafting.word_diff(old.text_md if old else "", new.text_md if new else "")
        rows.append({"match": match, "old": old, "new": new, "segments": segments})
    return render_template(
        "consultations/changes.html",
        consultation=consultation,
        version=version,
        previous=previous,
        rows=rows,
        accepted_before=queries.accepted_comments_by_unit(consultation, version),
        new_units=new_units,
    )


@bp.route("/<int:consultation_id>/comments/<int:comment_id>")
def comment(consultation_id: int, comment_id: int):
    """One comment with its answer (a stable, citable address)."""
    consultation = _get_round(consultation_id)
    item = _get_comment(consultation, comment_id)
    now = utcnow()
    require(
        permissions.can_read_comments(current_user, consultation, now)
        or permissions.can_change_comment(current_user, item, now)
    )
    is_official = permissions.can_manage_consultations(current_user)
    return render_template(
        "consultations/comment.html",
        consultation=consultation,
        comment=item,
        decision_labels=DECISION_LABELS,
        can_change=permissions.can_change_comment(current_user, item, now),
        is_official=is_official,
        answer_form=_answer_form(item) if is_official else None,
        hide_form=HideForm() if is_official else None,
        confirm_form=ConfirmForm(),
    )


def _answer_form(item: Comment) -> AnswerForm:
    form = AnswerForm()
    if request.method == "GET" and item.answer is not None:
        form.decision.data = item.answer.decision
        form.justification.data = item.answer.justification_md
    return form


@bp.route("/<int:consultation_id>/attachments/<int:attachment_id>")
def attachment(consultation_id: int, attachment_id: int):
    """Download an attachment (always as a download, never rendered inline)."""
    consultation = _get_round(consultation_id)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/<int:consultation_id>/report")
def report(consultation_id: int):
    """The consultation report: who commented, what, and how each comment was handled."""
    consultation = _get_round(consultation_id)
    if consultation.report is None:
        abort(404)
    return render_template(
        "consultations/report.html",
        consultation=consultation,
        summary=queries.report_summary(consultation),
        decision_labels=DECISION_LABELS,
        stage_labels=STAGE_LABELS,
        printable=request.args.get("print") == "1",
    )


@bp.route("/<int:consultation_id>/report.csv")
def report_csv(consultation_id: int):
    """The report's table as CSV (UTF-8 with BOM, so spreadsheets read Polish letters)."""
    consultation = _get_round(consultation_id)
    if consultation.report is None:
        abort(404)
    summary = queries.report_summary(consultation)
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
    data = "\ufeff" + buffer.getvalue()
    response = Response(data, mimetype="text/csv")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"raport-konsultacji-{consultation.id}.csv"
    )
    return response


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
        _("paper") if item.is_paper else _("online"),
        str(DECISION_LABELS[answer.decision]) if answer else _("no answer yet"),
        answer.justification_md if answer else "",
    ]


# --- commenting ---------------------------------------------------------------------------


def _prepare_comment_form(form: CommentForm, consultation: Consultation, orgs) -> CommentForm:
    version = consultation.current_version
    form.unit.choices = [("", _("General comment on the whole document"))] + [
        (u.key, f"{u.label}: {u.text_md[:80]}") for u in version.units
    ]
    form.organization.choices = [(o.id, o.name) for o in orgs] or [(0, _("Myself"))]
    return form


def _refusal_message(refusal) -> str:
    return {
        permissions.CommentRefusal.NOT_SIGNED_IN: _("Log in to comment."),
        permissions.CommentRefusal.NOT_CONFIRMED: _("Confirm your e-mail address to comment."),
        permissions.CommentRefusal.NOT_ANNOUNCED: _("This consultation has not been announced."),
        permissions.CommentRefusal.NO_DRAFT: _("There is no draft to comment on yet."),
        permissions.CommentRefusal.STAGE_NOT_OPEN: _(
            "Commenting is not open: comments are accepted only during the commenting stage."
        ),
        permissions.CommentRefusal.NOT_REPRESENTATIVE: _(
            "Only representatives of verified organizations may comment in this consultation."
        ),
    }[refusal]


@bp.route("/<int:consultation_id>/comment", methods=["GET", "POST"])
@login_required
def new_comment(consultation_id: int):
    """File a comment with the standard consultation form."""
    consultation = _get_round(consultation_id)
    now = utcnow()
    by_organization = consultation.participation == "verified_organizations"
    orgs = _organizations_for(current_user) if by_organization else []
    refusal = permissions.comment_refusal(
        current_user, consultation, orgs[0] if orgs else None, now
    )
    if refusal is not None:
        return render_template(
            "consultations/refused.html",
            consultation=consultation,
            message=_refusal_message(refusal),
        ), 403
    if request.method == "POST" and by_organization:
        # a request naming an organization the person does not represent is forged
        require(request.form.get("organization", type=int) in {o.id for o in orgs})
    form = _prepare_comment_form(CommentForm(), consultation, orgs)
    if request.method == "GET":
        unit_key = request.args.get("unit", "")
        form.unit.data = unit_key
        unit = next((u for u in consultation.current_version.units if u.key == unit_key), None)
        form.current_wording.data = unit.text_md if unit else ""
    if form.validate_on_submit():
        organization = next((o for o in orgs if o.id == form.organization.data), None)
        try:
            item = services.submit_comment(
                consultation, current_user, organization, _comment_data(form), now
            )
        except NotAllowed:
            abort(403)
        db.session.commit()
        flash(_("Your comment no. %(number)s has been filed.", number=item.number), "success")
        return redirect(_comment_link(item))
    return render_template(
        "consultations/comment_form.html", consultation=consultation, form=form, comment=None
    )


def _comment_data(form: CommentForm) -> services.CommentData:
    return services.CommentData(
        unit_key=form.unit.data or None,
        current_wording=form.current_wording.data or "",
        proposed_wording=form.proposed_wording.data or "",
        justification=form.justification.data or "",
    )


@bp.route("/<int:consultation_id>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(consultation_id: int, comment_id: int):
    """Edit one's comment while commenting is open."""
    consultation = _get_round(consultation_id)
    item = _get_comment(consultation, comment_id)
    now = utcnow()
    require(permissions.can_change_comment(current_user, item, now))
    orgs = [item.organization] if item.organization else []
    form = _prepare_comment_form(CommentForm(obj=item), consultation, orgs)
    if request.method == "GET":
        form.unit.data = item.unit_key or ""
        form.organization.data = item.organization_id or 0
    if form.validate_on_submit():
        try:
            services.update_comment(item, _comment_data(form), now)
        except services.UnknownUnit:
            abort(400)
        db.session.commit()
        flash(_("Your comment has been saved."), "success")
        return redirect(_comment_link(item))
    return render_template(
        "consultations/comment_form.html", consultation=consultation, form=form, comment=item
    )


@bp.post("/<int:consultation_id>/comments/<int:comment_id>/withdraw")
@login_required
def withdraw_comment(consultation_id: int, comment_id: int):
    """Withdraw one's comment while commenting is open."""
    consultation = _get_round(consultation_id)
    item = _get_comment(consultation, comment_id)
    require(permissions.can_change_comment(current_user, item, utcnow()))
    if ConfirmForm().validate_on_submit():
        services.withdraw_comment(item, utcnow())
        db.session.commit()
        flash(_("Your comment has been withdrawn."), "info")
    return redirect(_comment_link(item))


# --- officials ----------------------------------------------------------------------------


def _require_official() -> None:
    require(permissions.can_manage_consultations(current_user))


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
    problems = phases.find_stage_problems(
        windows,
        current_app.config["MIN_COMMENTING_DAYS"],
        bool((form.short_stage_justification.data or "").strip()),
    )
    for problem, kind in problems:
        field, message = _stage_problem_message(problem, kind)
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


def _stage_problem_message(problem: phases.StageProblem, kind: str) -> tuple[str, str]:
    """The form field to mark and the message for a timeline problem."""
    if problem == phases.StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION:
        days = current_app.config["MIN_COMMENTING_DAYS"]
        return "short_stage_justification", _(
            "Commenting lasts less than %(days)s days: justify the shorter time.", days=days
        )
    if problem == phases.StageProblem.RESULTS_BEFORE_VOTING_ENDS:
        return "results_opens", _("The results stage cannot open before voting closes.")
    if problem == phases.StageProblem.ENDS_BEFORE_START:
        return f"{kind}_closes", _("A stage must close after it opens.")
    return f"{kind}_opens", _("Each stage may appear only once.")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a round; it stays a draft until announced."""
    _require_official()
    form = _prepare_round_form(RoundForm())
    if request.method == "GET":
        form.contact_person.data = current_user.name
        form.contact_email.data = current_user.email
    if form.validate_on_submit():
        data = _round_data(form)
        if data is not None:
            consultation = services.create_consultation(current_user, data, utcnow())
            db.session.commit()
            flash(_("The consultation has been saved as a draft."), "success")
            return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template("consultations/round_form.html", form=form, consultation=None)


@bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    """Edit a round's description and timeline."""
    consultation = _get_round(consultation_id)
    _require_official()
    # obj only on GET: an empty POST must fail validation, not re-save the stored values
    form = _prepare_round_form(RoundForm(obj=consultation if request.method == "GET" else None))
    if request.method == "GET":
        form.rules.data = consultation.rules_md
        form.areas.data = [a.code for a in consultation.areas]
        for kind, opens, closes in form.stage_pairs():
            stage = consultation.stage(kind)
            opens.data = to_warsaw_naive(stage.opens_at) if stage else None
            closes.data = to_warsaw_naive(stage.closes_at) if stage else None
    if form.validate_on_submit():
        data = _round_data(form)
        if data is not None:
            services.update_consultation(current_user, consultation, data, utcnow())
            db.session.commit()
            flash(_("The consultation has been saved."), "success")
            return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template("consultations/round_form.html", form=form, consultation=consultation)


@bp.post("/<int:consultation_id>/announce")
@login_required
def announce(consultation_id: int):
    """Announce the round: from now on the public sees it."""
    consultation = _get_round(consultation_id)
    _require_official()
    if ConfirmForm().validate_on_submit():
        try:
            services.announce_consultation(current_user, consultation, utcnow())
        except InvalidState:
            flash(_("The consultation has already been announced."), "warning")
        else:
            db.session.commit()
            flash(_("The consultation has been announced."), "success")
    return redirect(url_for("consultations.show", consultation_id=consultation.id))


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
        form.document.errors.append(_upload_message(error.problem))
    except importers.ImportProblem:
        form.document.errors.append(_("The document could not be read. Is it damaged?"))
    return None


@bp.route("/<int:consultation_id>/versions/new", methods=["GET", "POST"])
@login_required
def new_version(consultation_id: int):
    """Publish the draft or a new version of it."""
    consultation = _get_round(consultation_id)
    _require_official()
    form = VersionForm()
    previous = consultation.current_version
    if request.method == "GET" and previous is not None:
        form.title.data = previous.title
        form.source.data = previous.source_md
    if form.validate_on_submit():
        source = _draft_source(form)
        if source is not None:
            try:
                version = services.publish_version(
                    current_user,
                    consultation,
                    form.title.data,
                    source,
                    form.change_note.data,
                    utcnow(),
                )
            except services.EmptyDraft:
                form.source.errors.append(_("The draft has no text."))
            else:
                db.session.commit()
                flash(_("Version %(number)s has been published.", number=version.number), "success")
                return redirect(url_for("consultations.draft", consultation_id=consultation.id))
    return render_template(
        "consultations/version_form.html",
        form=form,
        consultation=consultation,
        previous=previous,
    )


@bp.route("/<int:consultation_id>/attachments/new", methods=["GET", "POST"])
@login_required
def new_attachment(consultation_id: int):
    """Attach a document to the round."""
    consultation = _get_round(consultation_id)
    _require_official()
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
                form.file.errors.append(_upload_message(error.problem))
            else:
                services.add_attachment(current_user, consultation, checked, data, utcnow())
                db.session.commit()
                flash(_("The file has been attached."), "success")
                return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return render_template(
        "consultations/attachment_form.html", form=form, consultation=consultation
    )


@bp.route("/<int:consultation_id>/paper", methods=["GET", "POST"])
@login_required
def paper_comment(consultation_id: int):
    """Enter a paper consultation form received at the office."""
    consultation = _get_round(consultation_id)
    _require_official()
    if consultation.current_version is None:
        flash(_("Publish the draft first."), "warning")
        return redirect(url_for("consultations.show", consultation_id=consultation.id))
    orgs = list(
        db.session.scalars(
            select(Organization)
            .where(Organization.status == OrganizationStatus.VERIFIED)
            .order_by(Organization.name)
        )
    )
    form = _prepare_comment_form(PaperCommentForm(), consultation, orgs)
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization.data)
        item = services.enter_paper_comment(
            current_user,
            consultation,
            organization,
            _comment_data(form),
            form.received_on.data,
            utcnow(),
        )
        db.session.commit()
        flash(_("Paper comment no. %(number)s has been entered.", number=item.number), "success")
        return redirect(_comment_link(item))
    return render_template(
        "consultations/comment_form.html",
        consultation=consultation,
        form=form,
        comment=None,
        paper=True,
    )


@bp.route("/<int:consultation_id>/comments/<int:comment_id>/answer", methods=["POST"])
@login_required
def answer(consultation_id: int, comment_id: int):
    """Draft or publish the office's answer to a comment."""
    consultation = _get_round(consultation_id)
    _require_official()
    item = _get_comment(consultation, comment_id, lock=True)
    form = AnswerForm()
    if not form.validate_on_submit():
        return render_template(
            "consultations/comment.html",
            consultation=consultation,
            comment=item,
            decision_labels=DECISION_LABELS,
            can_change=False,
            is_official=True,
            answer_form=form,
            hide_form=HideForm(),
            confirm_form=ConfirmForm(),
        ), 400
    services.save_answer(
        current_user,
        item,
        form.decision.data,
        form.justification.data,
        form.publish.data,
        utcnow(),
        link=_comment_link(item),
    )
    db.session.commit()
    if form.publish.data:
        flash(_("The answer has been published."), "success")
    else:
        flash(_("The answer has been saved as a draft."), "success")
    return redirect(_comment_link(item))


@bp.post("/<int:consultation_id>/answers/publish")
@login_required
def publish_answers(consultation_id: int):
    """Publish every drafted answer of the round at once."""
    consultation = _get_round(consultation_id)
    _require_official()
    if ConfirmForm().validate_on_submit():
        count = services.publish_drafted_answers(
            current_user, consultation, utcnow(), link_for=_comment_link
        )
        db.session.commit()
        flash(_("Published answers: %(count)s.", count=count), "success")
    return redirect(url_for("consultations.manage", consultation_id=consultation.id))


@bp.route("/<int:consultation_id>/comments/<int:comment_id>/hide", methods=["POST"])
@login_required
def hide(consultation_id: int, comment_id: int):
    """Hide a comment that breaks the rules, with a public reason."""
    consultation = _get_round(consultation_id)
    _require_official()
    item = _get_comment(consultation, comment_id)
    form = HideForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for hiding."), "danger")
        return redirect(_comment_link(item))
    services.hide_comment(current_user, item, form.reason.data, utcnow())
    db.session.commit()
    flash(_("The comment has been hidden."), "info")
    return redirect(_comment_link(item))


@bp.route("/<int:consultation_id>/manage")
@login_required
def manage(consultation_id: int):
    """The officials' view of a round: every comment and the state of its answer."""
    consultation = _get_round(consultation_id)
    _require_official()
    comments = queries.comments_of(consultation.id)
    return render_template(
        "consultations/manage.html",
        consultation=consultation,
        comments=comments,
        drafted=sum(1 for c in comments if c.answer and not c.answer.published_at),
        unanswered=sum(1 for c in comments if not c.is_withdrawn and not c.published_answer),
        decision_labels=DECISION_LABELS,
        confirm_form=ConfirmForm(),
    )


@bp.route("/<int:consultation_id>/report/publish", methods=["GET", "POST"])
@login_required
def publish_report(consultation_id: int):
    """Publish (or update) the consultation report."""
    consultation = _get_round(consultation_id)
    _require_official()
    existing = consultation.report
    form = ReportForm(obj=existing)
    if request.method == "GET":
        form.prepared_by.data = existing.prepared_by if existing else current_user.name
        form.statement.data = existing.statement_md if existing else ""
    if form.validate_on_submit():
        services.publish_report(
            current_user, consultation, form.statement.data, form.prepared_by.data, utcnow()
        )
        db.session.commit()
        flash(_("The report has been published."), "success")
        return redirect(url_for("consultations.report", consultation_id=consultation.id))
    return render_template(
        "consultations/report_form.html",
        form=form,
        consultation=consultation,
        summary=queries.report_summary(consultation),
    )
