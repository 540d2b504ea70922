"""The recount command: ``votecount FILE.pb [--method RULE] [--json]`` (or ``python -m votecount``).

Without ``--method`` the file's own META ``rule`` is applied when it is a rule we know, and the
output says so; ``--method`` overrides it. A rule we do not know (or cannot apply from the file
alone) is an error, never another rule's answer. When the file records an outcome (a ``selected``
column in PROJECTS), the output says whether the recount reproduces it.

Standard library only, like the rest of the engine: the options are parsed with :mod:`argparse`.
The web app's ``flask priorities recount`` parses its options with click and prints the same
text through :func:`count_file` and :func:`render`, so both commands give identical output.

Exit status: 0 on success, 1 when the file cannot be counted (one ``Error: ...`` line on standard
error, never a traceback), 2 for a wrong command line, 3 with ``--check`` when the file records
an outcome and the recount does not reproduce it (or it records none).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike, fspath, path

from .model import CountingError
from .pabulib import OfficialSelection, PbFile, read_pb
from .results import BudgetResult, PointsResult, RankingResult, TallyResult, json_number, money
from .rules import UnknownRule, known_names, rule


class RecountError(Exception):
    """The file cannot be counted; the message names the file and the problem."""


@dataclass(frozen=True)
class Comparison:
    """How a recount compares with the outcome the file records.

    :param official: the projects the file marks as selected by the rule.
    :param missing: officially funded, not in the recount (file order).
    :param extra: in the recount, not officially funded (recount order).
    :param outside: projects the file marks otherwise (e.g. ``2``: funded outside the rule),
        not compared.
    """

    official: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    outside: tuple[tuple[str, str], ...]

    @property
    def reproduced(self) -> bool:
        return not self.missing and not self.extra

    def as_dict(self) -> dict:
        return {
            "reproduced": self.reproduced,
            "selected": list(self.official),
            "missing": list(self.missing),
            "extra": list(self.extra),
            "not_compared": {project: mark for project, mark in self.outside},
        }


@dataclass(frozen=True)
class Recount:
    """A recount of a file: the result, which rule was applied and why, and the comparison.

    :param rule: the canonical name of the rule applied.
    :param source: ``"method"`` (given on the command line) or ``"file"`` (the META ``rule``).
    :param official: the comparison with the file's ``selected`` column (``None`` without one,
        or for ranked results, which the column does not describe).
    :param warnings: what the file reading was lenient about (line-numbered).
    :param hint: when the official outcome is not reproduced and a tie decided the recount: the
        rule, differing only in how it orders equal votes, that does reproduce it (if any). It is
        a suggestion; the result stays the one of the rule applied.
    """

    result: TallyResult
    rule: str
    source: str
    official: Comparison | None
    warnings: tuple[str, ...]
    hint: str | None = None


def recount_file(file: str | PathLike[str], method: str | None = None) -> Recount:
    """Read ``file`` and count it with ``method``, or with the rule its META names.

    :raises RecountError: the file cannot be read or counted, names no rule (and no method was
        given), or names a rule that is unknown or cannot be applied from the file.
    """
    file = fspath(file)
    try:
        pb = read_pb(file)
    except UnicodeDecodeError as error:
        raise RecountError(f"{file}: not a UTF-8 text file ({error.reason})") from None
    except CountingError as error:
        raise RecountError(f"{file}: {error}") from None
    source = "method"
    name = method
    if name is None:
        name, source = pb.rule, "file"
        if name is None:
            raise RecountError(
                f"{file}: the file does not name its rule (META rule); choose one with --method"
            )
    try:
        chosen = rule(name)
        result = chosen.count(pb.to_election(), name.strip())
    except UnknownRule as error:
        where = "the file's META rule: " if source == "file" else ""
        raise RecountError(f"{file}: {where}{error}") from None
    except CountingError as error:
        raise RecountError(f"{file}: {error}") from None
    official = _compare(pb, result)
    hint = None
    if official is not None and not official.reproduced and result.ties:
        hint = _tie_hint(pb, chosen.name)
    return Recount(result, chosen.name, source, official, pb.warnings, hint)


def _tie_hint(pb: PbFile, name: str) -> str | None:
    """A greedy rule ordering equal votes as the file lists them, if it reproduces the file."""
    if name not in ("greedy", "greedy-no-skip", "greedy-threshold"):
        return None
    other = f"{name}-tie-file"
    comparison = _compare(pb, rule(other).count(pb.to_election(), other))
    return other if comparison is not None and comparison.reproduced else None


def count_file(file: str | PathLike[str], method: str | None = None) -> TallyResult:
    """Read ``file`` and count it; every input problem becomes a :class:`RecountError`."""
    return recount_file(file, method).result


def _compare(pb: PbFile, result: TallyResult) -> Comparison | None:
    official: OfficialSelection | None = pb.official_selection()
    if official is None or not isinstance(result, BudgetResult):
        return None
    ours = set(result.selected)
    recorded = set(official.selected)
    outside = {project for project, _ in official.other}
    return Comparison(
        official=official.selected,
        missing=tuple(project for project in official.selected if project not in ours),
        extra=tuple(
            project
            for project in result.selected
            if project not in recorded and project not in outside
        ),
        outside=official.other,
    )


def render(result: TallyResult | Recount, as_json: bool, shares: bool = False) -> str:
    """What the command prints: the published JSON object, or a short summary.

    For a :class:`Recount` the JSON adds ``"rule_source": "file"`` when the rule came from the
    file, ``official`` (the comparison) when the file records an outcome and ``notes`` when the
    reading was lenient; the rest is exactly the published outcome.
    """
    recount = result if isinstance(result, Recount) else None
    tally = recount.result if recount is not None else result
    if as_json:
        import json

        data = (
            tally.as_dict(shares=True)
            if shares and isinstance(tally, BudgetResult)
            else (tally.as_dict())
        )
        if recount is not None:
            if recount.source == "file":
                data["rule_source"] = "file"
            if recount.official is not None:
                data["official"] = recount.official.as_dict()
            if recount.warnings:
                data["notes"] = list(recount.warnings)
            if recount.hint:
                data["hint"] = recount.hint
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = []
    if recount is not None:
        lines.append(_rule_line(recount))
    lines.append(summary(tally))
    if recount is not None:
        lines.extend(_official_lines(recount.official))
        if recount.hint:
            lines.append(
                f"  A tie decided this recount; with equal votes ordered as the file lists its "
                f"projects (--method {recount.hint}) the official outcome is reproduced."
            )
        lines.extend(_warning_lines(recount.warnings))
    return "\n".join(lines)


def _rule_line(recount: Recount) -> str:
    asked = recount.result.method
    alias = f" ({asked!r} is another name for it)" if asked != recount.rule else ""
    if recount.source == "file":
        return f"Rule: {recount.rule}{alias}, the rule the file names (META rule)"
    return f"Rule: {recount.rule}{alias}, given with --method"


def _official_lines(comparison: Comparison | None) -> list[str]:
    if comparison is None:
        return []
    size = len(comparison.official)
    if comparison.reproduced:
        lines = [f"Official outcome (selected column, {size} option(s)): reproduced exactly"]
    else:
        lines = [f"Official outcome (selected column, {size} option(s)): NOT reproduced"]
        if comparison.missing:
            lines.append(
                f"  officially funded, not in this recount: {', '.join(comparison.missing)}"
            )
        if comparison.extra:
            lines.append(f"  in this recount, not officially funded: {', '.join(comparison.extra)}")
    if comparison.outside:
        marked = ", ".join(f"{project} ({mark})" for project, mark in comparison.outside)
        lines.append(f"  marked otherwise in the file, not compared: {marked}")
    return lines


def _warning_lines(warnings: tuple[str, ...], shown: int = 5) -> list[str]:
    if not warnings:
        return []
    lines = [f"Notes on reading the file ({len(warnings)}):"]
    lines += [f"  {warning}" for warning in warnings[:shown]]
    if len(warnings) > shown:
        lines.append(f"  ... and {len(warnings) - shown} more (all are in --json)")
    return lines


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or "votecount",
        description=(
            "Recount the ballots of a pabulib FILE (.pb) and print the result. Without "
            "--method, the rule the file names (META rule) is applied."
        ),
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help="a pabulib .pb file")
    parser.add_argument(
        "--method",
        metavar="RULE",
        help="The rule to apply, overriding the file's META rule (see --list-rules).",
    )
    parser.add_argument(
        "--json",
        dest="as_json",
        action="store_true",
        help="Print one JSON object instead of a summary.",
    )
    parser.add_argument(
        "--shares",
        action="store_true",
        help="With --json and the Method of Equal Shares: add what every ballot paid for each "
        "funded option.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="Exit with status 3 unless the file records an outcome and the recount reproduces it.",
    )
    parser.add_argument(
        "--list-rules", action="store_true", help="List the rules known by name and exit."
    )
    return parser


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the recount command on ``argv`` (default: the process's arguments).

    The cyclic garbage collector is paused while it runs: a recount builds tens of thousands of
    small objects that never form cycles (they are freed as usual), and the collector's passes
    over them would cost a third of the time of reading a large file.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv, prog)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, prog: str | None) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.list_rules:
        return _print("\n".join(f"{name}: {rule(name).summary}" for name in known_names()))
    file: str | None = args.file
    if file is None:
        parser.error("the following arguments are required: FILE")
    if not path.exists(file):
        parser.error(f"argument FILE: file '{file}' does not exist")
    if path.isdir(file):
        parser.error(f"argument FILE: file '{file}' is a directory")
    if args.method is not None:
        try:
            rule(args.method)
        except UnknownRule as error:
            parser.error(f"argument --method: {error}")
    try:
        recount = recount_file(file, args.method)
    except RecountError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    status = _print(render(recount, args.as_json, args.shares))
    if status == 0 and args.check and not (recount.official and recount.official.reproduced):
        return 3
    return status


def _print(text: str) -> int:
    try:
        print(text, flush=True)
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
    completion = [step for step in result.trace if step.kind == "mes_completion"]
    if completion and result.voter_budget is not None:
        runs = sum(1 for step in completion if step.computed)
        points = len(completion) + sum(step.repeat for step in completion)
        lines.append(
            f"Share per voter at the end of the completion: {_amount(result.voter_budget)} "
            f"({points} step(s) of the completion, {runs} of them counted)"
        )
    return lines


def _amount(value) -> str:
    """A share as a decimal, rounded to 2 places when it does not terminate early."""
    whole = value.numerator / value.denominator
    return f"{whole:.2f}" if value.denominator != 1 else str(value.numerator)


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
