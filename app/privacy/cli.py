"""`flask privacy retention`: the retention rules, run daily by the scheduler (deploy/)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.common.timeutil import utcnow
from app.extensions import db
from app.privacy.services import apply_retention

privacy_cli = AppGroup("privacy", help="RODO (GDPR): retention of personal data.")


@privacy_cli.command("retention")
def retention_command() -> None:
    """Anonymise accounts never confirmed, delete old read notifications and erase the
    requesters' data from access requests handled long ago."""
    result = apply_retention(
        utcnow(),
        current_app.config["UNCONFIRMED_ACCOUNT_RETENTION_DAYS"],
        current_app.config["READ_NOTIFICATION_RETENTION_DAYS"],
        current_app.config["ACCESS_REQUEST_RETENTION_DAYS"],
    )
    db.session.commit()
    click.echo(
        f"Retention: {result.accounts_anonymised} unconfirmed accounts anonymised, "
        f"{result.notifications_deleted} read notifications deleted, "
        f"{result.access_requests_erased} handled access requests erased of personal data."
    )
