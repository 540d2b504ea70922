"""Who may do what with priority votes and their results: small pure predicates (no Flask, no
database).

``timing_refusal`` returns *why* a ballot may not be cast now, so the page can say it clearly.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from app.consultations.permissions import can_view_round
from app.consultations.states import StageKind
from app.organizations.permissions import can_act_for, is_member, is_official
from app.priorities.kinds import Secrecy, VoterUnit
from app.priorities.phases import VoteState, is_locked, state_of


class BallotRefusal(StrEnum):
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    NOT_ELIGIBLE = "not_eligible"


def can_manage_votes(user: Any) -> bool:
    """Officials set up votes, open and close them early and enter paper ballots."""
    return is_official(user)


def can_view_vote(user: Any, vote: Any, now: datetime) -> bool:
    """Votes being set up are seen only by officials; the rest by whoever sees the round."""
    if is_official(user):
        return True
    return can_view_round(user, vote.consultation) and state_of(vote, now) != VoteState.SETUP


def is_editable(vote: Any, now: datetime) -> bool:
    """Method, rules and options may change only until voting opens."""
    return not is_locked(vote.opens_at, now)


def has_voting_stage(consultation: Any) -> bool:
    return consultation.stage(StageKind.VOTING) is not None


def can_vote_for(user: Any, vote: Any, organization: Any) -> bool:
    """An organization unit: an approved representative of the verified organization."""
    return vote.voter_unit == VoterUnit.ORGANIZATION and can_act_for(user, organization)


def can_vote_as_person(user: Any, vote: Any) -> bool:
    """A person unit: a signed-in person whose e-mail address is confirmed, for themselves."""
    return vote.voter_unit == VoterUnit.PERSON and is_member(user)


def timing_refusal(vote: Any, now: datetime) -> BallotRefusal | None:
    state = state_of(vote, now)
    if state == VoteState.SETUP:
        return BallotRefusal.NOT_OPEN_YET
    if state != VoteState.OPEN:
        return BallotRefusal.CLOSED
    return None


def can_open_early(user: Any, vote: Any, now: datetime) -> bool:
    return can_manage_votes(user) and state_of(vote, now) == VoteState.SETUP


def can_close_early(user: Any, vote: Any, now: datetime) -> bool:
    return can_manage_votes(user) and state_of(vote, now) == VoteState.OPEN


# --- results ------------------------------------------------------------------------------


def can_manage_results(user: Any) -> bool:
    """Compute the preview, write the statement and publish: officials."""
    return is_official(user)


def can_view_results(user: Any, state: VoteState, has_result: bool) -> bool:
    """Published results are public; an unpublished preview only officials see."""
    if state is VoteState.PUBLISHED:
        return True
    return has_result and is_official(user)


def can_preview_results(user: Any) -> bool:
    """See the results page of a vote whose results are not published (the preview, or that
    nothing is computed yet): officials; anyone else is told when results will be published."""
    return is_official(user)


def shows_voters(secrecy: str) -> bool:
    """Open votes show each organization's ballot; secret votes never show who cast what."""
    return secrecy == Secrecy.OPEN


def ballots_withheld(secrecy: str, ballots: int, minimum: int) -> bool:
    """A secret vote with fewer than ``minimum`` ballots keeps its ballots file (and the
    online/paper split of the turnout) unpublished: with so few ballots the file would show how
    each of the few voters voted. The result itself may still be published."""
    return secrecy == Secrecy.SECRET and ballots < minimum
