"""The author's page of a hidden thing (the reason, asking for a review once, the answer) and
the office's list of requests and decision page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.urls import path_for
from app.common.web import attach_input_error, commit, get_or_404
from app.extensions import db
from app.moderation import messages, permissions, services, targets
from app.moderation.forms import DecideReviewForm, RequestReviewForm
from app.moderation.models import ModerationReview


def _target_or_404(kind: str, target_id: int) -> targets.Target:
    target = targets.load(kind, target_id)
    if target is None:
        abort(404)
    return target


def _office_link(review: ModerationReview) -> str:
    return path_for("moderation.decide", review_id=review.id)


@login_required
def review(kind: str, target_id: int):
    """The author reads why it was hidden and may ask once for a review."""
    target = _target_or_404(kind, target_id)
    require(permissions.can_see_review(current_user, target.author_ids))
    existing = services.review_of(target)
    refusal = permissions.request_refusal(target.is_hidden, existing)
    form = RequestReviewForm()
    status = 200
    if form.is_submitted():
        require(permissions.is_author(current_user, target.author_ids))
        if refusal is not None:
            status = 409
        elif form.validate():
            services.request_review(current_user, target, form.message.data, utcnow(), _office_link)
            commit()
            flash(_("Your request has been sent to the office. You will be told its decision."))
            return redirect(url_for("moderation.review", kind=kind, target_id=target_id))
        else:
            status = 400
    return (
        render_template(
            "moderation/review.html",
            target=target,
            review=existing,
            refusal=refusal,
            form=form,
            is_author=permissions.is_author(current_user, target.author_ids),
            kind_labels=messages.KIND_LABELS,
            outcome_labels=messages.OUTCOME_LABELS,
            refusal_texts={
                permissions.RequestRefusal.ALREADY_ASKED: messages.ALREADY_ASKED,
                permissions.RequestRefusal.NOT_HIDDEN: messages.NOT_HIDDEN,
            },
        ),
        status,
    )


@login_required
def queue():
    """Requests for review: waiting first, then the latest decided."""
    require(permissions.can_decide(current_user))
    base = select(ModerationReview).options(selectinload(ModerationReview.requested_by))
    waiting = db.session.scalars(
        base.where(ModerationReview.decided_at.is_(None)).order_by(ModerationReview.requested_at)
    ).all()
    decided = db.session.scalars(
        base.where(ModerationReview.decided_at.is_not(None))
        .order_by(ModerationReview.decided_at.desc())
        .limit(30)
    ).all()
    return render_template(
        "moderation/queue.html",
        waiting=waiting,
        decided=decided,
        kind_labels=messages.KIND_LABELS,
        outcome_labels=messages.OUTCOME_LABELS,
    )


@login_required
def decide(review_id: int):
    """An official reads the request and decides: show it again, or keep it hidden."""
    require(permissions.can_decide(current_user))
    item = get_or_404(ModerationReview, review_id)
    target = _target_or_404(item.kind, item.target_id)
    form = DecideReviewForm()
    status = 200
    if form.is_submitted():
        if item.is_decided:
            status = 409
        elif form.validate():
            try:
                services.decide_review(
                    current_user,
                    item,
                    target,
                    form.outcome.data,
                    form.note.data or "",
                    utcnow(),
                    path_for("moderation.review", kind=item.kind, target_id=item.target_id),
                )
            except services.MissingNote as error:
                attach_input_error(
                    form, error, {services.MissingNote: ("note", messages.MISSING_NOTE)}
                )
                status = 400
            else:
                commit()
                flash(_("The decision has been recorded and the author told."))
                return redirect(url_for("moderation.queue"))
        else:
            status = 400
    return (
        render_template(
            "moderation/decide.html",
            item=item,
            target=target,
            form=form,
            kind_labels=messages.KIND_LABELS,
            outcome_labels=messages.OUTCOME_LABELS,
            already_decided=messages.ALREADY_DECIDED,
        ),
        status,
    )
