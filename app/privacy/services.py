"""Deleting one's account (as anonymisation) and the retention rules. Services flush, never commit.

Deletion keeps the user row, emptied of personal data, because what the person sent on behalf of
an organization belongs to the organization's public record (RODO art. 17(3)(b) and (d)); every
page shows such contributions under the organization's name only (``User.is_deleted``). An
official's or administrator's audited actions keep a pseudonym ("Konto usunięte #<id>"), so the
log still tells actions of one account apart without naming the person.

Requests for accessible content (the accessibility statement's form, ``app.settings``) are
anyone's, with no link to an account; they are the person's when sent from the account's
confirmed address (``app.privacy.queries``). See :func:`settle_access_requests` for what a
deletion does to them and :func:`erase_handled_access_requests` for their retention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from app.auth.models import Role, User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.common.models import AuditEntry, OutboxMessage
from app.extensions import db
from app.meetings.models import MeetingRegistration
from app.notifications.models import Follow, Notification, NotificationPreference, Reminder
from app.organizations.models import Membership
from app.privacy.queries import access_requests_filed_by
from app.settings.models import AccessRequest
from app.settings.states import PENDING

#: What a deleted account is called wherever its row is still referenced.
DELETED_NAME = "Konto usunięte"
#: The address domain of deleted accounts (".invalid" can never receive mail, RFC 2606).
DELETED_EMAIL_DOMAIN = "deleted.invalid"
#: A password hash no password matches (werkzeug's check fails on a hash without "$").
UNUSABLE_PASSWORD = "!deleted"  # noqa: S105 - not a password: a hash nothing matches
#: The requester's name left on an access request whose personal data is erased (the person
#: need not have had an account, hence not "Konto usunięte").
ERASED_REQUESTER_NAME = "Osoba usunięta"


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
    #: Access requests sent from the account's address: answered or closed ones whose personal
    #: fields were erased, and ones still being handled, kept for the office's answer.
    access_requests_erased: int = 0
    access_requests_kept: int = 0


@dataclass(frozen=True)
class RetentionResult:
    accounts_anonymised: int
    notifications_deleted: int
    access_requests_erased: int


def pseudonym(user: User) -> str:
    """The name a deleted account keeps: officials' with the id, so the audit log stays legible."""
    return f"{DELETED_NAME} #{user.id}" if user.is_official else DELETED_NAME


def _count_and_delete(model, *where) -> int:
    count = db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
    if count:
        db.session.execute(delete(model).where(*where))
    return count


def erase_requester(request: AccessRequest, **details) -> None:
    """Erase the requester's name, address and phone from an access request, keeping what was
    asked, the dates, the state and the office's answer (audited without personal data)."""
    request.name = ERASED_REQUESTER_NAME
    request.email = ""
    request.phone = ""
    record_audit(
        None, Action.ACCESS_REQUEST_ERASE, request, label=request.concerns[:300], **details
    )


def settle_access_requests(user: User) -> tuple[int, int]:
    """What deleting the account does to the access requests sent from its address; returns
    (erased, kept). Call before the address is removed.

    - A request still being handled (open or extended) is kept whole: the office has a
      statutory duty to answer it (art. 18 of the digital accessibility act) and needs the name
      and address for that (RODO art. 17(3)(b)). It was never linked to the account other than
      by the address, which the deletion removes from the account: from then on it is a request
      like any filed without an account, and the retention rule erases its personal fields once
      it is answered or closed.
    - An answered or closed request stays in the office's register of requests (what was asked,
      when, and the answer, which the office may have to show, e.g. to the Ombudsman on a
      complaint), but nobody needs to know any more who asked: the name becomes
      ``ERASED_REQUESTER_NAME`` and the e-mail address and phone are emptied, as the account's
      own row keeps a pseudonym instead of the name.
    """
    requests = db.session.scalars(access_requests_filed_by(user)).all()
    erased = kept = 0
    for request in requests:
        if request.state in PENDING:
            kept += 1
        else:
            erase_requester(request, cause="account_deleted")
            erased += 1
    db.session.flush()  # before anonymise_user expires the session
    return erased, kept


def anonymise_user(user: User, now: datetime) -> Removed:
    """Remove the person's data and leave a nameless row behind; flushes."""
    requests_erased, requests_kept = settle_access_requests(user)
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
        access_requests_erased=requests_erased,
        access_requests_kept=requests_kept,
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
        erased_access_requests=removed.access_requests_erased,
        kept_access_requests=removed.access_requests_kept,
    )
    db.session.flush()
    return removed


def erase_handled_access_requests(now: datetime, days: int) -> int:
    """Erase the requester's personal fields (:func:`erase_requester`) from access requests
    answered or closed more than ``days`` ago; returns how many. The request and the answer
    stay in the office's register; an open request is never touched (the office must answer)."""
    due = db.session.scalars(
        select(AccessRequest).where(
            AccessRequest.state.not_in([str(state) for state in PENDING]),
            AccessRequest.handled_at < now - timedelta(days=days),
            or_(
                AccessRequest.email != "",
                AccessRequest.phone != "",
                AccessRequest.name != ERASED_REQUESTER_NAME,
            ),
        )
    ).all()
    for request in due:
        erase_requester(request, cause="retention", days=days)
    return len(due)


def apply_retention(
    now: datetime, unconfirmed_days: int, read_notification_days: int, access_request_days: int
) -> RetentionResult:
    """Anonymise members' accounts never confirmed within ``unconfirmed_days``, delete
    notifications read more than ``read_notification_days`` ago and erase the requesters' data
    from access requests answered or closed more than ``access_request_days`` ago; flushes."""
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
    access_requests = erase_handled_access_requests(now, access_request_days)
    db.session.flush()
    return RetentionResult(
        accounts_anonymised=len(stale),
        notifications_deleted=notifications,
        access_requests_erased=access_requests,
    )
