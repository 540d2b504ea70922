"""Texts of the moderation wing: the kinds of hidden things, outcomes and refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.web import refusal_text
from app.moderation import services
from app.moderation.models import ReviewOutcome

KIND_LABELS = {
    "remark": _l("Comment on a draft"),
    "proposal_comment": _l("Comment on a proposal"),
    "survey_answer": _l("Survey answer"),
}

OUTCOME_CHOICES = [
    ("", _l("— choose —")),
    (ReviewOutcome.RESTORED, _l("Show it again (the hiding was a mistake)")),
    (ReviewOutcome.UPHELD, _l("Keep it hidden")),
]  # made SelectChoice in forms.py

OUTCOME_LABELS = {
    ReviewOutcome.RESTORED: _l("shown again"),
    ReviewOutcome.UPHELD: _l("kept hidden"),
}


ALREADY_ASKED = refusal_text(services.AlreadyAsked)(
    _l("You have already asked for a review of this; it can be asked only once.")
)
NOT_HIDDEN = refusal_text(services.NotHidden)(
    _l("This is not hidden, so there is nothing to review.")
)
ALREADY_DECIDED = refusal_text(services.AlreadyDecided)(
    _l("The office has already decided this review.")
)
MISSING_NOTE = _l("Tell the author why it stays hidden.")
