"""What happens to organizations, announced to whoever listens (the notifications wing).

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A person asked to represent an organization. Sender: the membership; ``person``.
join_requested = _signals.signal("organizations.join-requested")
