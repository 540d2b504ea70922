"""What the proposal pages say when a proposal may not be filed or changed now."""

from __future__ import annotations

from flask_babel import gettext as _

from app.proposals.permissions import ProposalRefusal


def refusal_message(refusal: ProposalRefusal | None) -> str:
    """The reason shown on the refusal page (None: nothing accepts proposals now)."""
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
