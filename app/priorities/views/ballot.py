"""Casting a ballot online: the form, its review, the confirmation that stores it (replacing
the voter unit's earlier ballot) and the receipt, shown once.

The ballot is carried between the form and the review page in hidden fields, so no state is
kept on the server between the steps.
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from app.common.outbox import deliver_queued
from app.common.timeutil import utcnow
from app.extensions import db
from app.organizations.acting import chosen_organization, my_organizations
from app.organizations.models import Organization
from app.priorities import ballot_form, mail, messages, permissions, services
from app.priorities.models import Vote, VoterUnit
from app.priorities.permissions import BallotRefusal
from app.priorities.views._common import (
    ballot_page,
    load_vote,
    refused,
    refused_page,
)


def _voter(vote: Vote) -> Organization | None:
    """The organization named in the request (the only one the person acts for, if none is
    named); naming one the person does not act for is a forged request (403)."""
    if vote.voter_unit == VoterUnit.PERSON:
        return None
    wanted = request.values.get("organization", type=int)
    organizations = my_organizations()
    if wanted is None and len(organizations) == 1:
        return organizations[0]
    return chosen_organization(wanted)


def _ballot_guard(vote: Vote):
    """The refusal page for someone who may not vote (now), or None."""
    refusal = permissions.timing_refusal(vote, utcnow())
    if refusal is not None:
        return refused(vote, refusal)
    if vote.voter_unit == VoterUnit.PERSON:
        if not permissions.can_vote_as_person(current_user, vote):
            return refused_page(vote, messages.person_refusal_message())
        return None
    if not my_organizations():
        return refused(vote, BallotRefusal.NOT_ELIGIBLE)
    return None


@login_required
def ballot(vote_id: int):
    """The ballot form (GET, or POST "change" from the review); POST "review" checks it."""
    vote = load_vote(vote_id)
    refusal_page = _ballot_guard(vote)
    if refusal_page:
        return refusal_page
    orgs = my_organizations()
    if request.method == "GET":
        organization = _voter(vote) if request.args.get("organization") else None
        if organization is None and vote.voter_unit == VoterUnit.ORGANIZATION:
            organization = orgs[0]
        current = services.current_ballot(
            vote, organization=organization, person=None if organization else current_user
        )
        raw = (
            ballot_form.raw_from_content(vote, current.content)
            if current
            else ballot_form.blank(vote)
        )
        return ballot_page(vote, raw, organization=organization, orgs=orgs, current=current)
    organization = _voter(vote)
    raw = ballot_form.raw_ballot(vote, request.form)
    if request.form.get("action") == "change":
        return ballot_page(vote, raw, organization=organization, orgs=orgs)
    content, problems = ballot_form.parse(vote, raw)
    if problems:
        return ballot_page(vote, raw, problems=problems, organization=organization, orgs=orgs)
    current = services.current_ballot(
        vote, organization=organization, person=None if organization else current_user
    )
    return ballot_page(
        vote,
        ballot_form.raw_from_content(vote, content),
        template="priorities/ballot_review.html",
        content=content,
        organization=organization,
        current=current,
        paper=False,
    )


def _commit_keeping_loaded() -> None:
    """The ballot's commit, the one place that keeps the loaded objects over a commit.

    Why: they hold what this request read and wrote, and the receipt page and e-mail need them;
    a normal commit expires them and the page loads the vote, organization, ballot and person
    again, one query each (a first ballot takes 13 statements instead of 9, a replacement 17
    instead of 13). Confirming ballots is the one request that comes in bursts at a deadline.
    Only this commit keeps them: the outbox delivery that follows (``deliver_queued``) commits
    with expiry as usual, since it reads its messages back after an UPDATE.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


@login_required
def confirm_ballot(vote_id: int):
    """Store the reviewed ballot (replacing the voter unit's earlier one); show the receipt once."""
    vote = load_vote(vote_id)
    refusal_page = _ballot_guard(vote)
    if refusal_page:
        return refusal_page
    organization = _voter(vote)
    raw = ballot_form.raw_ballot(vote, request.form)
    content, problems = ballot_form.parse(vote, raw)
    if problems:
        orgs = my_organizations()
        return ballot_page(vote, raw, problems=problems, organization=organization, orgs=orgs)
    try:
        result = services.cast_ballot(
            vote,
            content,
            current_user,
            utcnow(),
            organization=organization,
            person=None if organization else current_user,
        )
    except services.VoteNotOpen as error:
        db.session.rollback()
        return refused(vote, error.refusal)
    except services.InvalidBallot as error:
        db.session.rollback()
        orgs = my_organizations()
        return ballot_page(vote, raw, problems=error.problems, organization=organization, orgs=orgs)
    mail.queue_replacement_notices(vote, result, organization)
    _commit_keeping_loaded()
    deliver_queued()
    return render_template(
        "priorities/ballot_receipt.html",
        vote=vote,
        result=result,
        organization=organization,
        paper=False,
        mailed=mail.mail_receipts(vote, result, organization, paper=False),
    )
