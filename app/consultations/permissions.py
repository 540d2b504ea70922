"""Who may do what in consultations: small pure predicates (no Flask, no database).

``comment_refusal`` returns *why* a person may not comment, so the page can say it clearly.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from app.consultations.states import CommentVisibility, Participation, StageKind
from app.organizations.permissions import can_act_for, is_member, is_official


class CommentRefusal(StrEnum):
    NOT_SIGNED_IN = "not_signed_in"
    NOT_CONFIRMED = "not_confirmed"
    NOT_ANNOUNCED = "not_announced"
    NO_DRAFT = "no_draft"
    STAGE_NOT_OPEN = "stage_not_open"
    NOT_REPRESENTATIVE = "not_representative"


class ReportRefusal(StrEnum):
    """Why the consultation report may not be published yet."""

    NOT_ANNOUNCED = "not_announced"
    COMMENTING_NOT_CLOSED = "commenting_not_closed"
    STAGES_NOT_CLOSED = "stages_not_closed"


def answers_frozen(consultation: Any) -> bool:
    """True once the round's report is published: the answers to its remarks are part of the
    published report and are not changed any more (a correction goes into a new revision)."""
    return consultation.report is not None


def remarks_frozen(consultation: Any) -> bool:
    """True once the round's report is published: the remarks it reports are not added to,
    changed or withdrawn any more (a late remark is described in a new revision)."""
    return consultation.report is not None


def reported_stages(consultation: Any) -> list[Any]:
    """The stages the published report quotes: those that had closed when its current revision
    was published (a stage still to come then is not stated, so the report never gives dates
    that have not happened; they are kept as they were, see ``services.update_consultation``).
    Empty while there is no report."""
    report = consultation.report
    if report is None:
        return []
    return [stage for stage in consultation.stages if stage.closes_at <= report.updated_at]


def report_refusal(consultation: Any, now: datetime) -> ReportRefusal | None:
    """None when the report may be published: the round is announced and its commenting stage
    has closed (a round without one: every stage has closed), so the report states only what
    has happened."""
    if consultation.announced_at is None:
        return ReportRefusal.NOT_ANNOUNCED
    stage = next((s for s in consultation.stages if s.kind == StageKind.COMMENTING), None)
    if stage is not None:
        return None if now >= stage.closes_at else ReportRefusal.COMMENTING_NOT_CLOSED
    if any(now < s.closes_at for s in consultation.stages):
        return ReportRefusal.STAGES_NOT_CLOSED
    return None


def can_manage_consultations(user: Any) -> bool:
    return is_official(user)


def can_view_round(user: Any, consultation: Any) -> bool:
    """Announced rounds are public; drafts of rounds only officials see."""
    return consultation.announced_at is not None or is_official(user)


def is_commenting_open(consultation: Any, now: datetime) -> bool:
    stage = next((s for s in consultation.stages if s.kind == StageKind.COMMENTING), None)
    return (
        consultation.announced_at is not None
        and stage is not None
        and stage.opens_at <= now < stage.closes_at
    )


def is_commenting_over(consultation: Any, now: datetime) -> bool:
    stage = next((s for s in consultation.stages if s.kind == StageKind.COMMENTING), None)
    return stage is not None and now >= stage.closes_at


def comment_refusal(
    user: Any, consultation: Any, organization: Any | None, now: datetime
) -> CommentRefusal | None:
    """None when ``user`` may comment (for ``organization`` when the round admits organizations)."""
    if not getattr(user, "is_authenticated", False):
        return CommentRefusal.NOT_SIGNED_IN
    if not is_member(user):
        return CommentRefusal.NOT_CONFIRMED
    if consultation.announced_at is None:
        return CommentRefusal.NOT_ANNOUNCED
    if not consultation.versions:
        return CommentRefusal.NO_DRAFT
    if not is_commenting_open(consultation, now):
        return CommentRefusal.STAGE_NOT_OPEN
    if consultation.participation == Participation.VERIFIED_ORGANIZATIONS and (
        organization is None or not can_act_for(user, organization)
    ):
        return CommentRefusal.NOT_REPRESENTATIVE
    return None


def can_change_comment(user: Any, comment: Any, now: datetime) -> bool:
    """Edit or withdraw: the author or the organization's representatives, while open."""
    if (
        comment.is_withdrawn
        or comment.is_paper
        or getattr(comment, "channel", "platform") != "platform"
        or comment.published_answer is not None
    ):
        return False
    if not is_commenting_open(comment.consultation, now):
        return False
    if comment.organization is not None:
        return can_act_for(user, comment.organization)
    return is_member(user) and comment.author_id == user.id


def comments_are_public(consultation: Any, now: datetime) -> bool:
    """Comments show at once, or only after the commenting stage when the round says so."""
    if consultation.comment_visibility == CommentVisibility.IMMEDIATE:
        return True
    return is_commenting_over(consultation, now)


def can_read_comments(user: Any, consultation: Any, now: datetime) -> bool:
    return comments_are_public(consultation, now) or is_official(user)
