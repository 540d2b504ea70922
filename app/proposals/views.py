"""Proposals: the public list and pages, filing and co-authoring, endorsements, discussion, and
the officials' review.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then flash and redirect.
"""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.auth.forms import ConfirmForm
from app.common.authz import require
from app.common.domain import InvalidState, NotAllowed
from app.common.timeutil import utcnow
from app.consultations.models import Consultation
from app.extensions import db
from app.organizations.models import Organization
from app.organizations.queries import all_areas, organizations_acting_for
from app.proposals import permissions, queries, services
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
    ProposalForm,
)
from app.proposals.models import Proposal, ProposalAuthor, ProposalComment
from app.proposals.permissions import ProposalRefusal

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


def _ideas_box_enabled() -> bool:
    return bool(current_app.config.get("IDEAS_BOX_ENABLED", True))


def _get_proposal(proposal_id: int, lock: bool = False) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id, with_for_update=lock, populate_existing=lock)
    if proposal is None:
        abort(404)
    require(permissions.can_view_proposal(current_user, proposal))
    return proposal


def _link(proposal: Proposal) -> str:
    return url_for("proposals.show", proposal_id=proposal.id)


def _my_organizations() -> list[Organization]:
    """The verified organizations the person may act for."""
    return organizations_acting_for(current_user)


def _chosen(orgs: list[Organization], organization_id: int | None) -> Organization:
    """The organization named in the request; naming one the person does not act for is forged."""
    organization = next((o for o in orgs if o.id == organization_id), None)
    require(organization is not None)
    return organization


def _refusal_message(refusal: ProposalRefusal | None) -> str:
    return {
        ProposalRefusal.NOT_REPRESENTATIVE: _(
            "Only approved representatives of verified organizations may file proposals."
        ),
        ProposalRefusal.STAGE_NOT_OPEN: _(
            "Proposals are not accepted now: the proposals stage of this consultation is not open."
        ),
        ProposalRefusal.IDEAS_BOX_CLOSED: _(
            "The ideas box is closed: proposals are accepted only while a consultation's "
            "proposals stage is open."
        ),
        ProposalRefusal.REVIEW_STARTED: _(
            "The office has started reviewing this proposal, so it can no longer be changed."
        ),
        None: _(
            "No proposals are accepted now: no consultation has an open proposals stage "
            "and the ideas box is closed."
        ),
    }[refusal]


def _refused(refusal: ProposalRefusal | None, proposal: Proposal | None = None):
    return render_template(
        "proposals/refused.html", message=_refusal_message(refusal), proposal=proposal
    ), 403


# --- public pages -------------------------------------------------------------------------


def _filters() -> queries.Filters:
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


def _filter_args(filters: queries.Filters) -> dict:
    values = {
        "round": filters.round,
        "area": filters.area,
        "status": filters.status,
        "organization": filters.organization,
        "q": filters.text,
        "sort": filters.sort if filters.sort != "newest" else "",
    }
    return {k: v for k, v in values.items() if v}


def _filter_choices() -> dict:
    return {
        "rounds": queries.rounds_with_proposals(),
        "areas": all_areas(),
        "organizations": queries.organizations_with_proposals(),
        "status_labels": STATUS_LABELS,
        "sort_labels": SORT_LABELS,
        "ideas_box": queries.IDEAS_BOX,
    }


@bp.route("/")
def index():
    """Proposals: filters, search, sorting, pages, downloads (and one's own drafts)."""
    filters = _filters()
    page = db.paginate(
        queries.public_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    org_ids = [o.id for o in _my_organizations()]
    return render_template(
        "proposals/index.html",
        page=page,
        filters=filters,
        filter_args=_filter_args(filters),
        drafts=queries.drafts_of(org_ids),
        invitations=queries.pending_invitations(org_ids),
        can_propose=bool(org_ids),
        **_filter_choices(),
    )


def _export_rows(filters: queries.Filters) -> list[dict]:
    locale = str(get_locale())
    rows = []
    for proposal in db.session.scalars(queries.public_query(filters)):
        rows.append(
            {
                "id": proposal.id,
                "title": proposal.title,
                "status": proposal.status,
                "area": proposal.area.name(locale),
                "consultation": proposal.consultation.title if proposal.consultation else "",
                "authors": [o.name for o in proposal.all_authors],
                "endorsements": len(proposal.endorsements),
                "endorsing_organizations": [e.organization.name for e in proposal.endorsements],
                "estimated_cost": (
                    str(proposal.estimated_cost) if proposal.estimated_cost is not None else None
                ),
                "time_frame": proposal.time_frame,
                "problem": proposal.problem,
                "activities": proposal.activities,
                "target_group": proposal.target_group,
                "expected_results": proposal.expected_results,
                "looking_for_partners": proposal.looking_for_partners,
                "submitted_at": (
                    proposal.submitted_at.isoformat() if proposal.submitted_at else None
                ),
                "answer": proposal.answer_md if proposal.is_answer_published else "",
                "merged_into": proposal.merged_into_id,
                "url": url_for("proposals.show", proposal_id=proposal.id, _external=True),
            }
        )
    return rows


@bp.route("/export.csv")
def export_csv():
    """The filtered list as CSV (UTF-8 with BOM, so spreadsheets read Polish letters)."""
    rows = _export_rows(_filters())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("No."),
            _("Title"),
            _("Status"),
            _("Area of public benefit"),
            _("Consultation"),
            _("Authors"),
            _("Endorsements"),
            _("Estimated cost in PLN"),
            _("Time frame"),
            _("Answer of the office"),
            _("Address"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row["id"],
                row["title"],
                str(STATUS_LABELS[row["status"]]),
                row["area"],
                row["consultation"] or _("Ideas box"),
                "; ".join(row["authors"]),
                row["endorsements"],
                row["estimated_cost"] or "",
                row["time_frame"],
                row["answer"],
                row["url"],
            ]
        )
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename="propozycje.csv")
    return response


@bp.route("/export.json")
def export_json():
    """The filtered list as JSON."""
    response = jsonify({"proposals": _export_rows(_filters())})
    response.headers.set("Content-Disposition", "attachment", filename="propozycje.json")
    return response


@bp.route("/partners")
def partners():
    """Proposals whose authors look for partners, by area."""
    area = request.args.get("area", "")
    return render_template(
        "proposals/partners.html",
        proposals=queries.partner_search(area),
        areas=all_areas(),
        area=area,
    )


def _show(proposal: Proposal, status: int = 200, **forms):
    """Render the proposal page; ``forms`` replaces the blank forms (to show errors)."""
    orgs = _my_organizations()
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
        can_change=permissions.change_refusal(
            current_user, proposal, utcnow(), _ideas_box_enabled()
        )
        is None,
        can_withdraw=permissions.can_withdraw(current_user, proposal),
        my_invitations=[
            a for a in proposal.authors if permissions.can_answer_invitation(current_user, a)
        ],
        offers=[a for a in proposal.authors if permissions.can_decide_offer(current_user, a)],
        pending_authors=[a for a in proposal.authors if a.status in ("invited", "offered")],
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


@bp.route("/<int:proposal_id>")
def show(proposal_id: int):
    """A proposal with its authors, endorsements, discussion and the office's answer."""
    return _show(_get_proposal(proposal_id))


# --- filing and changing ------------------------------------------------------------------


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
        if _ideas_box_enabled():
            form.consultation.choices.append((0, _("Ideas box (outside any consultation)")))
    form.area.choices = [("", _("— choose —"))] + [(a.code, a.name(locale)) for a in all_areas()]
    form.coauthors.choices = [
        (o.id, o.name) for o in queries.verified_organizations() if o not in orgs
    ]
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
    return [o for o in queries.verified_organizations() if o.id in ids]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """File a proposal for one's organization: save it as a draft or submit it."""
    orgs = _my_organizations()
    if not orgs:
        return _refused(ProposalRefusal.NOT_REPRESENTATIVE)
    rounds = _open_rounds()
    if not rounds and not _ideas_box_enabled():
        return _refused(None)
    form = _prepare(ProposalForm(), orgs, rounds)
    if request.method == "POST":
        organization = _chosen(orgs, request.form.get("organization", type=int))
        consultation_id = request.form.get("consultation", type=int)
        if consultation_id not in {c[0] for c in form.consultation.choices}:
            if consultation_id and db.session.get(Consultation, consultation_id) is not None:
                return _refused(ProposalRefusal.STAGE_NOT_OPEN)
            if consultation_id == 0:
                return _refused(ProposalRefusal.IDEAS_BOX_CLOSED)
    elif request.args.get("consultation", type=int):
        form.consultation.data = request.args.get("consultation", type=int)
    if form.validate_on_submit():
        consultation = (
            db.session.get(Consultation, form.consultation.data) if form.consultation.data else None
        )
        submit = request.form.get("action") == "submit"
        try:
            proposal = services.create_proposal(
                current_user,
                organization,
                consultation,
                _data(form),
                _invited(form),
                submit,
                utcnow(),
                _ideas_box_enabled(),
                link_for=_link,
            )
        except NotAllowed:
            abort(403)
        db.session.commit()
        if submit:
            flash(_("Your proposal has been submitted to the office."), "success")
        else:
            flash(_("Your proposal has been saved as a draft."), "success")
        return redirect(_link(proposal))
    return render_template("proposals/form.html", form=form, proposal=None)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    """Change a proposal until the office starts the review."""
    proposal = _get_proposal(proposal_id)
    require(permissions.is_lead_representative(current_user, proposal))
    refusal = permissions.change_refusal(current_user, proposal, utcnow(), _ideas_box_enabled())
    if refusal is not None:
        return _refused(refusal, proposal)
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
        try:
            services.update_proposal(
                current_user,
                proposal,
                _data(form),
                _invited(form),
                utcnow(),
                _ideas_box_enabled(),
                link=_link(proposal),
            )
        except NotAllowed:
            abort(403)
        db.session.commit()
        flash(_("The proposal has been saved."), "success")
        return redirect(_link(proposal))
    return render_template("proposals/form.html", form=form, proposal=proposal)


@bp.post("/<int:proposal_id>/submit")
@login_required
def submit(proposal_id: int):
    """Submit a draft to the office."""
    proposal = _get_proposal(proposal_id, lock=True)
    require(permissions.is_lead_representative(current_user, proposal))
    refusal = permissions.change_refusal(current_user, proposal, utcnow(), _ideas_box_enabled())
    if refusal is not None:
        return _refused(refusal, proposal)
    if ConfirmForm().validate_on_submit():
        try:
            services.submit_proposal(current_user, proposal, utcnow(), _ideas_box_enabled())
        except InvalidState:
            flash(_("The proposal has already been submitted."), "warning")
        else:
            db.session.commit()
            flash(_("Your proposal has been submitted to the office."), "success")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    """Withdraw a proposal (until the office's answer is published)."""
    proposal = _get_proposal(proposal_id, lock=True)
    require(permissions.can_withdraw(current_user, proposal))
    if ConfirmForm().validate_on_submit():
        services.withdraw_proposal(current_user, proposal, utcnow())
        db.session.commit()
        flash(_("The proposal has been withdrawn."), "info")
    return redirect(_link(proposal))


def _get_author(proposal: Proposal, author_id: int) -> ProposalAuthor:
    row = db.session.get(ProposalAuthor, author_id)
    if row is None or row.proposal_id != proposal.id:
        abort(404)
    return row


@bp.post("/<int:proposal_id>/invitations/<int:author_id>")
@login_required
def answer_invitation(proposal_id: int, author_id: int):
    """A representative of the invited organization accepts or declines co-authorship."""
    proposal = _get_proposal(proposal_id)
    row = _get_author(proposal, author_id)
    require(permissions.can_answer_invitation(current_user, row))
    form = DecisionForm()
    if form.validate_on_submit():
        accept = form.decision.data == "accept"
        services.answer_invitation(current_user, row, accept, utcnow())
        db.session.commit()
        if accept:
            flash(_("Your organization is now a co-author of the proposal."), "success")
        else:
            flash(_("You declined the invitation."), "info")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/offer")
@login_required
def offer(proposal_id: int):
    """Offer to join a proposal whose authors look for partners."""
    proposal = _get_proposal(proposal_id)
    orgs = [
        o for o in _my_organizations() if permissions.can_offer_to_join(current_user, proposal, o)
    ]
    require(bool(orgs))
    organization = _chosen(orgs, request.form.get("offer-organization", type=int))
    form = OfferForm(prefix="offer")
    form.organization.choices = [(o.id, o.name) for o in orgs]
    if not form.validate_on_submit():
        return _show(proposal, 400, offer_form=form)
    services.offer_to_join(current_user, proposal, organization, form.message.data, utcnow())
    db.session.commit()
    flash(_("Your offer has been sent to the lead organization."), "success")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/offers/<int:author_id>")
@login_required
def decide_offer(proposal_id: int, author_id: int):
    """The lead accepts or declines an offer to join."""
    proposal = _get_proposal(proposal_id)
    row = _get_author(proposal, author_id)
    require(permissions.can_decide_offer(current_user, row))
    form = DecisionForm()
    if form.validate_on_submit():
        services.decide_offer(current_user, row, form.decision.data == "accept", utcnow())
        db.session.commit()
        flash(_("Your decision has been saved."), "success")
    return redirect(_link(proposal))


# --- endorsements and discussion ----------------------------------------------------------


@bp.post("/<int:proposal_id>/endorse")
@login_required
def endorse(proposal_id: int):
    """Endorse the proposal on behalf of one's organization (one endorsement per organization)."""
    proposal = _get_proposal(proposal_id)
    organization = _chosen(_my_organizations(), request.form.get("endorse-organization", type=int))
    require(permissions.can_endorse(current_user, proposal, organization))
    try:
        services.endorse_proposal(current_user, proposal, organization, utcnow())
        db.session.commit()
    except (services.AlreadyEndorsed, IntegrityError):
        # a simultaneous request of the same organization won the race: one endorsement stays
        db.session.rollback()
        flash(_("Your organization already endorses this proposal."), "info")
    else:
        flash(_("Your organization endorses this proposal."), "success")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/endorse/withdraw")
@login_required
def unendorse(proposal_id: int):
    """Withdraw one's organization's endorsement."""
    proposal = _get_proposal(proposal_id)
    organization = _chosen(
        _my_organizations(), request.form.get("unendorse-organization", type=int)
    )
    try:
        services.withdraw_endorsement(current_user, proposal, organization)
    except InvalidState:
        flash(_("Your organization does not endorse this proposal."), "info")
    else:
        db.session.commit()
        flash(_("The endorsement has been withdrawn."), "info")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/comments")
@login_required
def comment(proposal_id: int):
    """Add a comment, or a reply to a comment, to the discussion."""
    proposal = _get_proposal(proposal_id)
    orgs = [o for o in _my_organizations() if permissions.can_discuss(current_user, proposal, o)]
    require(bool(orgs))
    organization = _chosen(orgs, request.form.get("comment-organization", type=int))
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
        return _show(proposal, 400, comment_form=form)
    item = services.add_comment(
        current_user, proposal, organization, form.body.data, parent, utcnow()
    )
    db.session.commit()
    flash(_("Your comment has been added."), "success")
    return redirect(_link(proposal) + f"#comment-{item.id}")


@bp.post("/<int:proposal_id>/comments/<int:comment_id>/hide")
@login_required
def hide_comment(proposal_id: int, comment_id: int):
    """Hide a comment that breaks the rules, with a public reason."""
    proposal = _get_proposal(proposal_id)
    require(permissions.can_review(current_user))
    item = db.session.get(ProposalComment, comment_id)
    if item is None or item.proposal_id != proposal.id:
        abort(404)
    form = HideForm(prefix="hide")
    if not form.validate_on_submit():
        flash(_("Give the reason for hiding."), "danger")
        return redirect(_link(proposal))
    services.hide_comment(current_user, item, form.reason.data, utcnow())
    db.session.commit()
    flash(_("The comment has been hidden."), "info")
    return redirect(_link(proposal))


# --- officials ----------------------------------------------------------------------------


@bp.route("/review")
@login_required
def review():
    """The officials' queue, filtered by status, area, round and organization."""
    require(permissions.can_review(current_user))
    filters = _filters()
    page = db.paginate(
        queries.queue_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "proposals/review.html",
        page=page,
        filters=filters,
        filter_args=_filter_args(filters),
        **_filter_choices(),
    )


@bp.post("/<int:proposal_id>/review")
@login_required
def start_review(proposal_id: int):
    """Start the review: the authors can no longer edit the proposal."""
    proposal = _get_proposal(proposal_id, lock=True)
    require(permissions.can_review(current_user))
    if ConfirmForm().validate_on_submit():
        try:
            services.start_review(current_user, proposal, utcnow(), link=_link(proposal))
        except InvalidState:
            flash(_("Only a submitted proposal can be taken into review."), "warning")
        else:
            db.session.commit()
            flash(_("The review has started."), "success")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/answer")
@login_required
def answer(proposal_id: int):
    """Draft or publish the office's answer: accepted, rejected or merged."""
    proposal = _get_proposal(proposal_id, lock=True)
    require(permissions.can_review(current_user))
    form = AnswerForm(prefix="answer")
    form.merged_into.choices = [(0, "—")] + [
        (p.id, p.title) for p in queries.merge_targets(proposal)
    ]
    if not form.validate_on_submit():
        return _show(proposal, 400, answer_form=form)
    target = db.session.get(Proposal, form.merged_into.data) if form.merged_into.data else None
    try:
        services.save_answer(
            current_user,
            proposal,
            form.decision.data,
            form.answer.data,
            target,
            form.publish.data,
            utcnow(),
            link=_link(proposal),
        )
    except services.InvalidMerge:
        form.merged_into.errors.append(_("Choose the proposal to merge this one into."))
        return _show(proposal, 400, answer_form=form)
    except InvalidState:
        flash(_("Start the review before answering."), "warning")
        return redirect(_link(proposal))
    db.session.commit()
    if form.publish.data:
        flash(_("The answer has been published."), "success")
    else:
        flash(_("The answer has been saved as a draft."), "success")
    return redirect(_link(proposal))


@bp.post("/<int:proposal_id>/note")
@login_required
def note(proposal_id: int):
    """Save the officials' internal note."""
    proposal = _get_proposal(proposal_id)
    require(permissions.can_review(current_user))
    form = NoteForm(prefix="note")
    if form.validate_on_submit():
        services.save_internal_note(current_user, proposal, form.note.data or "")
        db.session.commit()
        flash(_("The internal note has been saved."), "success")
    else:
        flash(_("The note is too long."), "danger")
    return redirect(_link(proposal))


@bp.app_context_processor
def _organization_proposals() -> dict:
    """Lets the organization profile list the proposals it leads or co-authors."""
    return {"proposals_of_organization": queries.of_organization}
