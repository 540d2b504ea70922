"""Answering remarks at scale (issue 15): assigning remarks to officials, bulk answers and
publication, groups of similar remarks answered once, and answers imported from a spreadsheet.

Services flush but never commit; every change is audited. The one-remark services
(``services.save_answer``) do the answering, so a bulk answer is exactly N single answers.
A bulk answer (queue, group, spreadsheet) never changes a public answer silently: a published
answer it changes becomes a draft again, public only once published again through the
publication confirmation; the pages say beforehand how many public answers that concerns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.consultations import services, spreadsheet
from app.consultations.models import (
    Answer,
    AnswerImport,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
)
from app.extensions import db
from app.organizations.permissions import is_official


class NothingSelected(DomainError):
    """A bulk action without any (answerable) remark selected."""


class NotAnOfficial(DomainError):
    """Remarks are assigned only to officials."""


class GroupTooSmall(DomainError):
    """A group holds at least two remarks."""


class MixedUnits(DomainError):
    """A group's remarks are all about the same part of the document."""


class AlreadyGrouped(DomainError):
    """A remark belongs to one group at a time."""


class ImportAlreadyApplied(InvalidState):
    """A spreadsheet's changes are applied once."""


class NotAWorkbook(DomainError):
    """The uploaded file is not a readable XLSX workbook."""


LinkFor = Callable[[Comment], str]


def _check_open(comments: Sequence[Comment]) -> None:
    """:raises services.AnswersFrozen: the report of the remarks' round is published (checked
    before anything changes, so a bulk change is refused as a whole)."""
    for consultation in {c.consultation for c in comments}:
        services.check_answers_open(consultation)


def _answerable(comments: Sequence[Comment]) -> list[Comment]:
    """The selection without withdrawn remarks (they need no answer)."""
    return [c for c in comments if not c.is_withdrawn]


def assign_comments(
    actor: User, comments: Sequence[Comment], assignee: User | None, due_on: date | None
) -> int:
    """Give the remarks to ``assignee`` (None: nobody) to answer by ``due_on``.

    :raises NothingSelected: no remark selected.
    :raises NotAnOfficial: the assignee is not an official.
    """
    if not comments:
        raise NothingSelected()
    if assignee is not None and not is_official(assignee):
        raise NotAnOfficial()
    for comment in comments:
        comment.assigned_to_id = assignee.id if assignee else None
        comment.due_on = due_on
        record_audit(
            actor,
            Action.COMMENT_ASSIGN,
            comment,
            label=f"#{comment.number}",
            assignee=assignee.name if assignee else None,
            due_on=due_on.isoformat() if due_on else None,
        )
    db.session.flush()
    return len(comments)


def public_changed(comments: Sequence[Comment], decision: str, justification: str) -> list[Comment]:
    """The remarks (withdrawn ones left out) whose published answer this decision and text
    would change: saving makes those answers drafts again."""
    return [
        c
        for c in _answerable(comments)
        if services.answer_changes_public(c.answer, decision, justification)
    ]


def answer_comments(
    actor: User,
    comments: Sequence[Comment],
    decision: str,
    justification: str,
    now: datetime,
) -> int:
    """Draft the same decision and justification for each selected remark (each answer stays a
    record of its own, editable one by one; a published answer that changes becomes a draft
    again, see :func:`public_changed`).

    :raises NothingSelected: no answerable remark selected.
    :raises services.AnswersFrozen: the round's report is published.
    """
    _check_open(comments)
    targets = _answerable(comments)
    if not targets:
        raise NothingSelected()
    for comment in targets:
        services.save_answer(
            actor, comment, Decision(decision), justification, False, now, unpublish=True
        )
    return len(targets)


def drafts_among(comments: Sequence[Comment]) -> list[Comment]:
    """The selected remarks whose answer is drafted and not yet public."""
    return [c for c in _answerable(comments) if c.answer and c.answer.published_at is None]


def publish_answers_of(
    actor: User, comments: Sequence[Comment], now: datetime, link_for: LinkFor
) -> int:
    """Publish the drafted answers of the selected remarks; return how many.

    :raises NothingSelected: none of them has a drafted answer.
    :raises services.AnswersFrozen: the round's report is published.
    """
    _check_open(comments)
    drafts = drafts_among(comments)
    if not drafts:
        raise NothingSelected()
    for comment in drafts:
        services._publish_answer(actor, comment.answer, now, link_for(comment))
    db.session.flush()
    return len(drafts)


def _check_members(group: CommentGroup | None, comments: Sequence[Comment]) -> None:
    if len(comments) < 2:
        raise GroupTooSmall()
    if len({c.unit_key for c in comments}) != 1:
        raise MixedUnits()
    for comment in comments:
        if comment.is_withdrawn:
            raise GroupTooSmall()
        if comment.group_id is not None and (group is None or comment.group_id != group.id):
            raise AlreadyGrouped()


def save_group(
    actor: User,
    consultation: Consultation,
    comments: Sequence[Comment],
    now: datetime,
    group: CommentGroup | None = None,
) -> CommentGroup:
    """Confirm a group of similar remarks (a new one, or ``group`` with new members).

    :raises GroupTooSmall: fewer than two (active) remarks.
    :raises MixedUnits: remarks on different parts of the document.
    :raises AlreadyGrouped: a remark is in another group.
    """
    _check_members(group, comments)
    if group is None:
        group = CommentGroup(
            consultation_id=consultation.id,
            unit_key=comments[0].unit_key,
            created_at=now,
            created_by_id=actor.id,
        )
        db.session.add(group)
        db.session.flush()
    chosen = {c.id for c in comments}
    for member in list(group.comments):
        if member.id not in chosen:
            member.group = None
    for comment in comments:
        comment.group = group
    group.unit_key = comments[0].unit_key
    db.session.flush()
    record_audit(
        actor,
        Action.GROUP_SAVE,
        group,
        label=f"{consultation.title}: " + ", ".join(f"#{c.number}" for c in comments),
        numbers=sorted(c.number for c in comments),
    )
    return group


def dissolve_group(actor: User, group: CommentGroup) -> None:
    """Undo a group: its remarks keep their answers and become single remarks again."""
    numbers = [c.number for c in group.comments]
    for member in list(group.comments):
        member.group = None
    record_audit(actor, Action.GROUP_DISSOLVE, group, label=f"#{group.id}", numbers=numbers)
    db.session.delete(group)
    db.session.flush()


def answer_group(
    actor: User,
    group: CommentGroup,
    decision: str,
    justification: str,
    publish: bool,
    now: datetime,
    link_for: LinkFor,
) -> int:
    """Answer the group once: each active remark gets its own copy of the answer (editable
    later one by one), published at once when asked; otherwise a published answer that changes
    becomes a draft again (see :func:`public_changed`).

    :raises NothingSelected: the group has no active remark.
    :raises services.AnswersFrozen: the round's report is published.
    """
    _check_open(group.comments)
    targets = _answerable(group.comments)
    if not targets:
        raise NothingSelected()
    for comment in targets:
        services.save_answer(
            actor,
            comment,
            Decision(decision),
            justification,
            publish,
            now,
            link_for(comment),
            unpublish=not publish,
        )
    record_audit(
        actor,
        Action.GROUP_ANSWER,
        group,
        label=f"#{group.id}",
        decision=decision,
        numbers=[c.number for c in targets],
        published=publish,
    )
    db.session.flush()
    return len(targets)


def current_answers(consultation: Consultation) -> dict[int, spreadsheet.Current]:
    """The round's remarks (withdrawn ones left out) and their answers, by id — one query."""
    rows = db.session.execute(
        select(Comment.id, Comment.number, Answer.decision, Answer.justification_md)
        .outerjoin(Answer, Answer.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id, Comment.withdrawn_at.is_(None))
    )
    return {
        row.id: spreadsheet.Current(row.number, row.decision, row.justification_md or "")
        for row in rows
    }


def stage_import(
    actor: User,
    consultation: Consultation,
    filename: str,
    data: bytes,
    decisions: dict[str, str],
    now: datetime,
) -> AnswerImport:
    """Read an answers spreadsheet and keep what it would change, applying nothing yet.

    ``decisions``: the accepted spellings (case-folded) of each decision code.

    :raises NotAWorkbook: the file is not a readable XLSX workbook.
    :raises services.AnswersFrozen: the round's report is published.
    """
    services.check_answers_open(consultation)
    try:
        rows = spreadsheet.read_rows(data)
    except spreadsheet.NotAWorkbook as error:
        raise NotAWorkbook() from error
    changes, refusals = spreadsheet.check_rows(rows, current_answers(consultation), decisions)
    pending = AnswerImport(
        consultation_id=consultation.id,
        filename=filename[:255],
        changes=changes,
        refusals=[{**r, "reason": str(r["reason"])} for r in refusals],
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def public_ids(comment_ids: Sequence[int]) -> set[int]:
    """Which of these remarks have a published answer now (one query)."""
    if not comment_ids:
        return set()
    return set(
        db.session.scalars(
            select(Answer.comment_id).where(
                Answer.comment_id.in_(list(comment_ids)), Answer.published_at.is_not(None)
            )
        )
    )


@dataclass
class ImportResult:
    """What confirming a spreadsheet did: answers changed, of them public answers made drafts
    again, and the rows not applied because their answer changed after the preview."""

    applied: int = 0
    unpublished: int = 0
    stale: list[dict] = field(default_factory=list)


def _stale(change: dict, answer: Answer | None) -> bool:
    """The stored answer is no longer the one the preview showed as the old answer."""
    decision = answer.decision if answer else None
    justification = (answer.justification_md if answer else "") or ""
    return (
        decision != change.get("old_decision")
        or justification.strip() != (change.get("old_justification") or "").strip()
    )


def apply_import(
    actor: User, pending: AnswerImport, consultation: Consultation, now: datetime
) -> ImportResult:
    """Apply the confirmed spreadsheet: each change is saved as the remark's answer (a
    published answer becomes a draft again, to be published through the confirmation),
    audited one by one and as a whole.

    A row whose stored answer changed since the preview (a colleague answered meanwhile) is not
    applied: it moves to the refused rows with who changed it and when (reason
    ``spreadsheet.ImportProblem.CHANGED_AFTER_PREVIEW``), so a newer answer is never overwritten.

    :raises ImportAlreadyApplied: confirmed before.
    :raises services.AnswersFrozen: the round's report is published.
    """
    if pending.applied_at is not None:
        raise ImportAlreadyApplied("already applied")
    services.check_answers_open(consultation)
    ids = [change["comment_id"] for change in pending.changes]
    comments = {
        c.id: c
        for c in db.session.scalars(
            select(Comment).where(Comment.id.in_(ids), Comment.consultation_id == consultation.id)
        )
    }
    result = ImportResult()
    refused = len(pending.refusals)
    applied_changes: list[dict] = []
    for change in pending.changes:
        comment = comments.get(change["comment_id"])
        if comment is None or comment.is_withdrawn:
            continue
        answer = comment.answer
        if _stale(change, answer):
            editor = db.session.get(User, answer.drafted_by_id) if answer else None
            result.stale.append(
                {
                    "row": change["row"],
                    "reason": str(spreadsheet.ImportProblem.CHANGED_AFTER_PREVIEW),
                    "value": f"#{change['number']}",
                    "by": editor.name if editor else "",
                    "at": answer.drafted_at.isoformat() if answer else "",
                }
            )
            continue
        if services.answer_changes_public(answer, change["decision"], change["justification"]):
            result.unpublished += 1
        services.save_answer(
            actor,
            comment,
            Decision(change["decision"]),
            change["justification"],
            False,
            now,
            unpublish=True,
        )
        applied_changes.append(change)
        result.applied += 1
    pending.applied_at = now
    if result.stale:
        # new lists (JSON columns): the preview then shows what was applied and what was not
        pending.changes = applied_changes
        pending.refusals = [*pending.refusals, *result.stale]
    record_audit(
        actor,
        Action.ANSWERS_IMPORT,
        consultation,
        label=consultation.title,
        filename=pending.filename,
        changed=result.applied,
        refused=refused,
        unpublished=result.unpublished or None,
        changed_after_preview=[s["row"] for s in result.stale] or None,
    )
    db.session.flush()
    return result
