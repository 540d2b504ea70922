"""Paper ballots: an official types in a ballot an organization handed in on paper (form,
review, confirmation); it replaces the organization's earlier ballot, and the organization's
representatives are e-mailed the receipt code."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.common.authz import require
from app.common.domain import InvalidState, NotAllowed
from app.common.timeutil import utcnow
from app.common.web import commit
from app.extensions import db
from app.organizations.models import Organization, OrganizationStatus
from app.priorities import ballot_form, mail, permissions, services
from app.priorities.forms import PaperHeaderForm
from app.priorities.models import Vote, VoterUnit
from app.priorities.views._common import ballot_page, load_vote, refused


def _paper_header() -> PaperHeaderForm:
    form = PaperHeaderForm()
    organizations = db.session.scalars(
        db.select(Organization)
        .where(Organization.status == OrganizationStatus.VERIFIED)
        .order_by(Organization.name)
    ).all()
    form.organization.choices = [(0, _("— choose —"))] + [(o.id, o.name) for o in organizations]
    return form


def _paper_guard(vote: Vote):
    require(permissions.can_manage_votes(current_user))
    if vote.voter_unit != VoterUnit.ORGANIZATION:
        abort(404)
    refusal = permissions.timing_refusal(vote, utcnow())
    if refusal is not None:
        return refused(vote, refusal)
    return None


def _paper_page(vote, header, raw, problems=(), template="priorities/ballot_form.html", **ctx):
    return ballot_page(
        vote, raw, template=template, problems=problems, paper=True, header=header, **ctx
    )


def _checked_header(header: PaperHeaderForm) -> tuple[Organization | None, bool]:
    valid = header.validate()
    organization = db.session.get(Organization, header.organization.data or 0)
    if organization is None or organization.status != OrganizationStatus.VERIFIED:
        header.organization.errors = [_("Choose the organization whose ballot this is.")]
        return None, False
    return organization, valid


@login_required
def paper_ballot(vote_id: int):
    """An official types in a ballot received on paper (form, then review)."""
    vote = load_vote(vote_id)
    refusal_page = _paper_guard(vote)
    if refusal_page:
        return refusal_page
    header = _paper_header()
    if request.method == "GET":
        return _paper_page(vote, header, ballot_form.blank(vote))
    raw = ballot_form.raw_ballot(vote, request.form)
    if request.form.get("action") == "change":
        return _paper_page(vote, header, raw)
    organization, valid = _checked_header(header)
    content, problems = ballot_form.parse(vote, raw)
    if problems or not valid:
        return _paper_page(vote, header, raw, problems)
    return _paper_page(
        vote,
        header,
        ballot_form.raw_from_content(vote, content),
        template="priorities/ballot_review.html",
        content=content,
        organization=organization,
        current=services.current_ballot(vote, organization=organization),
    )


@login_required
def confirm_paper(vote_id: int):
    """Store the reviewed paper ballot; it replaces the organization's earlier ballot."""
    vote = load_vote(vote_id)
    refusal_page = _paper_guard(vote)
    if refusal_page:
        return refusal_page
    header = _paper_header()
    raw = ballot_form.raw_ballot(vote, request.form)
    organization, valid = _checked_header(header)
    content, problems = ballot_form.parse(vote, raw)
    if problems or not valid:
        return _paper_page(vote, header, raw, problems)
    try:
        result = services.enter_paper_ballot(
            current_user, vote, organization, content, header.received_on.data, utcnow()
        )
    except services.VoteNotOpen as error:
        db.session.rollback()
        return refused(vote, error.refusal)
    except services.InvalidBallot as error:
        db.session.rollback()
        return _paper_page(vote, header, raw, error.problems)
    except InvalidState as error:  # the ballot could not be stored: refused as forbidden
        raise NotAllowed(str(error)) from error
    commit()
    return render_template(
        "priorities/ballot_receipt.html",
        vote=vote,
        result=result,
        organization=organization,
        paper=True,
        mailed=mail.mail_receipts(vote, result, organization, paper=True),
    )
