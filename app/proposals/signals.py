"""What happens to proposals, announced to whoever listens (the notifications wing).

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: An organization was invited to co-author. Sender: the proposal; ``organization``, ``link``.
coauthor_invited = _signals.signal("proposals.coauthor-invited")
#: An organization offered to join. Sender: the proposal; ``organization``.
join_offered = _signals.signal("proposals.join-offered")
#: Something the authors should hear (review started, answer published...). Sender: the
#: proposal; ``kind`` (the notification kind), ``link``, ``params`` (a dict for its message).
authors_told = _signals.signal("proposals.authors-told")
