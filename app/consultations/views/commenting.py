"""Commenting on a draft: the comment form, editing and withdrawing one's comment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import commit
from app.consultations import permissions, services
from app.consultations.forms import CommentForm, ConfirmStepForm
from app.consultations.loading import round_or_404
from app.consultations.messages import comment_refusal_message
from app.consultations.models import Participation
from app.consultations.views._common import (
    comment_data,
    comment_link,
    comment_or_404,
    current_wordings,
    prepare_comment_form,
)
from app.organizations.acting import chosen_organization, my_organizations


@login_required
def new_comment(consultation_id: int):
    """File a comment with the standard consultation form."""
    consultation = round_or_404(consultation_id)
    now = utcnow()
    by_organization = consultation.participation == Participation.VERIFIED_ORGANIZATIONS
    orgs = my_organizations() if by_organization else []
    refusal = permissions.comment_refusal(
        current_user, consultation, orgs[0] if orgs else None, now
    )
    if refusal is not None:
        return render_template(
            "consultations/refused.html",
            consultation=consultation,
            message=comment_refusal_message(refusal),
        ), 403
    organization = None
    if request.method == "POST" and by_organization:
        organization = chosen_organization(request.form.get("organization", type=int))
    form = prepare_comment_form(CommentForm(), consultation, orgs)
    version = consultation.current_version
    if request.method == "GET":
        unit_key = request.args.get("unit", "")
        form.unit.data = unit_key if any(u.key == unit_key for u in version.units) else ""
    if form.validate_on_submit():
        item = services.submit_comment(
            consultation, current_user, organization, comment_data(form), now
        )
        commit()
        flash(_("Your comment no. %(number)s has been filed.", number=item.number), "success")
        return redirect(comment_link(item))
    return render_template(
        "consultations/comment_form.html",
        consultation=consultation,
        form=form,
        comment=None,
        version=version,
        wordings=current_wordings(version),
    )


@login_required
def edit_comment(consultation_id: int, comment_id: int):
    """Edit one's comment while commenting is open."""
    consultation = round_or_404(consultation_id)
    item = comment_or_404(consultation, comment_id)
    now = utcnow()
    require(permissions.can_change_comment(current_user, item, now))
    orgs = [item.organization] if item.organization else []
    # the comment stays on the version it was filed on, and quotes that version's units
    form = prepare_comment_form(CommentForm(obj=item), consultation, orgs, item.version)
    if request.method == "GET":
        form.unit.data = item.unit_key or ""
        form.organization.data = item.organization_id or 0
    if form.validate_on_submit():
        try:
            services.update_comment(item, comment_data(form), now)
        except services.UnknownUnit:
            abort(400)
        commit()
        flash(_("Your comment has been saved."), "success")
        return redirect(comment_link(item))
    return render_template(
        "consultations/comment_form.html",
        consultation=consultation,
        form=form,
        comment=item,
        version=item.version,
        wordings=current_wordings(item.version),
    )


@login_required
def withdraw_comment(consultation_id: int, comment_id: int):
    """Withdraw one's comment while commenting is open (a confirmation page first)."""
    consultation = round_or_404(consultation_id)
    item = comment_or_404(consultation, comment_id)
    require(permissions.can_change_comment(current_user, item, utcnow()))
    form = ConfirmStepForm()
    if form.validate_on_submit():
        services.withdraw_comment(current_user, item, utcnow())
        commit()
        flash(_("Your comment has been withdrawn."), "info")
        return redirect(comment_link(item))
    return render_template(
        "consultations/withdraw_confirm.html", form=form, consultation=consultation, comment=item
    )
