"""Other organizations' part: endorsements and the discussion."""

from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.common.authz import require
from app.common.domain import InvalidState
from app.common.timeutil import utcnow
from app.common.web import commit
from app.extensions import db
from app.organizations.acting import chosen_organization, my_organizations
from app.proposals import permissions, services
from app.proposals.forms import CommentForm
from app.proposals.models import ProposalComment
from app.proposals.views._common import get_proposal, link, proposal_page


@login_required
def endorse(proposal_id: int):
    """Endorse the proposal on behalf of one's organization (one endorsement per organization)."""
    proposal = get_proposal(proposal_id)
    organization = chosen_organization(request.form.get("endorse-organization", type=int))
    require(permissions.can_endorse(current_user, proposal, organization))
    try:
        services.endorse_proposal(current_user, proposal, organization, utcnow())
        commit()
    except (services.AlreadyEndorsed, IntegrityError):
        # a simultaneous request of the same organization won the race: one endorsement stays
        db.session.rollback()
        flash(_("Your organization already endorses this proposal."), "info")
    else:
        flash(_("Your organization endorses this proposal."), "success")
    return redirect(link(proposal))


@login_required
def unendorse(proposal_id: int):
    """Withdraw one's organization's endorsement."""
    proposal = get_proposal(proposal_id)
    organization = chosen_organization(request.form.get("unendorse-organization", type=int))
    try:
        services.withdraw_endorsement(current_user, proposal, organization)
    except InvalidState:
        flash(_("Your organization does not endorse this proposal."), "info")
    else:
        commit()
        flash(_("The endorsement has been withdrawn."), "info")
    return redirect(link(proposal))


@login_required
def comment(proposal_id: int):
    """Add a comment, or a reply to a comment, to the discussion."""
    proposal = get_proposal(proposal_id)
    orgs = [o for o in my_organizations() if permissions.can_discuss(current_user, proposal, o)]
    require(bool(orgs))
    organization = chosen_organization(request.form.get("comment-organization", type=int))
    require(permissions.can_discuss(current_user, proposal, organization))
    form = CommentForm(prefix="comment")
    form.organization.choices = [(o.id, o.name) for o in orgs]
    parent = None
    if form.parent.data:
        parent = (
            db.session.get(ProposalComment, int(form.parent.data))
            if form.parent.data.isdigit()
            else None
        )
        if parent is None or parent.proposal_id != proposal.id or parent.parent_id is not None:
            abort(400)
    if not form.validate_on_submit():
        return proposal_page(proposal, 400, comment_form=form)
    item = services.add_comment(
        current_user, proposal, organization, form.body.data, parent, utcnow()
    )
    commit()
    flash(_("Your comment has been added."), "success")
    return redirect(link(proposal) + f"#comment-{item.id}")
