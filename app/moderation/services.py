"""Asking for a review of a hiding (once per hiding), and the office's decision; both audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import InvalidState, NotAllowed
from app.extensions import db
from app.moderation import permissions, signals
from app.moderation.models import ModerationReview, ReviewOutcome
from app.moderation.targets import Target, restore


class AlreadyAsked(InvalidState):
    """The author has asked for a review of this hiding before (once per hiding)."""


class NotHidden(InvalidState):
    """It is not hidden (any more): there is nothing to review."""


class AlreadyDecided(InvalidState):
    """The office has decided this review already."""


class MissingNote(InvalidState):
    """Keeping something hidden needs a word to the author on why."""


def review_of(target: Target) -> ModerationReview | None:
    """The review of the current hiding; when the thing is not hidden (any more), the latest
    review of an earlier hiding (to show its outcome), or None. Each hiding is reviewed once:
    a thing shown again and hidden anew for a new reason may be reviewed anew."""
    query = select(ModerationReview).where(
        ModerationReview.kind == target.kind, ModerationReview.target_id == target.obj.id
    )
    if target.is_hidden:
        query = query.where(ModerationReview.hidden_at == target.obj.hidden_at)
    return db.session.scalar(
        query.order_by(ModerationReview.requested_at.desc(), ModerationReview.id.desc()).limit(1)
    )


def request_review(
    author: User, target: Target, message: str, now: datetime, link_for_office: str
) -> ModerationReview:
    """The author asks the office to look at its hiding again (once).

    :raises NotAllowed: not the author.
    :raises AlreadyAsked: asked before. :raises NotHidden: nothing hidden.
    """
    if not permissions.is_author(author, target.author_ids):
        raise NotAllowed()
    refusal = permissions.request_refusal(target.is_hidden, review_of(target))
    if refusal == permissions.RequestRefusal.ALREADY_ASKED:
        raise AlreadyAsked()
    if refusal == permissions.RequestRefusal.NOT_HIDDEN:
        raise NotHidden()
    review = ModerationReview(
        kind=target.kind,
        target_id=target.obj.id,
        hidden_at=target.obj.hidden_at,
        hidden_reason=target.hidden_reason,
        requested_by_id=author.id,
        message=message.strip(),
        requested_at=now,
    )
    db.session.add(review)
    db.session.flush()
    record_audit(
        author, Action.MODERATION_REVIEW_REQUEST, review, label=target.title, kind=target.kind
    )
    signals.review_requested.send(review, target=target, link=link_for_office(review))
    return review


def decide_review(
    actor: User,
    review: ModerationReview,
    target: Target,
    outcome: str,
    note: str,
    now: datetime,
    link_for_author: str,
) -> None:
    """Show it again (restored) or keep it hidden (upheld, with a note to the author).

    :raises AlreadyDecided: decided before. :raises MissingNote: upheld without a note.
    """
    if review.is_decided:
        raise AlreadyDecided()
    if outcome not in (ReviewOutcome.RESTORED, ReviewOutcome.UPHELD):
        raise ValueError(outcome)
    if outcome == ReviewOutcome.UPHELD and not note.strip():
        raise MissingNote()
    if outcome == ReviewOutcome.RESTORED:
        restore(target)
    review.outcome = outcome
    review.decision_note = note.strip()
    review.decided_at = now
    review.decided_by_id = actor.id
    record_audit(
        actor,
        Action.MODERATION_REVIEW_DECIDE,
        review,
        label=target.title,
        reason=note.strip() or None,
        kind=target.kind,
        target=target.obj.id,
        outcome=outcome,
    )
    db.session.flush()
    signals.review_decided.send(review, target=target, link=link_for_author)
