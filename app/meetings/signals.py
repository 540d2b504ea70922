"""What happens with consultation meetings, announced to whoever listens (notifications).

Signals are sent inside the transaction of the change; receivers add rows and never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A cancellation gave the first person on the waiting list a seat. Sender: the registration.
seat_given = _signals.signal("meetings.seat-given")

#: The meeting's start time changed. Sender: the meeting.
rescheduled = _signals.signal("meetings.rescheduled")
