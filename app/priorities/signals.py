"""What happens to votes, announced to whoever listens (the notifications wing).

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A vote's results were published. Sender: the vote; ``link``, ``organization_ids`` (the
#: organizations that cast a ballot), ``person_ids`` (people who voted for themselves).
results_published = _signals.signal("priorities.results-published")
