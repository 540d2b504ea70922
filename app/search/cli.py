"""`flask search reindex`: rebuild the search index from the data."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from app.search.index import reindex

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index (after a restore or an upgrade that adds kinds)."""
    written = reindex()
    db.session.commit()
    click.echo(f"Search index rebuilt: {written} entries.")
