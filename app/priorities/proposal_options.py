"""What an accepted proposal carries into an option of a priority vote (linked back by id).

Votes read proposals; proposals know nothing of votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.common.domain import InvalidState
from app.proposals.models import Proposal, ProposalStatus


@dataclass(frozen=True)
class OptionDraft:
    """What an accepted proposal carries into an option of a priority vote."""

    title: str
    description: str
    area_code: str
    cost: Decimal | None
    proposal_id: int


def option_from_proposal(proposal: Proposal) -> OptionDraft:
    """What an accepted proposal carries into a priority vote's option (linked back by id).

    The description is the proposal's "what would be done", followed by its expected results.
    :raises InvalidState: the proposal is not accepted.
    """
    if proposal.status != ProposalStatus.ACCEPTED:
        raise InvalidState("only an accepted proposal becomes an option")
    parts = [proposal.activities.strip(), proposal.expected_results.strip()]
    return OptionDraft(
        title=proposal.title,
        description="\n\n".join(p for p in parts if p),
        area_code=proposal.area.code,
        cost=proposal.estimated_cost,
        proposal_id=proposal.id,
    )
