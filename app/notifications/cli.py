"""``flask notifications send|digest``: the cron side of notifications (see README); ``tick``
is added by the site wing (``app/site/cli.py``), since reminders read several wings."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Deliver e-mail and record reminders.")


def site_context():
    """Links in e-mails are built for SITE_URL (there is no request in a cron job)."""
    return current_app.test_request_context("/", base_url=current_app.config["SITE_URL"])


@notifications_cli.command("send")
@click.option("--limit", type=int, default=None, help="Messages claimed at a time.")
def send_command(limit: int | None) -> None:
    """Send the outbox's due messages; safe to run in several processes at once."""
    from app.common.outbox import send_due

    with site_context():
        summary = send_due(limit)
    click.echo(f"sent: {summary.sent}, to retry: {summary.retried}, failed: {summary.failed}")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Write one message per person with notifications awaiting the daily digest."""
    from app.notifications.digest import build_digests

    with site_context():
        written = build_digests()
    click.echo(f"digests written: {written}")
