"""The answer work queue of a round (officials): every remark with filters, sorting and a
selection; bulk actions on the selection (one decision and justification for all, assigning to
a colleague with a due date, publishing drafts after a confirmation); publishing every drafted
answer of the round, also after a confirmation saying how many become public."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from app.auth.models import User
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit
from app.consultations import answering, services, worklist
from app.consultations.forms import ConfirmStepForm, QueueActionForm
from app.consultations.loading import round_or_404
from app.consultations.messages import ANSWERS_FROZEN, CHANNEL_LABELS, DECISION_LABELS
from app.consultations.models import Consultation
from app.consultations.views._common import comment_link, frozen_notice, require_official
from app.extensions import db

ACTIONS = ("decide", "assign", "publish")


def _selected_ids(source: MultiDict) -> list[int]:
    return sorted({int(v) for v in source.getlist("ids") if v.isdigit()})


def _filter_from_back(source: MultiDict) -> worklist.QueueFilter:
    """The queue's filters carried through a form (the hidden ``back`` field)."""
    return worklist.QueueFilter.from_args(MultiDict(parse_qsl(source.get("back", "")[:500])))


def _page_from_back(source: MultiDict) -> int:
    """The queue's page the form was sent from (the hidden ``back`` field), 1 by default."""
    page = MultiDict(parse_qsl(source.get("back", "")[:500])).get("page", 1, type=int)
    return max(page or 1, 1)


def _queue_url(consultation: Consultation, f: worklist.QueueFilter, page: int = 1) -> str:
    args = f.as_args() | ({"page": page} if page > 1 else {})
    return url_for("consultations.queue", consultation_id=consultation.id, **args)


def _action_form(officials: list[User]) -> QueueActionForm:
    form = QueueActionForm()
    form.assignee.choices = [(0, _("— nobody —"))] + [(u.id, u.name) for u in officials]
    return form


def _render_queue(
    consultation: Consultation,
    f: worklist.QueueFilter,
    form: QueueActionForm,
    choices: dict,
    selected: set[int],
    page: int = 1,
    selection_error: str | None = None,
    status: int = 200,
):
    pagination = worklist.queue_page(consultation, f, page)
    return render_template(
        "consultations/queue.html",
        consultation=consultation,
        page=pagination,
        f=f,
        args=f.as_args(),
        back=request.query_string.decode()
        if request.method == "GET"
        else request.form.get("back", ""),
        form=form,
        choices=choices,
        counts=worklist.counts(consultation),
        selected=selected,
        selection_error=selection_error,
        decision_labels=DECISION_LABELS,
        channel_labels=CHANNEL_LABELS,
        states=worklist.AnswerState,
        sorts=worklist.Sort,
        general=worklist.GENERAL,
        frozen=frozen_notice(consultation),
    ), status


@login_required
def queue(consultation_id: int):
    """The work queue: one page of the round's remarks, filtered and sorted."""
    consultation = round_or_404(consultation_id)
    require_official()
    f = worklist.QueueFilter.from_args(request.args)
    choices = worklist.filter_choices(consultation)
    page = max(request.args.get("page", 1, type=int), 1)
    return _render_queue(
        consultation, f, _action_form(choices["officials"]), choices, set(), page=page
    )


@login_required
def bulk(consultation_id: int):
    """A bulk action on the selected remarks: answer, assign, or (after a confirmation)
    publish their drafted answers. Bad input re-renders the queue's page the form was sent
    from with the selection kept. An answer that would change published answers asks first:
    they become drafts again until published again."""
    consultation = round_or_404(consultation_id)
    require_official()
    f = _filter_from_back(request.form)
    page = _page_from_back(request.form)
    choices = worklist.filter_choices(consultation)
    form = _action_form(choices["officials"])
    ids = _selected_ids(request.form)
    action = request.form.get("action", "")
    selected = set(ids)

    def again(error: str | None = None):
        return _render_queue(
            consultation, f, form, choices, selected, page=page, selection_error=error, status=400
        )

    if not form.validate_on_submit() or action not in ACTIONS:
        return again()
    comments = worklist.selected_comments(consultation, ids)
    if not comments:
        return again(_("Select at least one remark."))
    if action in ("decide", "publish") and frozen_notice(consultation):
        return again(str(ANSWERS_FROZEN))
    if action == "publish":
        return _publish_confirmation(consultation, comments, ConfirmStepForm(formdata=None), f)
    try:
        if action == "decide":
            if not form.decision.data:
                form.decision.errors = [_("Choose the decision.")]
            if not (form.justification.data or "").strip():
                form.justification.errors = [_("Justify the answer.")]
            if form.decision.errors or form.justification.errors:
                return again()
            public = answering.public_changed(comments, form.decision.data, form.justification.data)
            if public:
                confirm = ConfirmStepForm()
                if request.form.get("step") != "redraft":
                    confirm = ConfirmStepForm(formdata=None)
                    return _redraft_confirmation(consultation, comments, public, form, confirm, f)
                if not confirm.validate():
                    return _redraft_confirmation(
                        consultation, comments, public, form, confirm, f, status=400
                    )
            count = answering.answer_comments(
                current_user, comments, form.decision.data, form.justification.data, utcnow()
            )
            message = _("Answers saved as drafts: %(count)s.", count=count)
            if public:
                message += " " + _(
                    "Of them, public answers made drafts again until you publish them: %(count)s.",
                    count=len(public),
                )
        else:
            assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
            count = answering.assign_comments(current_user, comments, assignee, form.due_on.data)
            message = _("Remarks assigned: %(count)s.", count=count)
    except answering.NothingSelected:
        db.session.rollback()
        return again(_("None of the selected remarks can be answered (withdrawn)."))
    except services.AnswersFrozen:
        db.session.rollback()
        return again(str(ANSWERS_FROZEN))
    except answering.NotAnOfficial as error:
        attach_input_error(
            form, error, {answering.NotAnOfficial: ("assignee", _("Choose an official."))}
        )
        return again()
    commit()
    flash(message, "success")
    return redirect(_queue_url(consultation, f, page))


def _redraft_confirmation(consultation, comments, public, form, confirm, f, status: int = 200):
    """Before one answer for the selection changes answers already public: which ones, and
    that they become drafts until published again."""
    confirm.confirmed.label.text = _(
        "I understand that these answers stop being public until they are published again"
    )
    return render_template(
        "consultations/redraft_confirm.html",
        consultation=consultation,
        public=public,
        ids=[c.id for c in comments],
        form=form,
        confirm=confirm,
        back=request.form.get("back", ""),
        cancel=_queue_url(consultation, f, _page_from_back(request.form)),
        decision_labels=DECISION_LABELS,
    ), status


def _publish_confirmation(consultation, comments, form, f, status: int = 200):
    drafts = answering.drafts_among(comments)
    return render_template(
        "consultations/publish_confirm.html",
        consultation=consultation,
        drafts=drafts,
        ids=[c.id for c in comments],
        form=form,
        action=url_for("consultations.queue_publish", consultation_id=consultation.id),
        back=request.form.get("back", ""),
        cancel=_queue_url(consultation, f),
        decision_labels=DECISION_LABELS,
        frozen=frozen_notice(consultation),
    ), status


def _frozen_refusal(target: str):
    db.session.rollback()
    flash(str(ANSWERS_FROZEN), "danger")
    return redirect(target)


@login_required
def queue_publish(consultation_id: int):
    """Publish the drafted answers of the selection, once the confirmation is ticked."""
    consultation = round_or_404(consultation_id)
    require_official()
    f = _filter_from_back(request.form)
    comments = worklist.selected_comments(consultation, _selected_ids(request.form))
    form = ConfirmStepForm()
    if not form.validate_on_submit() or not answering.drafts_among(comments):
        return _publish_confirmation(consultation, comments, form, f, status=400)
    try:
        count = answering.publish_answers_of(current_user, comments, utcnow(), comment_link)
    except services.AnswersFrozen:
        return _frozen_refusal(_queue_url(consultation, f))
    commit()
    flash(_("Published answers: %(count)s.", count=count), "success")
    return redirect(_queue_url(consultation, f))


@login_required
def publish_answers(consultation_id: int):
    """Publish every drafted answer of the round: a confirmation page says how many answers
    become public; they are published only when it is confirmed."""
    consultation = round_or_404(consultation_id)
    require_official()
    comments = worklist.drafted_comments(consultation)
    form = ConfirmStepForm()
    if request.method == "POST" and form.validate_on_submit() and comments:
        try:
            count = answering.publish_answers_of(current_user, comments, utcnow(), comment_link)
        except services.AnswersFrozen:
            return _frozen_refusal(url_for("consultations.manage", consultation_id=consultation.id))
        commit()
        flash(_("Published answers: %(count)s.", count=count), "success")
        return redirect(url_for("consultations.manage", consultation_id=consultation.id))
    return render_template(
        "consultations/publish_confirm.html",
        consultation=consultation,
        drafts=answering.drafts_among(comments),
        ids=[],
        form=form,
        action=url_for("consultations.publish_answers", consultation_id=consultation.id),
        back="",
        cancel=url_for("consultations.manage", consultation_id=consultation.id),
        decision_labels=DECISION_LABELS,
        frozen=frozen_notice(consultation),
    ), (400 if request.method == "POST" else 200)
