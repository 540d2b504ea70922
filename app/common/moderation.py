"""The one signal every wing sends when the office hides something a person wrote (issue 15,
item 5): a remark, a comment on a proposal, a survey answer. The moderation wing lets the
author ask for a review; the notifications wing tells the author the reason.

Sent inside the transaction of the hiding; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Something was hidden. Sender: the hidden object; ``kind`` (the moderation wing's target
#: kind: "remark", "proposal_comment", "survey_answer"), ``author_ids`` (who wrote it),
#: ``reason``, ``title`` (where it was written: the round, proposal or survey title), ``actor``.
content_hidden = _signals.signal("moderation.content-hidden")
