"""Read helpers of the privacy wing: what another wing holds about one person without a link to
their account."""

from __future__ import annotations

from sqlalchemy import Select, false, func, select

from app.auth.models import User
from app.settings.models import AccessRequest


def access_requests_filed_by(user: User) -> Select:
    """The access requests (the accessibility statement's form) this person filed, oldest first.

    The form is open to anyone and the model keeps no link to an account, so a request is the
    person's when it was sent from the account's address (letter case aside). Only a confirmed
    address counts: an account can be used before its address is confirmed, and anybody could
    register with another person's address to read or erase that person's requests.
    """
    if not user.is_confirmed or user.is_deleted:
        return select(AccessRequest).where(false())
    return (
        select(AccessRequest)
        .where(func.lower(AccessRequest.email) == user.email.strip().lower())
        .order_by(AccessRequest.id)
    )
