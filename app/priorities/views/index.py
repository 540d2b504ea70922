"""The pages everyone reads: the votes index, a round's votes and a vote's page (with one's own
current ballot and, for officials, what is still missing before voting opens)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.common.timeutil import utcnow
from app.consultations.loading import round_or_404
from app.extensions import db
from app.organizations.acting import my_organizations
from app.priorities import messages, permissions, rules, services
from app.priorities.forms import BALLOT_TYPE_LABELS, SHORT_METHOD_LABELS, ConfirmActionForm
from app.priorities.models import Vote, VoteResult, VoterUnit
from app.priorities.phases import VoteState, state_of
from app.priorities.views._common import load_vote

#: The sections of the votes index, in the order shown.
INDEX_SECTIONS = (VoteState.OPEN, VoteState.SETUP, VoteState.CLOSED, VoteState.PUBLISHED)


def index():
    """All the votes one may see: open now, upcoming (officials), awaiting results, published."""
    now = utcnow()
    votes = db.session.scalars(
        db.select(Vote)
        .options(
            joinedload(Vote.consultation),
            joinedload(Vote.result).load_only(VoteResult.id, VoteResult.published_at),
        )
        .order_by(Vote.closes_at.desc(), Vote.id.desc())
    ).all()
    sections: dict[VoteState, list[Vote]] = {state: [] for state in INDEX_SECTIONS}
    for vote in votes:
        if permissions.can_view_vote(current_user, vote, now):
            sections[state_of(vote, now)].append(vote)
    sections[VoteState.OPEN].sort(key=lambda vote: vote.closes_at)  # closing soonest first
    return render_template(
        "priorities/index.html",
        sections=sections,
        section_titles=messages.index_section_titles(),
        method_labels=SHORT_METHOD_LABELS,
    )


def round_votes(consultation_id: int):
    """The votes of a round (those being set up only for officials)."""
    consultation = round_or_404(consultation_id)
    now = utcnow()
    votes = db.session.scalars(
        db.select(Vote).where(Vote.consultation_id == consultation.id).order_by(Vote.opens_at)
    ).all()
    visible = [v for v in votes if permissions.can_view_vote(current_user, v, now)]
    labels = messages.state_labels()
    return render_template(
        "priorities/vote_list.html",
        consultation=consultation,
        votes=visible,
        state_of={v.id: labels[state_of(v, now)] for v in visible},
        method_labels=SHORT_METHOD_LABELS,
        can_create=permissions.can_manage_votes(current_user)
        and permissions.has_voting_stage(consultation),
    )


def _own_ballots(vote: Vote) -> list[tuple[object, object]]:
    """(organization or None for oneself, current ballot) the signed-in person may see."""
    if not current_user.is_authenticated:
        return []
    if vote.voter_unit == VoterUnit.PERSON:
        return [(None, services.current_ballot(vote, person=current_user))]
    return [
        (organization, services.current_ballot(vote, organization=organization))
        for organization in my_organizations()
    ]


def _may_vote(vote: Vote) -> bool:
    if vote.voter_unit == VoterUnit.PERSON:
        return permissions.can_vote_as_person(current_user, vote)
    return bool(my_organizations())


def show(vote_id: int):
    """A vote: explanation, options, window, what to do next; one's own current ballot."""
    vote = load_vote(vote_id)
    now = utcnow()
    state = state_of(vote, now)
    is_official = permissions.can_manage_votes(current_user)
    return render_template(
        "priorities/vote_show.html",
        vote=vote,
        state=state,
        state_labels=messages.state_labels(),
        ballot_labels=BALLOT_TYPE_LABELS,
        method_labels=SHORT_METHOD_LABELS,
        method_label=messages.method_label(vote.method),
        method_sentence=messages.method_sentence(vote.method),
        uses_costs=rules.uses_budget(vote.method),
        own_ballots=_own_ballots(vote),
        titles={o.key: o.title for o in vote.options},
        is_official=is_official,
        editable=is_official and permissions.is_editable(vote, now),
        problems=[messages.setup_message(p) for p in services.opening_problems(vote)]
        if is_official and state == VoteState.SETUP
        else [],
        ballot_count=services.ballot_count(vote) if is_official else None,
        confirm_form=ConfirmActionForm(),
        can_vote=_may_vote(vote),
    )
