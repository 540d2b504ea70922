"""What happens in the programme of cooperation, announced to whoever listens.

Sent inside the transaction of the change; receivers add rows to the session, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: An official posted an update on a tracked task. Sender: the update; ``actor``.
task_updated = _signals.signal("programmes.task-updated")
#: A funded organization filed a change notice. Sender: the notice; ``actor``.
notice_filed = _signals.signal("programmes.notice-filed")
#: The office answered a change notice. Sender: the notice; ``actor``.
notice_answered = _signals.signal("programmes.notice-answered")
#: A further message in a change notice's thread. Sender: the reply; ``actor``.
notice_replied = _signals.signal("programmes.notice-replied")
