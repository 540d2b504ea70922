"""Delivering the outbox: claim due messages atomically, send them, retry with back-off.

Several workers may run at once (cron overlapping itself, or one per host): a message is claimed
by one UPDATE that marks it "sending" under the worker's name, and on PostgreSQL the rows to
claim are chosen with ``FOR UPDATE SKIP LOCKED``, so no two workers ever claim the same message.
SQLite has a single writer, which serialises the claims by itself.

A worker that dies after claiming leaves its messages "sending"; they are claimed again once
the claim is older than ``OUTBOX_STALE_CLAIM_SECONDS`` (such a message may then, rarely, be sent
twice: the only case where at-most-once is traded for never-lost).

Account and ballot e-mails (confirmation, password reset, receipts, decisions) go the same way:
:func:`queue_email` writes them in the transaction of the change they report, and
:func:`deliver_queued`, called after the commit, sends them at once. When the mail server does
not answer, the page still works and the worker retries, as for notifications.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_mail import Message
from sqlalchemy import and_, inspect, or_, select, update

from app.common.mail import render_email, sender
from app.common.models import OutboxMessage, OutboxStatus
from app.common.request_scope import request_scope
from app.common.timeutil import utcnow
from app.extensions import db, mail


@dataclass
class SendSummary:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_due(worker: str, now: datetime, limit: int) -> list[int]:
    """Mark up to ``limit`` due messages as being sent by ``worker``; return their ids."""
    stale = now - timedelta(seconds=current_app.config["OUTBOX_STALE_CLAIM_SECONDS"])
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                and_(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now,
                ),
                and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_at < stale,
                ),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed)


def _deliver(message: OutboxMessage) -> None:
    if current_app.config.get("MAIL_TO_CONSOLE"):
        current_app.logger.warning(
            "E-mail to %s\nSubject: %s\n\n%s",
            message.to_address,
            message.subject,
            message.text_body,
        )
        return
    mail.send(
        Message(
            subject=message.subject,
            recipients=[message.to_address],
            body=message.text_body,
            html=message.html_body or None,
            extra_headers=dict(message.headers or {}),
            sender=sender(),
        )
    )


def _backoff(attempts: int) -> timedelta:
    steps = current_app.config["OUTBOX_BACKOFF_SECONDS"]
    return timedelta(seconds=steps[min(attempts, len(steps)) - 1])


def _send_claimed(ids: list[int], worker: str, summary: SendSummary) -> None:
    """Send the messages ``worker`` has claimed, recording each outcome in its own commit."""
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    for message_id in ids:
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.claimed_by != worker:
            continue
        try:
            _deliver(message)
        except Exception as exc:  # noqa: BLE001 - any SMTP or network failure is retried
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.claimed_by = message.claimed_at = None
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
                summary.failed += 1
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = utcnow() + _backoff(message.attempts)
                summary.retried += 1
        else:
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            summary.sent += 1
        db.session.commit()


def send_due(limit: int | None = None, now: datetime | None = None) -> SendSummary:
    """Send every due message once (claim, send, record); return what happened."""
    summary = SendSummary()
    worker = worker_name()
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    while True:
        ids = claim_due(worker, now or utcnow(), limit)
        if not ids:
            return summary
        _send_claimed(ids, worker, summary)
        if len(ids) < limit:
            return summary


def queue_email(
    to: str, name: str, locale: str | None = None, user_id: int | None = None, **context: Any
) -> OutboxMessage:
    """Write the e-mail ``templates/emails/<name>.txt`` to the outbox, in the current
    transaction; call :func:`deliver_queued` after the commit to send it at once."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    subject, body = render_email(name, locale, **context)
    message = OutboxMessage(
        user_id=user_id,
        to_address=to,
        locale=locale,
        kind="immediate",
        subject=subject[:300],
        text_body=body,
        html_body="",
        headers={},
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    request_scope().setdefault("queued_email", []).append(message)
    return message


def deliver_queued() -> SendSummary:
    """Send now the messages this request queued and committed (one that fails stays pending
    for ``flask notifications send``, with its back-off)."""
    summary = SendSummary()
    queued = request_scope().pop("queued_email", [])
    # a message of a rolled-back transaction is no longer persistent: never sent
    ids = [message.id for message in queued if inspect(message).persistent]
    if not ids:
        return summary
    worker = worker_name()
    claimed = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=utcnow())
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    _send_claimed(sorted(claimed), worker, summary)
    return summary
