"""Command line for the priorities feature: ``flask priorities recount FILE.pb --method ...``.

A plain click group (not a Flask ``AppGroup``): a recount is pure computation on a downloaded
file, so it needs no application context and no database. The app factory registers it with
``app.cli.add_command(priorities_cli)``. The counting and the printed text are the counting
engine's own (:mod:`votecount.cli`: ``recount_file`` and ``render``), so this command prints
exactly what ``votecount`` (or ``python -m votecount``) prints for the same file and method.
"""

from __future__ import annotations

from pathlib import Path

import click

from votecount import TALLY_METHODS
from votecount.cli import RecountError, recount_file, render

priorities_cli = click.Group(
    "priorities",
    help="Priority votes: recount published ballots with the counting engine.",
)


@priorities_cli.command("recount")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--method",
    "method",
    required=True,
    type=click.Choice(list(TALLY_METHODS)),
    help="Counting method to apply to the ballots in FILE.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a summary.")
def recount(file: Path, method: str, as_json: bool) -> None:
    """Recount the ballots of a pabulib FILE (.pb) with METHOD and print the result."""
    try:
        counted = recount_file(file, method)
    except RecountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(render(counted, as_json))
