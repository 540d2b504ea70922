"""Command line for the priorities feature: ``flask priorities recount FILE.pb --method ...``.

A plain click group (not a Flask ``AppGroup``): a recount is pure computation on a downloaded
file, so it needs no application context and no database. The app factory registers it with
``app.cli.add_command(priorities_cli)``; ``python -m app.priorities.counting`` runs the same
``recount`` command without Flask.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from app.priorities.counting import (
    TALLY_METHODS,
    BudgetResult,
    CountingError,
    PointsResult,
    RankingResult,
    TallyResult,
    read_pb,
)
from app.priorities.counting.results import json_number, money

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
    result = count_file(file, method)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary(result))


def count_file(file: Path, method: str) -> TallyResult:
    """Read ``file`` and count it; every input problem becomes a :class:`click.ClickException`."""
    try:
        election = read_pb(file).to_election()
        return TALLY_METHODS[method](election)
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file}: not a UTF-8 text file ({error.reason})") from None
    except CountingError as error:
        raise click.ClickException(f"{file}: {error}") from None


def summary(result: TallyResult) -> str:
    """A short human-readable account of ``result`` (the full trace is in ``--json``)."""
    if isinstance(result, BudgetResult):
        lines = _budget_summary(result)
    elif isinstance(result, RankingResult):
        lines = _ranking_summary(result)
    elif isinstance(result, PointsResult):
        lines = _points_summary(result)
    else:  # pragma: no cover - every method returns one of the three
        raise TypeError(type(result).__name__)
    lines.extend(_ties_summary(result))
    return "\n".join(lines)


def _budget_summary(result: BudgetResult) -> list[str]:
    lines = [
        f"Method: {result.method}",
        f"Budget: {money(result.budget)}",
        f"Selected {len(result.selected)} option(s), total cost {money(result.total_cost)}, "
        f"left over {money(result.leftover)}",
    ]
    lines += [f"  {number}. {option}" for number, option in enumerate(result.selected, 1)]
    return lines


def _ranking_summary(result: RankingResult) -> list[str]:
    lines = [f"Method: {result.method}", f"Winner(s): {', '.join(result.winners) or '-'}"]
    lines.append("Ranking:")
    for position, group in enumerate(result.ranking, 1):
        score = result.scores.get(group[0])
        shown = "" if score is None else f"  (score {json_number(score)})"
        tied = "  [tie]" if len(group) > 1 else ""
        lines.append(f"  {position}. {', '.join(group)}{shown}{tied}")
    return lines


def _points_summary(result: PointsResult) -> list[str]:
    lines = [f"Method: {result.method}", "Totals:"]
    lines += [f"  {option}: {total}" for option, total in result.totals.items()]
    if result.allocation is not None:
        lines.append(
            f"Allocation of {money(result.budget)} in units of {money(result.rounding_unit)}:"
        )
        lines += [f"  {option}: {money(amount)}" for option, amount in result.allocation.items()]
    elif result.budget is not None:
        lines.append("No allocation: no points were given.")
    return lines


def _ties_summary(result: TallyResult) -> list[str]:
    if not result.ties:
        return ["Ties: none"]
    lines = ["Ties:"]
    for tie in result.ties:
        favoured = f" -> {', '.join(tie.favoured)}" if tie.favoured else ""
        lines.append(
            f"  {tie.stage.value} {tie.position}: {', '.join(tie.options)}"
            f" ({tie.rule.value}){favoured}"
        )
    return lines
