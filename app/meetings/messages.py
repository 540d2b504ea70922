"""What the meeting pages say for a code: refusals and registration states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.web import refusal_text
from app.meetings.permissions import RegistrationRefusal
from app.meetings.services import (
    AlreadyRegistered,
    CapacityBelowSeats,
    MeetingNotHeld,
    RegistrationClosed,
)
from app.meetings.states import RegistrationStatus

STATUS_LABELS = {
    RegistrationStatus.REGISTERED: _l("has a seat"),
    RegistrationStatus.WAITING: _l("on the waiting list"),
}

REGISTRATION_REFUSALS = {
    RegistrationRefusal.NOT_SIGNED_IN: _l("Log in to register for the meeting."),
    RegistrationRefusal.NOT_CONFIRMED: _l("Confirm your e-mail address to register."),
    RegistrationRefusal.NOT_ANNOUNCED: _l("The consultation has not been announced yet."),
    RegistrationRefusal.STARTED: _l("Registration is closed: the meeting has started."),
}

refusal_text(AlreadyRegistered)(_l("You are already registered for this meeting."))
refusal_text(RegistrationClosed)(
    _l("Registration is closed: the meeting has started. Registrations can no longer change.")
)
refusal_text(MeetingNotHeld)(
    _l("The meeting has not taken place yet: minutes and remarks come after it.")
)
CAPACITY_BELOW_SEATS = refusal_text(CapacityBelowSeats)(
    _l("More people already have a seat: the number of seats cannot be lower than that.")
)
