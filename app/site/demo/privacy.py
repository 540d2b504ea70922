"""Demo consents (issue 16, item 3): every demo account agreed to the privacy notice when it was
created, as the registration form records it, so "Download your data" shows a consent."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.auth import services as auth_services
from app.auth.models import ConsentKind, User
from app.extensions import db

#: The registration form's sentence, as a Polish visitor ticks it.
CONSENT_TEXT = (
    "Wyrażam zgodę na przetwarzanie moich danych osobowych w celu prowadzenia mojego konta, "
    "na zasadach opisanych w klauzuli informacyjnej."
)


def create_demo_consents() -> None:
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    for user in db.session.scalars(select(User).order_by(User.id)):
        auth_services.record_consent(
            user, ConsentKind.PRIVACY_NOTICE, version, CONSENT_TEXT, user.created_at
        )
    db.session.flush()
