"""The states of a registration for a consultation meeting — a pure module."""

from __future__ import annotations

from enum import StrEnum


class RegistrationStatus(StrEnum):
    #: Has a seat.
    REGISTERED = "registered"
    #: On the waiting list; gets the first seat freed by a cancellation, in order of arrival.
    WAITING = "waiting"


class MeetingMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"
