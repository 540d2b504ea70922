"""The ballot as the form carries it: raw values per option in, canonical content out.

The ballot is not a WTForms form: its fields depend on the vote's options (``rank-<id>``
selects, ``points-<id>`` inputs, ``choice`` checkboxes). These functions read those fields from
the submitted form (any mapping with ``get``, ``getlist`` and ``items``, e.g. ``request.form``),
hand them to :mod:`app.priorities.rules` and turn stored content back into form values. Pure:
no Flask, no database (the vote is any object with the vote's attributes and ``options``).
"""

from __future__ import annotations

from typing import Any

from app.priorities import rules
from app.priorities.kinds import BallotType


def raw_ballot(vote: Any, form: Any) -> dict | list:
    """The ballot fields of the form: ranks or points per option, or the ticked options."""
    if vote.ballot_type == BallotType.APPROVAL:
        return form.getlist("choice")
    prefix = "rank-" if vote.ballot_type == BallotType.RANKED else "points-"
    raw = {o.key: form.get(prefix + o.key, "") for o in vote.options}
    for name, value in form.items():
        if name.startswith(prefix) and name[len(prefix) :] not in raw:
            raw[name[len(prefix) :]] = value
    return raw


def parse(vote: Any, raw: Any) -> tuple[list | dict, list[rules.Problem]]:
    """The canonical content of the raw ballot, or the problems of it."""
    ballot_rules = rules.rules_of(vote)
    if vote.ballot_type == BallotType.RANKED:
        return rules.parse_ranked(raw, ballot_rules)
    if vote.ballot_type == BallotType.POINTS:
        return rules.parse_points(raw, ballot_rules)
    return rules.parse_approval(raw, ballot_rules)


def raw_from_content(vote: Any, content: Any) -> dict | list:
    """The form values that show a stored ballot again."""
    if vote.ballot_type == BallotType.APPROVAL:
        return list(content)
    if vote.ballot_type == BallotType.POINTS:
        return {k: str(v) for k, v in content.items()}
    return {key: str(n) for n, key in enumerate(content, start=1)}


def blank(vote: Any) -> dict | list:
    """The form values of an empty ballot."""
    return [] if vote.ballot_type == BallotType.APPROVAL else {}


def ordered_options(vote: Any, raw: Any) -> list:
    """Ranked ballots list the options by the ranks given, unranked ones last."""
    if vote.ballot_type != BallotType.RANKED:
        return list(vote.options)

    def rank(option: Any) -> int:
        value = str(raw.get(option.key, "")).strip()
        return int(value) if value.isdigit() else len(vote.options) + 1

    return sorted(vote.options, key=rank)
