"""Command line for the priorities feature: ``flask priorities recount FILE.pb [--method ...]``.

A plain click group (not a Flask ``AppGroup``): a recount is pure computation on a downloaded
file, so it needs no application context and no database. The app factory registers it with
``app.cli.add_command(priorities_cli)``. The counting and the printed text are the counting
engine's own (:mod:`votecount.cli`: ``recount_file`` and ``render``), so this command prints
exactly what ``votecount`` (or ``python -m votecount``) prints for the same file and method.
"""

from __future__ import annotations

from pathlib import Path

import click

from votecount import UnknownRule, rule
from votecount.cli import RecountError, recount_file, render

priorities_cli = click.Group(
    "priorities",
    help="Priority votes: recount published ballots with the counting engine.",
)


def _known_rule(_context, _parameter, value: str | None) -> str | None:
    """Any rule of the engine's registry (``greedy``, ``mes``, ``equalshares/add1-comparison``,
    ...); an unknown name is a usage error that lists the known ones."""
    if value is None:
        return None
    try:
        rule(value)
    except UnknownRule as error:
        raise click.BadParameter(str(error)) from None
    return value


@priorities_cli.command("recount")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--method",
    "method",
    default=None,
    callback=_known_rule,
    help="The rule to apply, overriding the one the file names (META rule); any rule of the "
    "counting engine, e.g. greedy, mes, equalshares/add1.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a summary.")
@click.option(
    "--shares",
    is_flag=True,
    help="With --json and the Method of Equal Shares: add what every ballot paid for each "
    "funded option (as the published results do).",
)
def recount(file: Path, method: str | None, as_json: bool, shares: bool) -> None:
    """Recount the ballots of a pabulib FILE (.pb) with the rule it names (or METHOD)."""
    try:
        counted = recount_file(file, method)
    except RecountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(render(counted, as_json, shares))
