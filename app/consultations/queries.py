"""Read helpers for consultations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.consultations import drafting, phases
from app.consultations.models import (
    Answer,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    DraftUnit,
    DraftVersion,
)
from app.consultations.states import Channel
from app.extensions import db


def stage_windows(consultation: Consultation) -> list[phases.StageWindow]:
    return [
        phases.StageWindow(phases.StageKind(s.kind), s.opens_at, s.closes_at)
        for s in consultation.stages
    ]


def state_of(consultation: Consultation, now: datetime) -> phases.RoundState:
    report = consultation.report
    return phases.round_state(
        consultation.announced_at,
        stage_windows(consultation),
        report.published_at if report else None,
        now,
    )


def rounds_by_state(include_drafts: bool, now: datetime) -> dict[str, list[Consultation]]:
    """Rounds grouped for the public list: open now, upcoming, closed (and drafts for officials)."""
    query = (
        select(Consultation)
        .options(selectinload(Consultation.stages), selectinload(Consultation.report))
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())
    )
    if not include_drafts:
        query = query.where(Consultation.announced_at.is_not(None))
    groups: dict[str, list[Consultation]] = {"open": [], "upcoming": [], "closed": [], "draft": []}
    for consultation in db.session.scalars(query):
        state = state_of(consultation, now)
        if state == phases.RoundState.DRAFT:
            groups["draft"].append(consultation)
        elif state == phases.RoundState.OPEN:
            groups["open"].append(consultation)
        elif state == phases.RoundState.ANNOUNCED:
            groups["upcoming"].append(consultation)
        else:
            groups["closed"].append(consultation)
    return groups


def version_by_number(consultation: Consultation, number: int) -> DraftVersion | None:
    return next((v for v in consultation.versions if v.number == number), None)


def unit_of(row: DraftUnit) -> drafting.Unit:
    """A stored unit as the pure drafting module sees it."""
    return drafting.Unit(
        key=row.key,
        kind=drafting.UnitKind(row.kind),
        level=row.level,
        label=row.label,
        text=row.text_md,
        position=row.position,
        marker=row.marker,
    )


def version_changes(previous: DraftVersion, version: DraftVersion) -> list[dict]:
    """What changed from ``previous`` to ``version``, unit by unit: each row holds the match,
    the old and the new unit (None when added or removed) and the word-level diff segments."""
    old_units = {u.key: u for u in previous.units}
    rows = []
    for match in drafting.match_units(
        [unit_of(u) for u in previous.units], [unit_of(u) for u in version.units]
    ):
        new = version.units[match.new_position] if match.new_position is not None else None
        old = old_units.get(match.old_key) if match.old_key else None
        segments = drafting.word_diff(old.text_md if old else "", new.text_md if new else "")
        rows.append({"match": match, "old": old, "new": new, "segments": segments})
    return rows


def comments_of(consultation_id: int, version_id: int | None = None) -> list[Comment]:
    query = (
        select(Comment)
        .where(Comment.consultation_id == consultation_id)
        .options(
            selectinload(Comment.organization),
            selectinload(Comment.author),
            selectinload(Comment.answer),
            # the report names each remark's group and the group's other remarks
            selectinload(Comment.group).selectinload(CommentGroup.comments),
        )
        .order_by(Comment.number)
    )
    if version_id is not None:
        query = query.where(Comment.version_id == version_id)
    return list(db.session.scalars(query))


def comment_counts_by_unit(comments: list[Comment]) -> Counter:
    return Counter(c.unit_key for c in comments if not c.is_withdrawn)


def unanswered_counts() -> dict[int, int]:
    """Per round: active comments without a published answer (the officials' dashboard)."""
    rows = db.session.execute(
        select(Comment.consultation_id, func.count(Comment.id))
        .outerjoin(Answer)
        .where(Comment.withdrawn_at.is_(None), Answer.published_at.is_(None))
        .group_by(Comment.consultation_id)
    )
    return dict(rows.all())


def accepted_comments_by_unit(consultation: Consultation, version: DraftVersion) -> dict:
    """For each unit key changed in ``version``: the accepted comments on earlier versions."""
    earlier = [v.id for v in consultation.versions if v.number < version.number]
    if not earlier:
        return {}
    changed = {u.key for u in version.units if u.change == drafting.ChangeKind.CHANGED}
    comments = db.session.scalars(
        select(Comment)
        .join(Answer)
        .where(
            Comment.version_id.in_(earlier),
            Comment.unit_key.in_(changed),
            Answer.published_at.is_not(None),
            Answer.decision.in_((Decision.ACCEPTED, Decision.PARTLY_ACCEPTED)),
            Comment.withdrawn_at.is_(None),
        )
        .order_by(Comment.number)
    )
    result: dict[str, list[Comment]] = {}
    for comment in comments:
        result.setdefault(comment.unit_key, []).append(comment)
    return result


@dataclass(frozen=True)
class ReportSummary:
    comments: list[Comment]
    organizations: int
    persons: int
    paper: int
    online: int
    #: Remarks made at consultation meetings (entered by an official).
    meeting: int
    decisions: Counter
    unanswered: int


def report_summary(consultation: Consultation) -> ReportSummary:
    comments = [c for c in comments_of(consultation.id) if not c.is_withdrawn]
    decisions = Counter(c.published_answer.decision for c in comments if c.published_answer)
    return ReportSummary(
        comments=comments,
        organizations=len({c.organization_id for c in comments if c.organization_id}),
        persons=len({c.author_id for c in comments if c.organization_id is None}),
        paper=sum(1 for c in comments if c.channel == Channel.PAPER),
        online=sum(1 for c in comments if c.channel == Channel.PLATFORM),
        meeting=sum(1 for c in comments if c.channel == Channel.MEETING),
        decisions=decisions,
        unanswered=sum(1 for c in comments if c.published_answer is None),
    )
