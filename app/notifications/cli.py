"""``flask notifications send|digest|tick``: the cron side of notifications (see README)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.common.timeutil import utcnow
from app.extensions import db

notifications_cli = AppGroup("notifications", help="Deliver e-mail and record reminders.")


def _site_context():
    """Links in e-mails are built for SITE_URL (there is no request in a cron job)."""
    return current_app.test_request_context("/", base_url=current_app.config["SITE_URL"])


@notifications_cli.command("send")
@click.option("--limit", type=int, default=None, help="Messages claimed at a time.")
def send_command(limit: int | None) -> None:
    """Send the outbox's due messages; safe to run in several processes at once."""
    from app.notifications.outbox import send_due

    with _site_context():
        summary = send_due(limit)
    click.echo(f"sent: {summary.sent}, to retry: {summary.retried}, failed: {summary.failed}")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Write one message per person with notifications awaiting the daily digest."""
    from app.notifications.outbox import build_digests

    with _site_context():
        written = build_digests()
    click.echo(f"digests written: {written}")


@notifications_cli.command("tick")
def tick_command() -> None:
    """Record due reminders: stages opened, stages closing in 3 days, deadlines in 7 days."""
    from app.notifications.reminders import run_reminders

    with _site_context():
        result = run_reminders(utcnow())
        db.session.commit()
    click.echo(", ".join(f"{key}: {value}" for key, value in result.items()))
