"""Deleting one's account (as anonymisation) and the retention rules. Services flush, never commit.

Deletion keeps the user row, emptied of personal data, because what the person sent on behalf of
an organization belongs to the organization's public record (RODO art. 17(3)(b) and (d)); every
page shows such contributions under the organization's name only (``User.is_deleted``). An
official's or administrator's audited actions keep a pseudonym ("Konto usunięte #<id>"), so the
log still tells actions of one account apart without naming the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from app.auth.models import Role, User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.common.models import AuditEntry, OutboxMessage
from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.notifications.models import Follow, Notification, NotificationPreference, Reminder
from app.organizations.models import Membership

#: What a deleted account is called wherever its row is still referenced.
DELETED_NAME = "Konto usunięte"
#: The address domain of deleted accounts (".invalid" can never receive mail, RFC 2606).
DELETED_EMAIL_DOMAIN = "deleted.invalid"
#: A password hash no password matches (werkzeug's check fails on a hash without "$").
UNUSABLE_PASSWORD = "!deleted"  # noqa: S105 - not a password: a hash nothing matches


class WrongPassword(DomainError):
    """The password typed to confirm the deletion is not the account's."""


class LastAdministrator(InvalidState):
    """The only active administrator cannot delete their account: nobody could administer."""


@dataclass(frozen=True)
class Removed:
    """How many rows of each kind a deletion removed (kept in the audit entry, no personal data)."""

    follows: int
    notifications: int
    memberships: int
    registrations: int
    emails: int


@dataclass(frozen=True)
class RetentionResult:
    accounts_anonymised: int
    notifications_deleted: int


def pseudonym(user: User) -> str:
    """The name a deleted account keeps: officials' with the id, so the audit log stays legible."""
    return f"{DELETED_NAME} #{user.id}" if user.is_official else DELETED_NAME


def _count_and_delete(model, *where) -> int:
    count = db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
    if count:
        db.session.execute(delete(model).where(*where))
    return count


def anonymise_user(user: User, now: datetime) -> Removed:
    """Remove the person's data and leave a nameless row behind; flushes."""
    memberships = db.session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    name = pseudonym(user)
    # Audit labels written with the person's name ("Name — Organization", "Name").
    db.session.execute(
        update(AuditEntry)
        .where(AuditEntry.object_type == "users", AuditEntry.object_id == user.id)
        .values(object_label=name)
    )
    for membership in memberships:
        db.session.execute(
            update(AuditEntry)
            .where(AuditEntry.object_type == "memberships", AuditEntry.object_id == membership.id)
            .values(object_label=f"{name} — {membership.organization.name}")
        )
    removed = Removed(
        follows=_count_and_delete(Follow, Follow.user_id == user.id),
        notifications=_count_and_delete(Notification, Notification.user_id == user.id),
        memberships=_count_and_delete(Membership, Membership.user_id == user.id),
        registrations=_count_and_delete(
            MeetingRegistration, MeetingRegistration.user_id == user.id
        ),
        emails=_count_and_delete(OutboxMessage, OutboxMessage.user_id == user.id),
    )
    _count_and_delete(NotificationPreference, NotificationPreference.user_id == user.id)
    _count_and_delete(Reminder, Reminder.user_id == user.id)
    db.session.expire_all()
    user.name = name
    user.email = f"deleted-{user.id}@{DELETED_EMAIL_DOMAIN}"
    # A new hash also voids every password-reset link (they carry part of the old hash) and the
    # changed address voids every confirmation link.
    user.password_hash = UNUSABLE_PASSWORD
    user.locale = None
    user.last_login_at = None
    user.is_active_account = False  # the user loader refuses it: every session ends
    user.deleted_at = now
    db.session.flush()
    return removed


def delete_account(user: User, password: str, now: datetime) -> Removed:
    """The person deletes their own account, confirming with their password.

    :raises WrongPassword: the password does not match.
    :raises LastAdministrator: the only active administrator.
    """
    if not user.check_password(password):
        raise WrongPassword()
    if user.role == Role.ADMIN:
        admins = db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.is_active_account.is_(True))
        )
        if (admins or 0) <= 1:
            raise LastAdministrator()
    role = user.role
    removed = anonymise_user(user, now)
    record_audit(
        user,
        Action.ACCOUNT_DELETE,
        user,
        role=role,
        removed_follows=removed.follows,
        removed_notifications=removed.notifications,
        removed_memberships=removed.memberships,
        removed_registrations=removed.registrations,
    )
    db.session.flush()
    return removed


def apply_retention(
    now: datetime, unconfirmed_days: int, read_notification_days: int
) -> RetentionResult:
    """Anonymise members' accounts never confirmed within ``unconfirmed_days`` and delete
    notifications read more than ``read_notification_days`` ago; flushes."""
    stale = db.session.scalars(
        select(User).where(
            User.confirmed_at.is_(None),
            User.deleted_at.is_(None),
            User.role == Role.MEMBER,
            User.created_at < now - timedelta(days=unconfirmed_days),
        )
    ).all()
    for user in stale:
        anonymise_user(user, now)
        record_audit(None, Action.RETENTION_ANONYMISE, user, days=unconfirmed_days)
    notifications = _count_and_delete(
        Notification,
        Notification.read_at.is_not(None),
        Notification.read_at < now - timedelta(days=read_notification_days),
    )
    db.session.flush()
    return RetentionResult(accounts_anonymised=len(stale), notifications_deleted=notifications)
