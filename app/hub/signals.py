"""What happens on the calendar and the opportunities board, announced to whoever listens.

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sender: the event; ``actor``.
event_published = _signals.signal("hub.event-published")
#: The event's start or end moved. Sender: the event; ``actor``.
event_rescheduled = _signals.signal("hub.event-rescheduled")
#: Sender: the opportunity; ``actor``.
opportunity_published = _signals.signal("hub.opportunity-published")
#: The deadline moved (or was removed). Sender: the opportunity; ``actor``.
opportunity_deadline_changed = _signals.signal("hub.opportunity-deadline-changed")
