"""What happens to reviews of hidden content, announced to the notifications wing.

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: An author asked for a review. Sender: the review; ``target`` (moderation.targets.Target),
#: ``link`` (the officials' page of the review).
review_requested = _signals.signal("moderation.review-requested")
#: The office decided. Sender: the review; ``target``, ``link`` (the author's page).
review_decided = _signals.signal("moderation.review-decided")
