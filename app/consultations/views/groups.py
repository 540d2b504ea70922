"""Groups of similar remarks (officials): the platform's suggestions and how they were made,
confirming or editing a group, dissolving it, and answering a group once (each remark gets its
own copy of the answer, as a draft)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.forms import ConfirmForm
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations import answering, services, similarity, worklist
from app.consultations.forms import GroupAnswerForm
from app.consultations.loading import round_or_404
from app.consultations.messages import ANSWERS_FROZEN, DECISION_LABELS
from app.consultations.models import Comment, CommentGroup, Consultation
from app.consultations.views._common import comment_link, frozen_notice, require_official
from app.extensions import db


def _group_error(error: Exception) -> str:
    if isinstance(error, answering.MixedUnits):
        return _("The remarks of a group are about the same part of the document.")
    if isinstance(error, answering.AlreadyGrouped):
        return _("A remark is already in another group.")
    return _("A group holds at least two remarks that are not withdrawn.")


def _ids() -> list[int]:
    return sorted({int(v) for v in request.form.getlist("ids") if v.isdigit()})


def _render_groups(consultation: Consultation, error: str | None = None, status: int = 200):
    suggestions = worklist.suggestions(consultation)
    groups = worklist.groups_of(consultation)
    remarks = worklist.comments_by_id(consultation, {i for s in suggestions for i in s.ids})
    return render_template(
        "consultations/groups.html",
        consultation=consultation,
        suggestions=suggestions,
        remarks=remarks,
        groups=groups,
        error=error,
        stem=similarity.STEM,
        threshold=similarity.THRESHOLD,
        decision_labels=DECISION_LABELS,
        confirm_form=ConfirmForm(),
    ), status


@login_required
def groups(consultation_id: int):
    """Suggested groups of similar remarks (with how they were found) and confirmed groups."""
    consultation = round_or_404(consultation_id)
    require_official()
    return _render_groups(consultation)


@login_required
def create_group(consultation_id: int):
    """Confirm a group from the ticked remarks of a suggestion (or any remarks)."""
    consultation = round_or_404(consultation_id)
    require_official()
    if not ConfirmForm().validate_on_submit():
        return _render_groups(consultation, _("The form has expired; try again."), 400)
    comments = worklist.selected_comments(consultation, _ids())
    try:
        group = answering.save_group(current_user, consultation, comments, utcnow())
    except (answering.GroupTooSmall, answering.MixedUnits, answering.AlreadyGrouped) as error:
        db.session.rollback()
        return _render_groups(consultation, _group_error(error), 400)
    commit()
    flash(_("The group has been confirmed: answer it once below."), "success")
    return redirect(_group_url(group))


def _group_url(group: CommentGroup) -> str:
    return url_for("consultations.group", consultation_id=group.consultation_id, group_id=group.id)


def _group_or_404(consultation: Consultation, group_id: int) -> CommentGroup:
    group = get_or_404(CommentGroup, group_id)
    if group.consultation_id != consultation.id:
        abort(404)
    return group


def _render_group(
    consultation: Consultation,
    group: CommentGroup,
    form: GroupAnswerForm,
    error: str | None = None,
    status: int = 200,
    chosen: set[int] | None = None,
):
    members = list(group.comments)
    # remarks on the same part that are in no group: they may be added
    unit = (
        Comment.unit_key.is_(None)
        if group.unit_key is None
        else (Comment.unit_key == group.unit_key)
    )
    others = list(
        db.session.scalars(
            select(Comment)
            .where(
                Comment.consultation_id == consultation.id,
                Comment.withdrawn_at.is_(None),
                Comment.group_id.is_(None),
                unit,
            )
            .options(selectinload(Comment.organization), selectinload(Comment.author))
            .order_by(Comment.number)
        )
    )
    return render_template(
        "consultations/group.html",
        consultation=consultation,
        group=group,
        members=members,
        others=others,
        chosen=chosen if chosen is not None else {c.id for c in members},
        form=form,
        error=error,
        decision_labels=DECISION_LABELS,
        confirm_form=ConfirmForm(),
        frozen=frozen_notice(consultation),
        public_count=sum(1 for c in members if c.published_answer and not c.is_withdrawn),
    ), status


@login_required
def group(consultation_id: int, group_id: int):
    """A confirmed group: its remarks and their answers, one answer form for all of them."""
    consultation = round_or_404(consultation_id)
    require_official()
    item = _group_or_404(consultation, group_id)
    form = GroupAnswerForm()
    if request.method == "GET":
        drafted = next((c.answer for c in item.comments if c.answer), None)
        if drafted is not None:
            form.decision.data = drafted.decision
            form.justification.data = drafted.justification_md
        return _render_group(consultation, item, form)
    if not form.validate_on_submit():
        return _render_group(consultation, item, form, status=400)
    public = answering.public_changed(item.comments, form.decision.data, form.justification.data)
    try:
        count = answering.answer_group(
            current_user,
            item,
            form.decision.data,
            form.justification.data,
            False,
            utcnow(),
            comment_link,
        )
    except answering.NothingSelected:
        db.session.rollback()
        return _render_group(
            consultation, item, form, _("Every remark of the group is withdrawn."), 400
        )
    except services.AnswersFrozen as error:
        attach_input_error(
            form, error, {services.AnswersFrozen: ("justification", str(ANSWERS_FROZEN))}
        )
        return _render_group(consultation, _group_or_404(consultation, group_id), form, status=409)
    commit()
    flash(
        _("The answer has been saved as a draft for each of the %(count)s remarks.", count=count),
        "success",
    )
    if public:
        flash(
            _(
                "Public answers made drafts again: %(count)s. Publish them again from the work "
                "queue.",
                count=len(public),
            ),
            "warning",
        )
    return redirect(_group_url(item))


@login_required
def edit_group(consultation_id: int, group_id: int):
    """Change which remarks the group holds (the ticked ones)."""
    consultation = round_or_404(consultation_id)
    require_official()
    item = _group_or_404(consultation, group_id)
    ids = _ids()
    if not ConfirmForm().validate_on_submit():
        return _render_group(consultation, item, GroupAnswerForm(formdata=None), status=400)
    comments = worklist.selected_comments(consultation, ids)
    try:
        answering.save_group(current_user, consultation, comments, utcnow(), group=item)
    except (answering.GroupTooSmall, answering.MixedUnits, answering.AlreadyGrouped) as error:
        db.session.rollback()
        item = _group_or_404(consultation, group_id)
        return _render_group(
            consultation,
            item,
            GroupAnswerForm(formdata=None),
            _group_error(error),
            400,
            chosen=set(ids),
        )
    commit()
    flash(_("The group has been changed."), "success")
    return redirect(_group_url(item))


@login_required
def dissolve_group(consultation_id: int, group_id: int):
    """Dissolve the group: its remarks keep their answers."""
    consultation = round_or_404(consultation_id)
    require_official()
    item = _group_or_404(consultation, group_id)
    if not ConfirmForm().validate_on_submit():
        return _render_group(consultation, item, GroupAnswerForm(formdata=None), status=400)
    answering.dissolve_group(current_user, item)
    commit()
    flash(_("The group has been dissolved; its remarks keep their answers."), "info")
    return redirect(url_for("consultations.groups", consultation_id=consultation.id))
