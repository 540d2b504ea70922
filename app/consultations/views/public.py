"""The pages everyone reads: the list of rounds, a round, its draft and versions, a comment, the
report (also printable) and the attachments."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.identity import site_identity
from app.common.timeutil import utcnow
from app.common.web import get_or_404
from app.consultations import permissions, queries
from app.consultations.forms import HideForm
from app.consultations.loading import round_or_404
from app.consultations.messages import (
    DECISION_LABELS,
    PARTICIPATION_LABELS,
    STAGE_LABELS,
    STATE_LABELS,
)
from app.consultations.models import Attachment, Comment, Consultation, StageKind
from app.consultations.views._common import (
    answer_form,
    comment_offer,
    comment_or_404,
    frozen_notice,
)


def index():
    """Consultations: open now, upcoming, closed (and drafts for officials)."""
    is_official = permissions.can_manage_consultations(current_user)
    return render_template(
        "consultations/index.html",
        groups=queries.rounds_by_state(is_official, utcnow()),
        is_official=is_official,
        unanswered=queries.unanswered_counts() if is_official else {},
    )


def show(consultation_id: int):
    """A round: subject, timeline, rules, documents, draft, report."""
    consultation = round_or_404(consultation_id)
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
        comment_offer=comment_offer(consultation, now),
        comment_count=len(queries.comments_of(consultation.id)),
        too_short=_commenting_too_short(consultation),
        confirm_form=ConfirmForm(),
    )


def _commenting_too_short(consultation: Consultation) -> bool:
    stage = consultation.stage(StageKind.COMMENTING)
    minimum = site_identity().min_commenting_days
    return stage is not None and (stage.closes_at - stage.opens_at).days < minimum


def draft(consultation_id: int, number: int | None = None):
    """The draft, unit by unit, with comment counts, comments and answers."""
    consultation = round_or_404(consultation_id)
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
        comment_offer=comment_offer(consultation, now)
        if version is consultation.current_version
        else (False, None),
        decision_labels=DECISION_LABELS,
    )


def _group_by_unit(comments: list[Comment]) -> dict:
    grouped: dict = {}
    for comment in comments:
        grouped.setdefault(comment.unit_key, []).append(comment)
    return grouped


def changes(consultation_id: int, number: int):
    """What changed in a version compared with the previous one, unit by unit (with
    ``?only=changes`` without the unchanged units)."""
    consultation = round_or_404(consultation_id)
    version = queries.version_by_number(consultation, number)
    previous = queries.version_by_number(consultation, number - 1)
    if version is None or previous is None:
        abort(404)
    rows = queries.version_changes(previous, version)
    changed = [row for row in rows if row["match"].change != "unchanged"]
    only_changes = request.args.get("only") == "changes"
    return render_template(
        "consultations/changes.html",
        consultation=consultation,
        version=version,
        previous=previous,
        rows=changed if only_changes else rows,
        only_changes=only_changes,
        changed_count=len(changed),
        accepted_before=queries.accepted_comments_by_unit(consultation, version),
        new_units={u.key: u for u in version.units},
    )


def comment(consultation_id: int, comment_id: int):
    """One comment with its answer (a stable, citable address)."""
    consultation = round_or_404(consultation_id)
    item = comment_or_404(consultation, comment_id)
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
        answer_form=answer_form(item) if is_official else None,
        hide_form=HideForm() if is_official else None,
        confirm_form=ConfirmForm(),
        frozen=frozen_notice(consultation) if is_official else None,
    )


def attachment(consultation_id: int, attachment_id: int):
    """Download an attachment (always as a download, never rendered inline)."""
    consultation = round_or_404(consultation_id)
    item = get_or_404(Attachment, attachment_id)
    if item.consultation_id != consultation.id:
        abort(404)
    response = Response(item.data, mimetype=item.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def report(consultation_id: int):
    """The consultation report: who commented, what, and how each comment was handled."""
    consultation = round_or_404(consultation_id)
    if consultation.report is None:
        abort(404)
    return render_template(
        "consultations/report.html",
        consultation=consultation,
        summary=queries.report_summary(consultation),
        decision_labels=DECISION_LABELS,
        stage_labels=STAGE_LABELS,
        printable=request.args.get("print") == "1",
        # only the stages closed when the report was published: it never states a date that
        # had not happened then, and never changes when a later stage ends
        stages=permissions.reported_stages(consultation),
    )
