"""State changes for accounts. Services flush but never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app.auth.models import Consent, ConsentKind, Role, User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.extensions import db


class WrongPassword(DomainError):
    pass


class AccountDeleted(InvalidState):
    """The account was deleted (anonymised) by its owner: it cannot be reactivated or promoted."""


class ReasonRequired(DomainError):
    """Deactivating someone's account needs a reason (it is kept in the audit log)."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def register_user(
    name: str, email: str, password: str, locale: str, now: datetime
) -> tuple[User, bool]:
    """Create an unconfirmed account; return (user, created).

    When the address is taken the existing account is returned with ``created=False``: the view
    answers the same either way and e-mails the owner, so registration reveals no accounts.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        return existing, False
    user = User(name=name.strip(), email=normalize_email(email), locale=locale, created_at=now)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user, True


def record_consent(
    user: User, kind: ConsentKind, version: str, text: str, now: datetime
) -> Consent:
    """Keep what the person agreed to: the kind, the text's version and wording, and when."""
    consent = Consent(user_id=user.id, kind=kind, version=version, text=text, given_at=now)
    db.session.add(consent)
    return consent


def confirm_email(user: User, email_in_token: str, now: datetime) -> bool:
    """Mark the address confirmed; return False when the token was for another address."""
    if normalize_email(email_in_token) != user.email:
        return False
    if user.confirmed_at is None:
        user.confirmed_at = now
    return True


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise WrongPassword()
    user.set_password(new)


def reset_password(user: User, new: str) -> None:
    user.set_password(new)


def reset_fingerprint(user: User) -> str:
    """Part of the password hash put in reset links, so a link works only until it is used."""
    return user.password_hash[-16:]


def update_profile(user: User, name: str, locale: str) -> None:
    user.name = name.strip()
    user.locale = locale


def change_role(actor: User, user: User, role: Role, reason: str | None) -> None:
    """Grant or revoke the official/admin role; an admin cannot demote themself."""
    if user.is_deleted:
        raise AccountDeleted()
    if actor.id == user.id:
        raise InvalidState("own role")
    if user.role == role:
        return
    previous = user.role
    user.role = role
    record_audit(actor, Action.ROLE_CHANGE, user, reason=reason, previous=previous, new=str(role))


def set_active(actor: User, user: User, active: bool, reason: str | None) -> None:
    """Deactivate or reactivate an account; nobody can deactivate themself.

    :raises ReasonRequired: deactivating without a reason.
    """
    if user.is_deleted:
        raise AccountDeleted()
    if actor.id == user.id:
        raise InvalidState("own account")
    reason = (reason or "").strip() or None
    if not active and reason is None:
        raise ReasonRequired()
    if user.is_active_account == active:
        return
    user.is_active_account = active
    record_audit(actor, Action.REACTIVATE if active else Action.DEACTIVATE, user, reason=reason)
