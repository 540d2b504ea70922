"""The office's work on the comments: the table of comments, paper forms entered at the office,
answers (drafted, published one by one or all at once) and hiding a comment."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import ConfirmForm
from app.common.timeutil import utcnow
from app.common.web import attach_input_error, commit, get_or_404
from app.consultations import queries, services
from app.consultations.forms import AnswerForm, HideForm, PaperCommentForm
from app.consultations.loading import round_or_404
from app.consultations.messages import (
    ANSWERS_FROZEN,
    DECISION_LABELS,
    REMARKS_FROZEN,
    receipt_message,
)
from app.consultations.views._common import (
    comment_data,
    comment_link,
    comment_or_404,
    current_wordings,
    frozen_notice,
    prepare_comment_form,
    remarks_frozen_notice,
    require_official,
)
from app.organizations.models import Organization
from app.organizations.queries import verified_organizations


@login_required
def manage(consultation_id: int):
    """The officials' view of a round: every comment and the state of its answer."""
    consultation = round_or_404(consultation_id)
    require_official()
    comments = queries.comments_of(consultation.id)
    return render_template(
        "consultations/manage.html",
        consultation=consultation,
        comments=comments,
        drafted=sum(1 for c in comments if c.answer and not c.answer.published_at),
        unanswered=sum(1 for c in comments if not c.is_withdrawn and not c.published_answer),
        decision_labels=DECISION_LABELS,
        confirm_form=ConfirmForm(),
        frozen=frozen_notice(consultation),
    )


@login_required
def paper_comment(consultation_id: int):
    """Enter a paper consultation form received at the office (refused once the report is
    published, and for a form received outside the commenting stage)."""
    consultation = round_or_404(consultation_id)
    require_official()
    if consultation.current_version is None:
        flash(_("Publish the draft first."), "warning")
        return redirect(url_for("consultations.show", consultation_id=consultation.id))
    orgs = verified_organizations()
    form = prepare_comment_form(PaperCommentForm(), consultation, orgs)
    status = 200
    if form.validate_on_submit():
        organization = get_or_404(Organization, form.organization.data)
        try:
            item = services.enter_paper_comment(
                current_user,
                consultation,
                organization,
                comment_data(form),
                form.received_on.data,
                utcnow(),
            )
        except services.RemarksFrozen as error:
            attach_input_error(
                form, error, {services.RemarksFrozen: ("justification", str(REMARKS_FROZEN))}
            )
            status = 409
        except services.ReceivedOutsideStage as error:
            message = receipt_message(error)
            attach_input_error(
                form, error, {services.ReceivedOutsideStage: ("received_on", message)}
            )
            status = 400
        else:
            commit()
            flash(
                _("Paper comment no. %(number)s has been entered.", number=item.number), "success"
            )
            return redirect(comment_link(item))
    return render_template(
        "consultations/comment_form.html",
        consultation=consultation,
        form=form,
        comment=None,
        paper=True,
        version=consultation.current_version,
        wordings=current_wordings(consultation.current_version),
        frozen=remarks_frozen_notice(consultation),
    ), status


@login_required
def answer(consultation_id: int, comment_id: int):
    """Draft or publish the office's answer to a comment."""
    consultation = round_or_404(consultation_id)
    require_official()
    item = comment_or_404(consultation, comment_id, lock=True)
    form = AnswerForm()

    def again(status: int):
        return render_template(
            "consultations/comment.html",
            consultation=consultation,
            comment=item,
            decision_labels=DECISION_LABELS,
            can_change=False,
            is_official=True,
            answer_form=form,
            hide_form=HideForm(),
            confirm_form=ConfirmForm(),
            frozen=frozen_notice(consultation),
        ), status

    if not form.validate_on_submit():
        return again(400)
    try:
        services.save_answer(
            current_user,
            item,
            form.decision.data,
            form.justification.data,
            form.publish.data,
            utcnow(),
            link=comment_link(item),
        )
    except services.AnswersFrozen as error:
        attach_input_error(
            form, error, {services.AnswersFrozen: ("justification", str(ANSWERS_FROZEN))}
        )
        return again(409)
    commit()
    if form.publish.data:
        flash(_("The answer has been published."), "success")
    else:
        flash(_("The answer has been saved as a draft."), "success")
    return redirect(comment_link(item))


@login_required
def hide(consultation_id: int, comment_id: int):
    """Hide a comment that breaks the rules, with a public reason."""
    consultation = round_or_404(consultation_id)
    require_official()
    item = comment_or_404(consultation, comment_id)
    form = HideForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for hiding."), "danger")
        return redirect(comment_link(item))
    services.hide_comment(current_user, item, form.reason.data, utcnow())
    commit()
    if item.speaker_ids:
        flash(_("The comment has been hidden."), "info")
    else:
        flash(
            _(
                "The comment has been hidden. Nobody has been told: it was entered by the office "
                "for a person who has no account here."
            ),
            "info",
        )
    return redirect(comment_link(item))
