"""What the proposals' views share: loading a proposal, the list's filters, the proposal page
(also re-rendered with a form's errors) and the refusal page."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.timeutil import utcnow
from app.common.web import get_or_404
from app.organizations.acting import my_organizations
from app.organizations.queries import all_areas
from app.proposals import permissions, queries
from app.proposals.forms import (
    SORT_LABELS,
    STATUS_LABELS,
    AnswerForm,
    CommentForm,
    DecisionForm,
    HideForm,
    NoteForm,
    OfferForm,
    OrganizationChoiceForm,
)
from app.proposals.messages import refusal_message
from app.proposals.models import AuthorStatus, Proposal
from app.proposals.permissions import ProposalRefusal


def ideas_box_enabled() -> bool:
    return bool(current_app.config.get("IDEAS_BOX_ENABLED", True))


def get_proposal(proposal_id: int, lock: bool = False) -> Proposal:
    """The proposal (404), if the person may see it (403); ``lock`` takes a row lock."""
    proposal = get_or_404(Proposal, proposal_id, lock=lock)
    require(permissions.can_view_proposal(current_user, proposal))
    return proposal


def link(proposal: Proposal) -> str:
    return url_for("proposals.show", proposal_id=proposal.id)


def refused(refusal: ProposalRefusal | None, proposal: Proposal | None = None):
    """The page saying why a proposal may not be filed or changed now (403)."""
    return render_template(
        "proposals/refused.html", message=refusal_message(refusal), proposal=proposal
    ), 403


# --- the list's filters (public list, officials' queue, downloads) -------------------------


def list_filters() -> queries.Filters:
    args = request.args
    status = args.get("status", "")
    sort = args.get("sort", "newest")
    return queries.Filters(
        round=args.get("round", ""),
        area=args.get("area", ""),
        status=status if status in permissions.PUBLIC_STATUSES else "",
        organization=args.get("organization", type=int),
        text=args.get("q", "")[:200],
        sort=sort if sort in SORT_LABELS else "newest",
    )


def filter_args(filters: queries.Filters) -> dict:
    values = {
        "round": filters.round,
        "area": filters.area,
        "status": filters.status,
        "organization": filters.organization,
        "q": filters.text,
        "sort": filters.sort if filters.sort != "newest" else "",
    }
    return {k: v for k, v in values.items() if v}


def filter_choices() -> dict:
    return {
        "rounds": queries.rounds_with_proposals(),
        "areas": all_areas(),
        "organizations": queries.organizations_with_proposals(),
        "status_labels": STATUS_LABELS,
        "sort_labels": SORT_LABELS,
        "ideas_box": queries.IDEAS_BOX,
    }


# --- the proposal page ---------------------------------------------------------------------


def proposal_page(proposal: Proposal, status: int = 200, **forms):
    """Render the proposal page; ``forms`` replaces the blank forms (to show errors)."""
    orgs = my_organizations()
    is_official = permissions.can_review(current_user)
    endorsing = [o for o in orgs if permissions.can_endorse(current_user, proposal, o)]
    endorsed_ids = {e.organization_id for e in proposal.endorsements}
    comment_orgs = [o for o in orgs if permissions.can_discuss(current_user, proposal, o)]
    offer_orgs = [o for o in orgs if permissions.can_offer_to_join(current_user, proposal, o)]
    endorse_form = OrganizationChoiceForm(prefix="endorse")
    endorse_form.organization.choices = [
        (o.id, o.name) for o in endorsing if o.id not in endorsed_ids
    ]
    unendorse_form = OrganizationChoiceForm(prefix="unendorse")
    unendorse_form.organization.choices = [(o.id, o.name) for o in orgs if o.id in endorsed_ids]
    comment_form = forms.get("comment_form") or CommentForm(prefix="comment")
    comment_form.organization.choices = [(o.id, o.name) for o in comment_orgs]
    offer_form = forms.get("offer_form") or OfferForm(prefix="offer")
    offer_form.organization.choices = [(o.id, o.name) for o in offer_orgs]
    answer_form = None
    if is_official:
        answer_form = forms.get("answer_form") or AnswerForm(prefix="answer")
        answer_form.merged_into.choices = [(0, "—")] + [
            (p.id, f"{p.title} (#{p.id})") for p in queries.merge_targets(proposal)
        ]
        if request.method == "GET" and proposal.answer_md:
            answer_form.decision.data = proposal.decision
            answer_form.answer.data = proposal.answer_md
            answer_form.merged_into.data = proposal.merged_into_id or 0
    note_form = NoteForm(prefix="note")
    if request.method == "GET":
        note_form.note.data = proposal.internal_note
    my_ids = {o.id for o in orgs}
    return render_template(
        "proposals/show.html",
        proposal=proposal,
        status_labels=STATUS_LABELS,
        is_official=is_official,
        is_lead=permissions.is_lead_representative(current_user, proposal),
        can_change=permissions.change_refusal(current_user, proposal, utcnow(), ideas_box_enabled())
        is None,
        can_withdraw=permissions.can_withdraw(current_user, proposal),
        my_invitations=[
            a for a in proposal.authors if permissions.can_answer_invitation(current_user, a)
        ],
        offers=[a for a in proposal.authors if permissions.can_decide_offer(current_user, a)],
        pending_authors=[
            a for a in proposal.authors if a.status in (AuthorStatus.INVITED, AuthorStatus.OFFERED)
        ],
        my_org_ids=my_ids,
        endorse_form=endorse_form,
        unendorse_form=unendorse_form,
        comment_form=comment_form,
        offer_form=offer_form,
        answer_form=answer_form,
        note_form=note_form,
        hide_form=HideForm(prefix="hide"),
        decision_form=DecisionForm(),
        confirm_form=ConfirmForm(),
        top_comments=[c for c in proposal.comments if c.parent_id is None],
    ), status
