"""An accepted proposal described as a vote's option (votes read proposals, not the reverse)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.auth.models import Role
from app.common.domain import InvalidState
from app.common.timeutil import utcnow
from app.priorities.proposal_options import OptionDraft, option_from_proposal
from app.proposals import services as proposal_services
from tests.factories import make_proposal, make_user


def test_option_from_accepted_proposal(app):
    official = make_user(role=Role.OFFICIAL)
    proposal = make_proposal(
        title="Klub seniora", area_code="seniors", estimated_cost=Decimal("45000.00")
    )
    with pytest.raises(InvalidState):
        option_from_proposal(proposal)
    proposal_services.start_review(official, proposal, utcnow())
    proposal_services.save_answer(official, proposal, "accepted", "Tak.", None, True, utcnow())
    option = option_from_proposal(proposal)
    assert option == OptionDraft(
        title="Klub seniora",
        description="Otwarcie klubu seniora dwa razy w tygodniu.\n\nStałe spotkania 40 osób.",
        area_code="seniors",
        cost=Decimal("45000.00"),
        proposal_id=proposal.id,
    )
    with pytest.raises(AttributeError):
        option.title = "x"  # frozen
