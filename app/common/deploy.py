"""``flask deploy migrate``: apply the migrations at start-up, safely from several instances.

Every app container (or systemd unit) runs this before gunicorn. On PostgreSQL the upgrade runs
inside a session-level advisory lock, so when several instances start together one migrates and
the others wait, then find nothing left to do. SQLite (development) has one process: no lock.
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import text

from app.extensions import db

deploy_cli = AppGroup("deploy", help="Production start-up: migrations under a lock.")

#: The advisory lock's key: any fixed 64-bit number, the same in every instance.
MIGRATION_LOCK_KEY = 0x6B6F6E73756C7461  # "konsulta"


@deploy_cli.command("migrate")
@click.option("--wait", default=60, show_default=True, help="Seconds to wait for the database.")
def migrate_command(wait: int) -> None:
    """Wait for the database, then ``flask db upgrade`` under a PostgreSQL advisory lock."""
    from flask_migrate import upgrade

    _wait_for_database(wait)
    engine = db.engine
    if engine.dialect.name != "postgresql":
        upgrade()
        click.echo("migrations applied (no lock: not PostgreSQL)")
        return
    with engine.connect() as lock_connection:
        started = time.monotonic()
        lock_connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        waited = time.monotonic() - started
        try:
            upgrade()
        finally:
            lock_connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            lock_connection.commit()
    click.echo(f"migrations applied under the advisory lock (waited {waited:.1f} s for it)")


def _wait_for_database(seconds: int) -> None:
    """Retry a trivial query until the database answers (containers start in any order)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return
        except Exception as error:  # any failure to connect means "not yet"
            if time.monotonic() >= deadline:
                raise click.ClickException(f"the database does not answer: {error}") from error
            time.sleep(1)
