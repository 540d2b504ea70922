"""Code → text maps of the hub: opportunity types and month names (forms, pages, feeds)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.hub.models import OpportunityKind

KIND_LABELS = {
    OpportunityKind.OPEN_COMPETITION: _l("open grant competition"),
    OpportunityKind.SMALL_GRANT: _l("small grant"),
    OpportunityKind.OWN_CONTRIBUTION: _l("own-contribution fund"),
    OpportunityKind.ROOMS_EQUIPMENT: _l("rooms and equipment"),
    OpportunityKind.TRAINING_ADVICE: _l("training and advice"),
    OpportunityKind.OTHER: _l("other"),
}
MONTH_LABELS = {
    1: _l("January"),
    2: _l("February"),
    3: _l("March"),
    4: _l("April"),
    5: _l("May"),
    6: _l("June"),
    7: _l("July"),
    8: _l("August"),
    9: _l("September"),
    10: _l("October"),
    11: _l("November"),
    12: _l("December"),
}
