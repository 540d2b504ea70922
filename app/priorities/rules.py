"""The rules a ballot and a vote's setup must follow: pure functions (no Flask, no database).

The server re-validates every ballot here, whatever the browser sent. Functions return
:class:`Problem` values — a code and its parameters, tied to an option where one is at fault — and
never text: the views translate codes into messages in the user's language.

A ballot arrives as raw form values per option (the ``rank-<id>`` selects, ``points-<id>``
inputs or ``choice`` checkboxes) and leaves as the canonical content stored on
:class:`app.priorities.models.Ballot`: a list of option keys (ranked: best first; approval:
sorted) or a dict ``{option key: points}`` without zero entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from app.priorities.kinds import BallotType
from votecount import BallotKind, UnknownRule, kinds_of, rule

#: The longest rule name a vote stores (``Vote.method``).
METHOD_MAX_LENGTH = 100


@dataclass(frozen=True)
class OfferedMethod:
    """A counting rule the set-up form offers: its registry name (stored on the vote as it is),
    the ballot types it is offered for and whether it is the recommended default for them."""

    name: str
    ballot_types: tuple[BallotType, ...]
    recommended: bool = False


BUDGET_BALLOTS = (BallotType.APPROVAL, BallotType.POINTS)

#: The curated rule variants offered on the set-up form, in the form's order (each name is a
#: rule of the ``votecount`` registry; a vote may store any other registry name too).
OFFERED_METHODS: tuple[OfferedMethod, ...] = (
    OfferedMethod("borda", (BallotType.RANKED,), recommended=True),
    OfferedMethod("schulze", (BallotType.RANKED,)),
    OfferedMethod("irv", (BallotType.RANKED,)),
    OfferedMethod("points", (BallotType.POINTS,), recommended=True),
    OfferedMethod("equalshares/add1", BUDGET_BALLOTS, recommended=True),
    OfferedMethod("equalshares/add1-comparison", BUDGET_BALLOTS),
    OfferedMethod("mes", BUDGET_BALLOTS),
    OfferedMethod("mes-plain", BUDGET_BALLOTS),
    OfferedMethod("greedy", BUDGET_BALLOTS),
    OfferedMethod("greedy-no-skip", BUDGET_BALLOTS),
)

#: The methods offered for each ballot type, the recommended default first.
METHODS_BY_BALLOT: dict[BallotType, tuple[str, ...]] = {
    ballot_type: tuple(
        offered.name
        for offered in sorted(OFFERED_METHODS, key=lambda offered: not offered.recommended)
        if ballot_type in offered.ballot_types
    )
    for ballot_type in BallotType
}

#: The recommended method of each ballot type (approval: equal shares as equalshares.net runs
#: it, the completion real MES elections used).
RECOMMENDED_METHOD = {ballot_type: names[0] for ballot_type, names in METHODS_BY_BALLOT.items()}


@lru_cache(maxsize=256)
def known_method(name: object) -> bool:
    """Whether ``name`` is a rule of the ``votecount`` registry a vote can store."""
    if not isinstance(name, str) or not name or len(name) > METHOD_MAX_LENGTH:
        return False
    try:
        rule(name)
    except UnknownRule:
        return False
    return True


def uses_budget(method: str) -> bool:
    """Whether rule ``method`` funds options within a budget (and so needs each option's cost);
    ``False`` for a name the registry does not know."""
    return known_method(method) and rule(method).budget


def canonical_method(method: str) -> str:
    """The registry's canonical name of ``method`` (``mes`` is ``mes-pabutools-add1``): what a
    result's ``variant`` and the ``.pb`` META ``rule`` say.

    :raises UnknownRule: the registry does not know ``method``.
    """
    return rule(method).name


MIN_OPTIONS = 2


class BallotProblem(StrEnum):
    EMPTY = "empty"
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NEGATIVE = "negative"
    RANK_OUT_OF_RANGE = "rank_out_of_range"
    RANK_REPEATED = "rank_repeated"
    RANK_GAP = "rank_gap"
    OVER_TOTAL = "over_total"
    OVER_CAP = "over_cap"
    OVER_BUDGET = "over_budget"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"


class SetupProblem(StrEnum):
    UNKNOWN_BALLOT_TYPE = "unknown_ballot_type"
    UNKNOWN_METHOD = "unknown_method"
    METHOD_DOES_NOT_FIT = "method_does_not_fit"
    POINTS_REQUIRED = "points_required"
    CAP_OVER_TOTAL = "cap_over_total"
    BUDGET_REQUIRED = "budget_required"
    ROUNDING_UNIT_POSITIVE = "rounding_unit_positive"
    CHOICES_RANGE = "choices_range"
    CLOSES_BEFORE_OPENING = "closes_before_opening"
    TOO_FEW_OPTIONS = "too_few_options"
    COST_REQUIRED = "cost_required"
    MIN_CHOICES_OVER_OPTIONS = "min_choices_over_options"


@dataclass(frozen=True)
class Problem:
    """One thing wrong: ``code``, the option at fault (if any) and the numbers for the message."""

    code: StrEnum
    option: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class BallotRules:
    """What a ballot of one vote must satisfy (taken from the vote and its options)."""

    ballot_type: str
    method: str
    option_keys: tuple[str, ...]
    max_points: int | None = None
    max_points_per_option: int | None = None
    budget: Decimal | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    costs: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def uses_costs(self) -> bool:
        return uses_budget(self.method)


def rules_of(vote) -> BallotRules:
    """The rules of ``vote`` (any object with the vote's attributes and ``options``)."""
    return BallotRules(
        ballot_type=vote.ballot_type,
        method=vote.method,
        option_keys=tuple(o.key for o in vote.options),
        max_points=vote.max_points,
        max_points_per_option=vote.max_points_per_option,
        budget=vote.budget,
        min_choices=vote.min_choices,
        max_choices=vote.max_choices,
        costs={o.key: o.cost for o in vote.options if o.cost is not None},
    )


# --- reading the form ---------------------------------------------------------------------


def _whole(text: str) -> int | None:
    """``text`` as an integer (spaces allowed around it), or None."""
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    return sign * int(digits)


def parse_ranked(ranks: Mapping[str, str], rules: BallotRules) -> tuple[list[str], list[Problem]]:
    """Ranks typed per option ("" = not ranked) → option keys best first, or problems.

    Ranked options must use ranks 1..k without gaps or repeats (ranking only some is allowed).
    """
    problems: list[Problem] = []
    known = set(rules.option_keys)
    numbered: list[tuple[int, str]] = []
    for key, raw in ranks.items():
        if key not in known:
            problems.append(Problem(BallotProblem.UNKNOWN_OPTION, key))
            continue
        if raw is None or not str(raw).strip():
            continue
        rank = _whole(str(raw))
        if rank is None:
            problems.append(Problem(BallotProblem.NOT_A_WHOLE_NUMBER, key))
        elif rank < 1 or rank > len(rules.option_keys):
            problems.append(
                Problem(BallotProblem.RANK_OUT_OF_RANGE, key, {"count": len(rules.option_keys)})
            )
        else:
            numbered.append((rank, key))
    if problems:
        return [], problems
    numbered.sort()
    seen: dict[int, str] = {}
    for rank, key in numbered:
        if rank in seen:
            problems.append(Problem(BallotProblem.RANK_REPEATED, key, {"rank": rank}))
        seen.setdefault(rank, key)
    if not numbered:
        return [], [Problem(BallotProblem.EMPTY)]
    if not problems:
        expected = list(range(1, len(numbered) + 1))
        used = [rank for rank, _key in numbered]
        if used != expected:
            missing = next(n for n in expected if n not in used)
            problems.append(Problem(BallotProblem.RANK_GAP, None, {"rank": missing}))
    if problems:
        return [], problems
    return _checked([key for _rank, key in numbered], rules)


def parse_points(
    points: Mapping[str, str], rules: BallotRules
) -> tuple[dict[str, int], list[Problem]]:
    """Points typed per option ("" = 0) → ``{option key: points}`` without zeros, or problems."""
    problems: list[Problem] = []
    known = set(rules.option_keys)
    content: dict[str, int] = {}
    for key, raw in points.items():
        if key not in known:
            problems.append(Problem(BallotProblem.UNKNOWN_OPTION, key))
            continue
        if raw is None or not str(raw).strip():
            continue
        number = _whole(str(raw))
        if number is None:
            problems.append(Problem(BallotProblem.NOT_A_WHOLE_NUMBER, key))
        elif number < 0:
            problems.append(Problem(BallotProblem.NEGATIVE, key))
        elif number > 0:
            content[key] = number
    if problems:
        return {}, problems
    return _checked({key: content[key] for key in rules.option_keys if key in content}, rules)


def parse_approval(chosen: Iterable[str], rules: BallotRules) -> tuple[list[str], list[Problem]]:
    """The ticked option keys → the sorted list of keys, or problems."""
    keys = [str(k) for k in chosen]
    known = set(rules.option_keys)
    problems = [Problem(BallotProblem.UNKNOWN_OPTION, k) for k in keys if k not in known]
    if len(set(keys)) != len(keys):
        problems.append(Problem(BallotProblem.DUPLICATE_OPTION))
    if problems:
        return [], problems
    return _checked(sorted(set(keys), key=_option_order(rules)), rules)


def _checked(content, rules: BallotRules):
    """``content`` and no problems, or an empty ballot and the problems of ``content``."""
    problems = check_ballot(content, rules)
    return (type(content)() if problems else content), problems


def _option_order(rules: BallotRules):
    position = {key: n for n, key in enumerate(rules.option_keys)}
    return lambda key: position.get(key, len(position))


# --- checking canonical content -----------------------------------------------------------


def check_ballot(content: object, rules: BallotRules) -> list[Problem]:
    """Everything wrong with canonical ``content`` under ``rules`` (an empty list: valid)."""
    if rules.ballot_type == BallotType.POINTS:
        return _check_points(content, rules)
    if rules.ballot_type == BallotType.RANKED:
        return _check_keys(content, rules)
    if rules.ballot_type == BallotType.APPROVAL:
        return _check_approval(content, rules)
    raise ValueError(f"unknown ballot type {rules.ballot_type!r}")


def _check_keys(content: object, rules: BallotRules) -> list[Problem]:
    if not isinstance(content, list) or not all(isinstance(k, str) for k in content):
        return [Problem(BallotProblem.UNKNOWN_OPTION)]
    known = set(rules.option_keys)
    problems = [Problem(BallotProblem.UNKNOWN_OPTION, k) for k in content if k not in known]
    if len(set(content)) != len(content):
        problems.append(Problem(BallotProblem.DUPLICATE_OPTION))
    if not content and not problems:
        problems.append(Problem(BallotProblem.EMPTY))
    return problems


def _check_approval(content: object, rules: BallotRules) -> list[Problem]:
    problems = _check_keys(content, rules)
    if problems and problems != [Problem(BallotProblem.EMPTY)]:
        return problems
    assert isinstance(content, list)  # noqa: S101 (checked by _check_keys)
    count = len(content)
    if rules.min_choices is not None and count < rules.min_choices:
        return [Problem(BallotProblem.TOO_FEW, None, {"minimum": rules.min_choices})]
    if problems:
        return problems
    if rules.max_choices is not None and count > rules.max_choices:
        problems.append(Problem(BallotProblem.TOO_MANY, None, {"maximum": rules.max_choices}))
    if rules.uses_costs and rules.budget is not None:
        total = sum((rules.costs.get(k, Decimal(0)) for k in content), Decimal(0))
        if total > rules.budget:
            problems.append(
                Problem(BallotProblem.OVER_BUDGET, None, {"total": total, "budget": rules.budget})
            )
    return problems


def _check_points(content: object, rules: BallotRules) -> list[Problem]:
    if not isinstance(content, dict):
        return [Problem(BallotProblem.UNKNOWN_OPTION)]
    known = set(rules.option_keys)
    problems: list[Problem] = []
    for key, value in content.items():
        if key not in known:
            problems.append(Problem(BallotProblem.UNKNOWN_OPTION, str(key)))
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(BallotProblem.NOT_A_WHOLE_NUMBER, key))
        elif value < 0:
            problems.append(Problem(BallotProblem.NEGATIVE, key))
        elif rules.max_points_per_option is not None and value > rules.max_points_per_option:
            problems.append(
                Problem(BallotProblem.OVER_CAP, key, {"cap": rules.max_points_per_option})
            )
    if problems:
        return problems
    total = sum(content.values())
    if total == 0:
        return [Problem(BallotProblem.EMPTY)]
    if rules.max_points is not None and total > rules.max_points:
        problems.append(
            Problem(BallotProblem.OVER_TOTAL, None, {"total": total, "maximum": rules.max_points})
        )
    return problems


# --- the vote's setup ---------------------------------------------------------------------


@dataclass(frozen=True)
class SetupSpec:
    """The rules an official chose for a vote (before its options)."""

    ballot_type: str
    method: str
    max_points: int | None = None
    max_points_per_option: int | None = None
    budget: Decimal | None = None
    rounding_unit: Decimal = Decimal(1)
    min_choices: int | None = None
    max_choices: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None


def setup_problems(spec: SetupSpec) -> list[Problem]:
    """What is wrong with the chosen ballot type, method and limits (options aside)."""
    try:
        kind = BallotKind(spec.ballot_type)
    except ValueError:
        return [Problem(SetupProblem.UNKNOWN_BALLOT_TYPE)]
    problems: list[Problem] = []
    if not known_method(spec.method):
        problems.append(Problem(SetupProblem.UNKNOWN_METHOD))
    elif kind not in kinds_of(spec.method):
        problems.append(Problem(SetupProblem.METHOD_DOES_NOT_FIT))
    if kind == BallotKind.POINTS:
        if spec.max_points is None:
            problems.append(Problem(SetupProblem.POINTS_REQUIRED))
        elif spec.max_points_per_option is not None and spec.max_points_per_option > (
            spec.max_points
        ):
            problems.append(Problem(SetupProblem.CAP_OVER_TOTAL))
    if uses_budget(spec.method) and spec.budget is None:
        problems.append(Problem(SetupProblem.BUDGET_REQUIRED))
    if spec.rounding_unit is None or spec.rounding_unit <= 0:
        problems.append(Problem(SetupProblem.ROUNDING_UNIT_POSITIVE))
    if (
        spec.min_choices is not None
        and spec.max_choices is not None
        and spec.max_choices < spec.min_choices
    ):
        problems.append(Problem(SetupProblem.CHOICES_RANGE))
    if spec.opens_at and spec.closes_at and spec.closes_at <= spec.opens_at:
        problems.append(Problem(SetupProblem.CLOSES_BEFORE_OPENING))
    return problems


@dataclass(frozen=True)
class OptionSpec:
    key: str
    title: str
    cost: Decimal | None = None


def opening_problems(spec: SetupSpec, options: Sequence[OptionSpec]) -> list[Problem]:
    """What must be fixed before the vote may open: the setup and the options together."""
    problems = setup_problems(spec)
    if len(options) < MIN_OPTIONS:
        problems.append(Problem(SetupProblem.TOO_FEW_OPTIONS, None, {"minimum": MIN_OPTIONS}))
    if uses_budget(spec.method):
        problems.extend(
            Problem(SetupProblem.COST_REQUIRED, o.key, {"title": o.title})
            for o in options
            if o.cost is None
        )
    if (
        spec.ballot_type == BallotType.APPROVAL
        and spec.min_choices is not None
        and spec.min_choices > len(options) >= MIN_OPTIONS
    ):
        problems.append(Problem(SetupProblem.MIN_CHOICES_OVER_OPTIONS))
    return problems
