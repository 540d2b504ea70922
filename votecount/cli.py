"""The recount command: ``votecount FILE.pb --method M [--json]`` (or ``python -m votecount``).

Standard library only, like the rest of the engine: the options are parsed with :mod:`argparse`.
The web app's ``flask priorities recount`` parses the same options with click and prints the same
text through :func:`count_file` and :func:`render`, so both commands give identical output.

Exit status: 0 on success, 1 when the file cannot be counted (one ``Error: ...`` line on standard
error, never a traceback), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import TALLY_METHODS, BudgetResult, CountingError, PointsResult, RankingResult, read_pb
from .results import TallyResult, json_number, money


class RecountError(Exception):
    """The file cannot be counted; the message names the file and the problem."""


def count_file(file: Path, method: str) -> TallyResult:
    """Read ``file`` and count it; every input problem becomes a :class:`RecountError`."""
    try:
        election = read_pb(file).to_election()
        return TALLY_METHODS[method](election)
    except UnicodeDecodeError as error:
        raise RecountError(f"{file}: not a UTF-8 text file ({error.reason})") from None
    except CountingError as error:
        raise RecountError(f"{file}: {error}") from None


def render(result: TallyResult, as_json: bool) -> str:
    """What the command prints: the published JSON object, or a short summary."""
    if as_json:
        return json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
    return summary(result)


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or "votecount",
        description="Recount the ballots of a pabulib FILE (.pb) with METHOD and print the result.",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="a pabulib .pb file")
    parser.add_argument(
        "--method",
        required=True,
        choices=list(TALLY_METHODS),
        help="Counting method to apply to the ballots in FILE.",
    )
    parser.add_argument(
        "--json",
        dest="as_json",
        action="store_true",
        help="Print one JSON object instead of a summary.",
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the recount command on ``argv`` (default: the process's arguments)."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    file: Path = args.file
    if not file.exists():
        parser.error(f"argument FILE: file '{file}' does not exist")
    if file.is_dir():
        parser.error(f"argument FILE: file '{file}' is a directory")
    try:
        result = count_file(file, args.method)
    except RecountError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    try:
        print(render(result, args.as_json), flush=True)
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, like click does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


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
