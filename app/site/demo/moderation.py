"""Demo of moderation that tells the author (issue 15, item 5): the hidden remark's author
asked for a review and the office kept it hidden with a word why; the author of the hidden
comment on a proposal asked too, and the request waits in the officials' list."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.common.timeutil import utcnow
from app.common.urls import path_for
from app.consultations.models import Comment
from app.extensions import db
from app.moderation import services, targets
from app.moderation.models import ReviewOutcome
from app.proposals.models import ProposalComment


def _office_link(review) -> str:
    return path_for("moderation.decide", review_id=review.id)


def create_demo_moderation(official: User) -> None:
    now = utcnow()
    remark = db.session.scalar(
        select(Comment).where(Comment.hidden_at.is_not(None)).order_by(Comment.id)
    )
    if remark is not None:
        target = targets.load("remark", remark.id)
        review = services.request_review(
            remark.author,
            target,
            "Nasza uwaga była ostra, ale dotyczyła treści programu. Prosimy o jej przywrócenie.",
            now - timedelta(hours=6),
            _office_link,
        )
        services.decide_review(
            official,
            review,
            target,
            ReviewOutcome.UPHELD,
            "Uwaga zawierała obraźliwe określenia osób; prosimy złożyć ją ponownie bez nich.",
            now - timedelta(hours=2),
            path_for("moderation.review", kind="remark", target_id=remark.id),
        )
    comment = db.session.scalar(
        select(ProposalComment)
        .where(ProposalComment.hidden_at.is_not(None))
        .order_by(ProposalComment.id)
    )
    if comment is not None:
        services.request_review(
            comment.author,
            targets.load("proposal_comment", comment.id),
            "To była opinia o kosztach propozycji, a nie o osobach.",
            now - timedelta(hours=1),
            _office_link,
        )
    db.session.flush()
