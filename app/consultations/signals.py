"""What happens in consultation rounds, announced to whoever listens (the notifications wing).

Signals are sent inside the transaction of the change they report: a receiver may add rows to
the session (they are committed with the change, or rolled back with it) and never commits.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A round became public. Sender: the consultation; ``actor``, ``now``.
round_announced = _signals.signal("consultations.round-announced")
#: A stage of an announced round got new dates. Sender: the stage; ``actor``.
stage_rescheduled = _signals.signal("consultations.stage-rescheduled")
#: The office's answer to a comment was published. Sender: the comment; ``link``.
comment_answered = _signals.signal("consultations.comment-answered")
#: The round's report was published for the first time. Sender: the consultation; ``actor``,
#: ``organization_ids`` (the organizations that commented).
report_published = _signals.signal("consultations.report-published")
