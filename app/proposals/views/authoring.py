"""The authors' side: filing a proposal, changing, submitting and withdrawing it, and the
co-authors (invitations the lead sends, offers to join it decides)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import commit, get_or_404
from app.consultations.models import Consultation
from app.consultations.states import StageKind
from app.extensions import db
from app.organizations.acting import chosen_organization, my_organizations
from app.organizations.models import Organization
from app.organizations.queries import all_areas, verified_organizations
from app.proposals import permissions, queries, services
from app.proposals.forms import DecisionForm, OfferForm, ProposalForm
from app.proposals.models import Proposal, ProposalAuthor, ProposalStatus
from app.proposals.permissions import ProposalRefusal
from app.proposals.views._common import (
    get_proposal,
    ideas_box_enabled,
    link,
    proposal_page,
    refused,
)


def _open_rounds() -> list[Consultation]:
    now = utcnow()
    return [
        c for c in queries.rounds_with_proposals() if permissions.is_proposals_stage_open(c, now)
    ]


def _prepare(form: ProposalForm, orgs: list[Organization], rounds: list[Consultation] | None):
    locale = str(get_locale())
    form.organization.choices = [(o.id, o.name) for o in orgs]
    if rounds is not None:
        form.consultation.choices = [(c.id, c.title) for c in rounds]
        if ideas_box_enabled():
            form.consultation.choices.append((0, _("Ideas box (outside any consultation)")))
    form.area.choices = [("", _("— choose —"))] + [(a.code, a.name(locale)) for a in all_areas()]
    form.coauthors.choices = [(o.id, o.name) for o in verified_organizations() if o not in orgs]
    return form


def _data(form: ProposalForm) -> services.ProposalData:
    return services.ProposalData(
        title=form.title.data,
        area_code=form.area.data,
        problem=form.problem.data,
        evidence=form.evidence.data or "",
        activities=form.activities.data,
        target_group=form.target_group.data,
        expected_results=form.expected_results.data,
        estimated_cost=form.estimated_cost.data,
        time_frame=form.time_frame.data,
        looking_for_partners=bool(form.looking_for_partners.data),
        partner_needs=form.partner_needs.data or "",
    )


def _invited(form: ProposalForm) -> list[Organization]:
    ids = set(form.coauthors.data or ())
    return [o for o in verified_organizations() if o.id in ids]


@login_required
def create():
    """File a proposal for one's organization: save it as a draft or submit it."""
    orgs = my_organizations()
    if not orgs:
        return refused(ProposalRefusal.NOT_REPRESENTATIVE)
    rounds = _open_rounds()
    if not rounds and not ideas_box_enabled():
        return refused(None)
    form = _prepare(ProposalForm(), orgs, rounds)
    if request.method == "POST":
        organization = chosen_organization(request.form.get("organization", type=int))
        consultation_id = request.form.get("consultation", type=int)
        if consultation_id not in {c[0] for c in form.consultation.choices}:
            if consultation_id and db.session.get(Consultation, consultation_id) is not None:
                return refused(ProposalRefusal.STAGE_NOT_OPEN)
            if consultation_id == 0:
                return refused(ProposalRefusal.IDEAS_BOX_CLOSED)
    elif request.args.get("consultation", type=int):
        form.consultation.data = request.args.get("consultation", type=int)
    if form.validate_on_submit():
        consultation = (
            db.session.get(Consultation, form.consultation.data) if form.consultation.data else None
        )
        proposal = services.create_proposal(
            current_user,
            organization,
            consultation,
            _data(form),
            _invited(form),
            False,
            utcnow(),
            ideas_box_enabled(),
            link_for=link,
        )
        commit()
        if request.form.get("action") == "submit":  # submitting is confirmed on its own page
            flash(
                _(
                    "Your proposal has been saved as a draft. Read what submitting it means, then "
                    "confirm."
                ),
                "info",
            )
            return redirect(url_for("proposals.submit", proposal_id=proposal.id))
        flash(_("Your proposal has been saved as a draft."), "success")
        return redirect(link(proposal))
    return render_template("proposals/form.html", form=form, proposal=None)


@login_required
def edit(proposal_id: int):
    """Change a proposal until the office starts the review."""
    proposal = get_proposal(proposal_id)
    require(permissions.is_lead_representative(current_user, proposal))
    refusal = permissions.change_refusal(current_user, proposal, utcnow(), ideas_box_enabled())
    if refusal is not None:
        return refused(refusal, proposal)
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    _prepare(form, [proposal.organization], None)
    del form.consultation
    if request.method == "GET":
        form.organization.data = proposal.organization_id
        form.area.data = proposal.area.code
        form.coauthors.data = [a.organization_id for a in proposal.authors]
    else:
        require(request.form.get("organization", type=int) == proposal.organization_id)
    if form.validate_on_submit():
        services.update_proposal(
            current_user,
            proposal,
            _data(form),
            _invited(form),
            utcnow(),
            ideas_box_enabled(),
            link=link(proposal),
        )
        commit()
        flash(_("The proposal has been saved."), "success")
        return redirect(link(proposal))
    return render_template("proposals/form.html", form=form, proposal=proposal)


def _proposals_stage_closes(proposal: Proposal):
    """When the round's proposals stage closes (None: the ideas box, always open)."""
    if proposal.consultation is None:
        return None
    return next(
        (s.closes_at for s in proposal.consultation.stages if s.kind == StageKind.PROPOSALS),
        None,
    )


@login_required
def submit(proposal_id: int):
    """Submit a draft to the office, after a page saying what happens; with invitations not
    answered yet, the lead chooses to wait for the co-authors' consent or to submit without
    them (they are added if they accept before the review starts)."""
    proposal = get_proposal(proposal_id, lock=request.method == "POST")
    require(permissions.is_lead_representative(current_user, proposal))
    refusal = permissions.change_refusal(current_user, proposal, utcnow(), ideas_box_enabled())
    if refusal is not None:
        return refused(refusal, proposal)
    if proposal.status != ProposalStatus.DRAFT:
        flash(_("The proposal has already been submitted."), "warning")
        return redirect(link(proposal))
    form = ConfirmForm()
    mode = request.form.get("mode")
    if form.validate_on_submit() and mode in ("wait", "alone"):
        submitted = services.submit_proposal(
            current_user, proposal, utcnow(), ideas_box_enabled(), wait_for_coauthors=mode == "wait"
        )
        commit()
        if submitted:
            flash(_("Your proposal has been submitted to the office."), "success")
        else:
            flash(
                _(
                    "The proposal waits for the co-authors' consent: it will be submitted when "
                    "every invited organization accepts."
                ),
                "success",
            )
        return redirect(link(proposal))
    return render_template(
        "proposals/submit.html",
        proposal=proposal,
        form=form,
        stage_closes_at=_proposals_stage_closes(proposal),
    )


@login_required
def withdraw(proposal_id: int):
    """Withdraw a proposal (until the office's answer is published), after a page saying what
    happens: it cannot be undone."""
    proposal = get_proposal(proposal_id, lock=request.method == "POST")
    require(permissions.can_withdraw(current_user, proposal))
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        services.withdraw_proposal(current_user, proposal, utcnow())
        commit()
        flash(_("The proposal has been withdrawn."), "info")
        return redirect(link(proposal))
    return render_template("proposals/withdraw.html", proposal=proposal)


# --- co-authors ----------------------------------------------------------------------------


def _get_author(proposal: Proposal, author_id: int) -> ProposalAuthor:
    row = get_or_404(ProposalAuthor, author_id)
    if row.proposal_id != proposal.id:
        abort(404)
    return row


@login_required
def answer_invitation(proposal_id: int, author_id: int):
    """A representative of the invited organization accepts or declines co-authorship."""
    # locked: two co-authors answering at once must not both miss being the last to accept
    proposal = get_proposal(proposal_id, lock=True)
    row = _get_author(proposal, author_id)
    require(permissions.can_answer_invitation(current_user, row))
    form = DecisionForm()
    if form.validate_on_submit():
        accept = form.decision.data == "accept"
        submitted = services.answer_invitation(
            current_user, row, accept, utcnow(), ideas_box_enabled(), link=link(proposal)
        )
        commit()
        if submitted:
            flash(
                _(
                    "Your organization is now a co-author of the proposal. Every invited "
                    "organization has accepted, so the proposal has been submitted to the office."
                ),
                "success",
            )
        elif accept:
            flash(_("Your organization is now a co-author of the proposal."), "success")
        else:
            flash(_("You declined the invitation."), "info")
    return redirect(link(proposal))


@login_required
def offer(proposal_id: int):
    """Offer to join a proposal whose authors look for partners."""
    proposal = get_proposal(proposal_id)
    orgs = [
        o for o in my_organizations() if permissions.can_offer_to_join(current_user, proposal, o)
    ]
    require(bool(orgs))
    organization = chosen_organization(request.form.get("offer-organization", type=int))
    require(permissions.can_offer_to_join(current_user, proposal, organization))
    form = OfferForm(prefix="offer")
    form.organization.choices = [(o.id, o.name) for o in orgs]
    if not form.validate_on_submit():
        return proposal_page(proposal, 400, offer_form=form)
    services.offer_to_join(current_user, proposal, organization, form.message.data, utcnow())
    commit()
    flash(_("Your offer has been sent to the lead organization."), "success")
    return redirect(link(proposal))


@login_required
def decide_offer(proposal_id: int, author_id: int):
    """The lead accepts or declines an offer to join."""
    proposal = get_proposal(proposal_id)
    row = _get_author(proposal, author_id)
    require(permissions.can_decide_offer(current_user, row))
    form = DecisionForm()
    if form.validate_on_submit():
        services.decide_offer(current_user, row, form.decision.data == "accept", utcnow())
        commit()
        flash(_("Your decision has been saved."), "success")
    return redirect(link(proposal))
