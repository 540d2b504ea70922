"""The officials' side: the review queue, starting the review, the answer (accepted, rejected
or merged), the internal note and hiding comments that break the rules."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.domain import InvalidState
from app.common.timeutil import utcnow
from app.common.web import commit, get_or_404
from app.extensions import db
from app.proposals import permissions, queries, services
from app.proposals.forms import AnswerForm, HideForm, NoteForm
from app.proposals.models import Proposal, ProposalComment
from app.proposals.views._common import (
    filter_args,
    filter_choices,
    get_proposal,
    link,
    list_filters,
    proposal_page,
)


@login_required
def review():
    """The officials' queue, filtered by status, area, round and organization."""
    require(permissions.can_review(current_user))
    filters = list_filters()
    page = db.paginate(
        queries.queue_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "proposals/review.html",
        page=page,
        filters=filters,
        filter_args=filter_args(filters),
        **filter_choices(),
    )


@login_required
def start_review(proposal_id: int):
    """Start the review: the authors can no longer edit the proposal."""
    proposal = get_proposal(proposal_id, lock=True)
    require(permissions.can_review(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.start_review(current_user, proposal, utcnow(), link=link(proposal))
        except InvalidState:
            flash(_("Only a submitted proposal can be taken into review."), "warning")
        else:
            commit()
            flash(_("The review has started."), "success")
    return redirect(link(proposal))


@login_required
def answer(proposal_id: int):
    """Draft or publish the office's answer: accepted, rejected or merged."""
    proposal = get_proposal(proposal_id, lock=True)
    require(permissions.can_review(current_user))
    form = AnswerForm(prefix="answer")
    form.merged_into.choices = [(0, "—")] + [
        (p.id, p.title) for p in queries.merge_targets(proposal)
    ]
    if not form.validate_on_submit():
        return proposal_page(proposal, 400, answer_form=form)
    target = db.session.get(Proposal, form.merged_into.data) if form.merged_into.data else None
    try:
        services.save_answer(
            current_user,
            proposal,
            form.decision.data,
            form.answer.data,
            target,
            form.publish.data,
            utcnow(),
            link=link(proposal),
        )
    except services.InvalidMerge:
        form.merged_into.errors.append(_("Choose the proposal to merge this one into."))
        return proposal_page(proposal, 400, answer_form=form)
    except InvalidState:
        flash(_("Start the review before answering."), "warning")
        return redirect(link(proposal))
    commit()
    if form.publish.data:
        flash(_("The answer has been published."), "success")
    else:
        flash(_("The answer has been saved as a draft."), "success")
    return redirect(link(proposal))


@login_required
def note(proposal_id: int):
    """Save the officials' internal note."""
    proposal = get_proposal(proposal_id)
    require(permissions.can_review(current_user))
    form = NoteForm(prefix="note")
    if form.validate_on_submit():
        services.save_internal_note(current_user, proposal, form.note.data or "")
        commit()
        flash(_("The internal note has been saved."), "success")
    else:
        flash(_("The note is too long."), "danger")
    return redirect(link(proposal))


@login_required
def hide_comment(proposal_id: int, comment_id: int):
    """Hide a comment that breaks the rules, with a public reason."""
    proposal = get_proposal(proposal_id)
    require(permissions.can_review(current_user))
    item = get_or_404(ProposalComment, comment_id)
    if item.proposal_id != proposal.id:
        abort(404)
    form = HideForm(prefix="hide")
    if not form.validate_on_submit():
        flash(_("Give the reason for hiding."), "danger")
        return redirect(link(proposal))
    services.hide_comment(current_user, item, form.reason.data, utcnow())
    commit()
    flash(_("The comment has been hidden."), "info")
    return redirect(link(proposal))
