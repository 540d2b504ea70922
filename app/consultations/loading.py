"""Loading a consultation round for a page: the one loader every wing's views use."""

from __future__ import annotations

from flask_login import current_user

from app.common.authz import require
from app.common.web import get_or_404
from app.consultations.models import Consultation
from app.consultations.permissions import can_view_round


def round_or_404(consultation_id: int) -> Consultation:
    """The round, or 404; 403 when the person may not see it (a draft, for a non-official)."""
    consultation = get_or_404(Consultation, consultation_id)
    require(can_view_round(current_user, consultation))
    return consultation
