"""How the platform can measure an evaluation indicator, in words: apart from the other
labels (``messages``), as the report's snapshot keeps them (``snapshot``) and ``messages``
imports the services, which take snapshots."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.programmes.states import Measure

MEASURE_LABELS = {
    Measure.COMPETITIONS: _l("number of competitions and other forms announced"),
    Measure.OFFERS: _l("number of offers submitted"),
    Measure.GRANTS: _l("number of grants awarded"),
    Measure.AMOUNT_GRANTED: _l("amount transferred to organizations"),
    Measure.ORGANIZATIONS: _l("number of organizations that received grants"),
    Measure.CONSULTATIONS: _l("number of consultations held"),
    Measure.REMARKS: _l("number of remarks received in consultations"),
    Measure.REMARKS_ANSWERED: _l("number of remarks answered"),
    Measure.VOTES: _l("number of votes held"),
    Measure.BALLOTS: _l("number of ballots cast in votes"),
    Measure.TASKS_DONE: _l("number of tracked tasks done"),
    Measure.AMOUNT_SPENT: _l("amount spent on the tracked tasks"),
}
