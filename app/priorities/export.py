"""The stored result as rows (page, chart, CSV) and as a JSON document; Polish number formats.

Only the stored :class:`~app.priorities.models.VoteResult` and the vote's options are read: no
recount, no ballots and nothing about voters, so the exports of a secret vote reveal nobody.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from app.common import tables
from app.priorities.kinds import BallotType
from app.priorities.models import Vote, VoteOption, VoteResult
from app.priorities.results import engine_ballot, pb_filename, recount_command
from app.priorities.rules import canonical_method, uses_budget
from votecount import UnknownRule


class Family(StrEnum):
    """How an outcome is shown: a ranking, points per option, or options funded by a budget."""

    RANKED = "ranked"
    POINTS = "points"
    BUDGET = "budget"


# ---------------------------------------------------------------------------------------------
# Polish number formats of scores, shares and exports (money on pages: app.common.money)


def exact_number(value: Any) -> Decimal | Fraction | int | None:
    """A stored number ("12.5", "1000/3", 3, 2.5) as an exact value."""
    if value is None or isinstance(value, (int, Decimal, Fraction)):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value)
    if "/" in text:
        return Fraction(text)
    return Decimal(text)


def decimal_pl(value: Any, places: int = 2) -> str:
    """``1234567.5`` → ``1 234 567,50`` (a fraction is rounded to ``places``)."""
    number = exact_number(value)
    if number is None:
        return ""
    if isinstance(number, Fraction):
        number = Decimal(number.numerator) / Decimal(number.denominator)
    text = f"{Decimal(number):,.{places}f}"
    return text.replace(",", " ").replace(".", ",")


def number_pl(value: Any) -> str:
    """A count or score: whole numbers without decimals, others with up to two (``3,5``)."""
    number = exact_number(value)
    if number is None:
        return "–"
    if isinstance(number, int) or number == int(number):
        return decimal_pl(int(number), 0)
    shown = decimal_pl(number, 2).rstrip("0").rstrip(",")
    approximate = (
        isinstance(number, Fraction)
        and Fraction(Decimal(shown.replace(" ", "").replace(",", "."))) != number
    )
    return ("≈" if approximate else "") + shown


def format_number(value: Any, language: str = "pl") -> str:
    """A count or score as :func:`number_pl` writes it, with English separators on English
    pages ("1,250" and "3.5" beside "1 250" and "3,5"); exports keep the Polish form."""
    text = number_pl(value)
    if language.startswith("en"):
        text = text.replace(",", ".").replace(" ", ",")
    return text


def number(value: Any) -> str:
    """A count or score in the current request's language (the ``|number`` filter)."""
    from flask_babel import get_locale

    return format_number(value, str(get_locale() or "pl"))


def percent_pl(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return "0,0%"
    return decimal_pl(Decimal(part) * 100 / Decimal(whole), 1) + "%"


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class Row:
    """One option in the outcome, in the order the result lists them."""

    key: str
    title: str
    position: int | None  # place in the priority order (ranked), or funding order (budget)
    tied: bool = False
    score: Any = None  # ranked: the method's score (None for Schulze / instant-runoff)
    support: int = 0  # first preferences, approvals or points given
    points: int | None = None
    share: str = ""  # points: share of all points, as a percentage
    allocation: str | None = None  # points with a budget: the amount (plain decimal string)
    cost: Decimal | None = None
    funded: bool | None = None  # budget methods


def family(vote: Vote) -> Family:
    """Ranked, points or budget: decides how the outcome is shown."""
    if uses_budget(vote.method):
        return Family.BUDGET
    return Family.RANKED if vote.ballot_type == BallotType.RANKED else Family.POINTS


def outcome_rows(vote: Vote, result: VoteResult) -> list[Row]:
    """The outcome as rows, best first."""
    options = {option.key: option for option in vote.options}
    outcome = result.outcome
    support = (result.turnout or {}).get("support", {})
    kind = family(vote)
    rows: list[Row] = []
    if kind == Family.RANKED:
        for position, group in enumerate(outcome.get("ranking", []), 1):
            for key in group:
                rows.append(
                    Row(
                        key=key,
                        title=options[key].title,
                        position=position,
                        tied=len(group) > 1,
                        score=outcome.get("scores", {}).get(key),
                        support=support.get(key, 0),
                    )
                )
        ranked = {row.key for row in rows}
        rows += [
            Row(key=k, title=o.title, position=None, support=support.get(k, 0))
            for k, o in options.items()
            if k not in ranked
        ]
    elif kind == Family.POINTS:
        totals = outcome.get("totals", {})
        everything = sum(totals.values())
        allocation = outcome.get("allocation") if vote.budget is not None else None
        order = sorted(options, key=lambda k: (-totals.get(k, 0), options[k].position, k))
        for position, key in enumerate(order, 1):
            rows.append(
                Row(
                    key=key,
                    title=options[key].title,
                    position=position,
                    support=totals.get(key, 0),
                    points=totals.get(key, 0),
                    share=percent_pl(totals.get(key, 0), everything),
                    allocation=None if allocation is None else allocation.get(key),
                )
            )
    else:
        selected = outcome.get("selected", [])
        for position, key in enumerate(selected, 1):
            rows.append(
                Row(
                    key=key,
                    title=options[key].title,
                    position=position,
                    support=support.get(key, 0),
                    cost=options[key].cost,
                    funded=True,
                )
            )
        rest = sorted(
            (k for k in options if k not in selected),
            key=lambda k: (-support.get(k, 0), options[k].position, k),
        )
        rows += [
            Row(
                key=k,
                title=options[k].title,
                position=None,
                support=support.get(k, 0),
                cost=options[k].cost,
                funded=False,
            )
            for k in rest
        ]
    return rows


# ---------------------------------------------------------------------------------------------
# CSV and JSON


def results_table(
    vote: Vote, result: VoteResult, headers: dict[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """The outcome as a header and rows, numbers as numbers (for CSV and XLSX alike).

    ``headers`` maps the column keys to translated column names.
    """
    columns = ["position", "option_id", "title", "support"]
    kind = family(vote)
    if kind == Family.RANKED:
        columns += ["score", "tied"]
    elif kind == Family.POINTS:
        columns += ["share"] + (["allocation"] if vote.budget is not None else [])
    else:
        columns += ["cost", "funded"]
    rows = []
    for row in outcome_rows(vote, result):
        values = {
            "position": row.position,
            "option_id": row.key,
            "title": row.title,
            "support": row.support,
            "score": _plain_number(row.score),
            "tied": headers["yes"] if row.tied else "",
            "share": row.share,
            "allocation": None if row.allocation is None else Decimal(str(row.allocation)),
            "cost": row.cost,
            "funded": headers["yes"] if row.funded else headers["no"],
        }
        rows.append([values[column] for column in columns])
    return [headers.get(column, column) for column in columns], rows


def _plain_number(value: Any) -> Any:
    """A score as a number a spreadsheet reads: fractions as decimals (6 places)."""
    if value is None or isinstance(value, int | Decimal):
        return value
    exact = exact_number(value)
    if isinstance(exact, Fraction):
        return round(Decimal(exact.numerator) / Decimal(exact.denominator), 6)
    return exact


def results_about(vote: Vote, result: VoteResult) -> list[list[Any]]:
    """The downloads' metryka: the site's identity (app/common/tables.py), when the result was
    published, and the results page."""
    return tables.about_rows(
        source_url=url_for("priorities.results", vote_id=vote.id, _external=True),
        extra=[[_("Vote"), vote.title], [_("Published at"), result.published_at]],
    )


def results_csv(vote: Vote, result: VoteResult, headers: dict[str, str]) -> str:
    """The outcome as CSV for Polish spreadsheets (app/common/tables.py: BOM, ';', decimal
    comma), under the metryka."""
    return tables.csv_text(*results_table(vote, result, headers), about=results_about(vote, result))


def results_xlsx(vote: Vote, result: VoteResult, headers: dict[str, str]) -> bytes:
    """The outcome as an XLSX workbook: one sheet, and the metryka."""
    header, rows = results_table(vote, result, headers)
    return tables.xlsx_bytes(
        [tables.Sheet(vote.title, header, rows)], about=results_about(vote, result)
    )


def results_document(
    vote: Vote, result: VoteResult, url: str = "", withheld: bool = False
) -> dict[str, Any]:
    """The published result as one JSON-ready document (the engine's outcome unchanged).

    ``withheld``: a secret vote with too few ballots; the document then names no ballots file,
    no digest (a few ballots could be guessed from it) and no online/paper split.
    """
    turnout = dict(result.turnout or {})
    outcome = result.outcome
    if withheld:
        turnout.pop("online", None)
        turnout.pop("paper", None)
        # what each ballot paid (Method of Equal Shares) would show how the few voters voted
        outcome = {key: value for key, value in outcome.items() if key != "shares"}
    return {
        "vote": {
            "id": vote.id,
            "title": vote.title,
            "ballot_type": vote.ballot_type,
            "method": vote.method,
            "rule": _rule(vote.method),
            "voter_unit": vote.voter_unit,
            "secrecy": vote.secrecy,
            "budget": None if vote.budget is None else format(vote.budget, "f"),
            "rounding_unit": format(vote.rounding_unit, "f"),
            "max_points": vote.max_points,
            "max_points_per_option": vote.max_points_per_option,
            "opens_at": vote.opens_at.isoformat(),
            "closes_at": vote.closes_at.isoformat(),
            "url": url,
        },
        "options": [
            {
                "id": option.key,
                "title": option.title,
                "cost": None if option.cost is None else format(option.cost, "f"),
                "area": option.area.code if option.area is not None else None,
            }
            for option in vote.options
        ],
        "published_at": result.published_at.isoformat() if result.published_at else None,
        "computed_at": result.computed_at.isoformat() if result.computed_at else None,
        "turnout": turnout,
        "outcome": outcome,
        "most_votes": result.most_votes,
        "ballots_file": None if withheld else pb_filename(vote),
        "ballots_sha256": None if withheld else result.ballots_sha256,
        "recount_command": None if withheld else recount_command(vote),
        "statement": result.statement_md,
    }


def _rule(method: str) -> str:
    """The canonical name of the vote's rule (what the ``.pb`` META ``rule`` says)."""
    try:
        return canonical_method(method)
    except UnknownRule:
        return method


def results_json(vote: Vote, result: VoteResult, url: str = "", withheld: bool = False) -> str:
    """The JSON download: :func:`results_document` as indented UTF-8 text."""
    return json.dumps(results_document(vote, result, url, withheld), ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------
# One ballot, as counted


def ballot_lines(vote: Vote, content: Any) -> list[tuple[VoteOption, int | None]]:
    """The ballot as counted: (option, points or None) in the ballot's order."""
    options = {option.key: option for option in vote.options}
    ballot = engine_ballot(vote, content)
    if vote.ballot_type == BallotType.POINTS:
        return [(options[key], points) for key, points in ballot]
    if vote.ballot_type == BallotType.APPROVAL:
        return [(option, None) for key, option in options.items() if key in ballot]
    return [(options[key], None) for key in ballot if key in options]


def ballot_text(vote: Vote, content: Any) -> str:
    """The ballot on one line (the open votes' list of ballots on the results page)."""
    lines = ballot_lines(vote, content)
    if vote.ballot_type == BallotType.POINTS:
        return "; ".join(f"{option.title}: {points}" for option, points in lines)
    separator = " > " if vote.ballot_type == BallotType.RANKED else "; "
    return separator.join(option.title for option, _points in lines) or "–"


# ---------------------------------------------------------------------------------------------
# The trace, grouped for display


@dataclass(frozen=True)
class TraceGroup:
    """Consecutive trace steps of one kind (one table on the page)."""

    kind: str
    steps: list[dict[str, Any]]

    @property
    def first(self) -> dict[str, Any]:
        return self.steps[0]


def trace_groups(outcome: dict[str, Any]) -> list[TraceGroup]:
    """The stored trace as groups of consecutive steps of the same kind.

    Instant-runoff rounds are grouped per place of the ranking, so each count is one table.
    """
    groups: list[TraceGroup] = []
    previous = None
    for step in outcome.get("trace", []):
        key = (step["step"], step.get("position") if step["step"] == "irv_round" else None)
        if groups and key == previous:
            groups[-1].steps.append(step)
        else:
            groups.append(TraceGroup(step["step"], [step]))
        previous = key
    return groups


def completion_changes(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The runs of an MES completion worth a row: the first, the last, and every run whose
    outcome (options funded, total cost) differs from the run before. A completion may take
    thousands of runs that change nothing; the JSON file keeps them all."""
    shown = []
    for index, step in enumerate(steps):
        previous = steps[index - 1] if index else None
        changed = previous is None or (step["selected"], step["total_cost"]) != (
            previous["selected"],
            previous["total_cost"],
        )
        if changed or index == len(steps) - 1 or step["outcome"] != "continue":
            shown.append(step)
    return shown


def completion_points(steps: list[dict[str, Any]]) -> int:
    """How many shares per voter a completion tried: a folded step stands for ``1 + repeat``."""
    return sum(1 + int(step.get("repeat") or 0) for step in steps)


def irv_table(steps: list[dict[str, Any]]) -> list[str]:
    """The options of one instant-runoff count, in the order of the first round."""
    first = steps[0]["counts"]
    return sorted(first, key=lambda key: (-first[key], key))
