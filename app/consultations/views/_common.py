"""What several consultation pages share: loading a comment, its address, the comment form,
the "add a comment" offer and the officials' check."""

from __future__ import annotations

from datetime import datetime

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.common.authz import require
from app.common.web import get_or_404
from app.consultations import permissions, services
from app.consultations.forms import AnswerForm, CommentForm
from app.consultations.messages import (
    ANSWERS_FROZEN,
    REMARKS_FROZEN,
    comment_refusal_message,
)
from app.consultations.models import Comment, Consultation, DraftVersion, Participation
from app.organizations.acting import my_organizations
from app.organizations.models import Organization


def require_official() -> None:
    """403 unless the person manages consultations."""
    require(permissions.can_manage_consultations(current_user))


def frozen_notice(consultation: Consultation) -> str | None:
    """The notice shown instead of the answer forms once the round's report is published."""
    return str(ANSWERS_FROZEN) if permissions.answers_frozen(consultation) else None


def remarks_frozen_notice(consultation: Consultation) -> str | None:
    """The notice shown instead of the remark forms (paper, meeting) once the round's report is
    published."""
    return str(REMARKS_FROZEN) if permissions.remarks_frozen(consultation) else None


def comment_or_404(consultation: Consultation, comment_id: int, lock: bool = False) -> Comment:
    """The round's comment, or 404 (also for a comment of another round)."""
    comment = get_or_404(Comment, comment_id, lock=lock)
    if comment.consultation_id != consultation.id:
        abort(404)
    return comment


def comment_link(comment: Comment, external: bool = False) -> str:
    """The comment's stable, citable address."""
    return url_for(
        "consultations.comment",
        consultation_id=comment.consultation_id,
        comment_id=comment.id,
        _external=external,
    )


def comment_offer(consultation: Consultation, now: datetime) -> tuple[bool, str | None]:
    """Whether to offer "add a comment" links, and why not to a signed-in person who may not
    comment while the stage is open (anonymous visitors get the links: they lead to log-in)."""
    if not permissions.is_commenting_open(consultation, now) or not consultation.versions:
        return False, None
    orgs = (
        my_organizations()
        if current_user.is_authenticated
        and consultation.participation == Participation.VERIFIED_ORGANIZATIONS
        else []
    )
    refusal = permissions.comment_refusal(
        current_user, consultation, orgs[0] if orgs else None, now
    )
    if refusal in (None, permissions.CommentRefusal.NOT_SIGNED_IN):
        return True, None
    if refusal in (
        permissions.CommentRefusal.NOT_CONFIRMED,
        permissions.CommentRefusal.NOT_REPRESENTATIVE,
    ):
        return False, comment_refusal_message(refusal)
    return False, None


def prepare_comment_form(
    form: CommentForm,
    consultation: Consultation,
    orgs: list[Organization],
    version: DraftVersion | None = None,
) -> CommentForm:
    """The comment form with the units of ``version`` (by default the current one) and the
    organizations to choose."""
    version = version or consultation.current_version
    form.unit.choices = [("", _("General comment on the whole document"))] + [
        (u.key, f"{u.label}: {u.text_md[:80]}") for u in version.units
    ]
    form.organization.choices = [(o.id, o.name) for o in orgs] or [(0, _("Myself"))]
    return form


def current_wordings(version: DraftVersion) -> dict[str, str]:
    """Each unit's text by key: what the comment form shows read-only as the current wording
    (the same text the service quotes when the comment is saved)."""
    return {unit.key: unit.text_md for unit in version.units}


def comment_data(form: CommentForm) -> services.CommentData:
    """The comment form's data for the services."""
    return services.CommentData(
        unit_key=form.unit.data or None,
        proposed_wording=form.proposed_wording.data or "",
        justification=form.justification.data or "",
    )


def answer_form(item: Comment) -> AnswerForm:
    """The answer form, filled with the drafted or published answer on a first display."""
    form = AnswerForm()
    if request.method == "GET" and item.answer is not None:
        form.decision.data = item.answer.decision
        form.justification.data = item.answer.justification_md
    return form
