"""Published documents corrected by dated revisions (the consultation report, the programme's
implementation report): a published text is never edited in place; a correction is a new
revision with a reason shown publicly, and the earlier revisions stay readable.

The templates' side is ``_macros/revisions.html`` (the correction notice and the history).
Each document is named as the law names it, so the wording that names it comes from its wing:
the notice's sentence is passed to the macro (``corrected``; the consultation's "raport" by
default, the programme's "sprawozdanie" its own), and each wing says the refusal of a
:class:`MissingCorrectionReason` in its own words.
"""

from __future__ import annotations

from app.common.domain import DomainError


class MissingCorrectionReason(DomainError):
    """A published report is corrected only with a reason, shown publicly."""


def correction_reason(reason: str | None) -> str:
    """The public reason of a correction, stripped.

    :raises MissingCorrectionReason: it is empty.
    """
    reason = (reason or "").strip()
    if not reason:
        raise MissingCorrectionReason()
    return reason
