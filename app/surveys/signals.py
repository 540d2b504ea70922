"""What happens with surveys, announced to whoever listens (notifications).

Signals are sent inside the transaction of the change; receivers add rows and never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A survey's opening or closing moved. Sender: the survey.
rescheduled = _signals.signal("surveys.rescheduled")
