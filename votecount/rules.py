"""Every counting rule by a stable name: the registry a vote, a ``.pb`` META ``rule`` and the
command line all use.

A name is looked up with :func:`rule`; an unknown name raises :class:`UnknownRule` with the
names that are known (never another rule instead). :func:`count` counts an election with a
named rule. The names a vote stores today (``borda``, ``schulze``, ``irv``, ``points``,
``greedy``, ``mes``, ``mes-plain``) keep their meaning.

Budget rules on approval and points ballots:

``greedy``
    Most votes first (most points on points ballots), skip what does not fit. Equal votes: the
    smaller option id first (ids compared as text), as pabutools. (pabulib's ``greedy``.)
``greedy-no-skip``
    The same order, but the count stops at the first option that does not fit. Options with
    fewer votes than the election's ``min_score`` (pabulib's ``min_project_score_threshold``),
    when it has one, are not funded. (pabulib's ``greedy-no-skip``.)
``greedy-threshold``
    Greedy, but options with fewer votes than the election's ``min_score`` are not funded; the
    election must say what the minimum is. (pabulib's ``greedy-threshold``.)
``<greedy rule>-tie-file``, ``-tie-mincost``, ``-tie-maxcost``
    The same, with equal votes ordered as the options are listed in the election (a ``.pb``
    file's PROJECTS order: pabulib lists projects in the official order, so this follows the
    city's own tie-break), the cheaper first, or the dearer first. Never applied unless named:
    a file's ``greedy`` is counted with ties to the smaller id.
``mes-pabutools-add1`` (stored as ``mes``)
    The Method of Equal Shares with pabutools' add1 completion: shares ``B/n``, ``B/n + 1``,
    ... until the outcome is exhaustive or the next one costs more than ``B``.
``mes-plain``
    The Method of Equal Shares, one run from ``B/n``, as pabutools (no completion).
``equalshares`` and ``equalshares/<completion>[-<option>]...``
    The Method of Equal Shares as equalshares.net defines it (its computation tool and published
    code), see :mod:`.equal_shares`. ``<completion>``: ``add1`` (raise the shares while the
    outcome fits in ``B``), ``add1u`` (add1, then fund what still fits, most votes first),
    ``utilitarian`` (one run, then that fill). Options, in any order:

    - ``integral``: start from ``B/n`` rounded down to a whole currency unit;
    - ``exhaustive``: stop raising the shares at the first outcome after which nothing else
      fits (the tool's default; *not* what pabulib's ``equalshares/add1`` files were counted
      with: the Wieliczka 2023 Green Budget needs the search to go on);
    - ``inc<N>``: raise the shares by ``N`` currency units a step (default 1);
    - ``comparison`` or ``comparison-exclusion``: the comparison step with plain greedy, by
      voter satisfaction or by exclusion;
    - ``tie-<rule>[+<rule>]``: the tie-breaking chain, from ``mincost``, ``maxvotes``,
      ``maxcost`` (default ``tie-mincost+maxvotes``, equalshares.net's recommendation); the
      smaller id always ends the chain.

    The canonical spelling lists the options in the order above, e.g.
    ``equalshares/add1u-integral-exhaustive`` (the computation tool's defaults, ties apart).
    pabulib's ``equalshares/add1`` and ``equalshares/add1-comparison`` are such names.

Ranked ballots: ``borda``, ``schulze``, ``irv``; points ballots: ``points`` (totals and a
proportional split).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import import_module
from typing import TYPE_CHECKING

from .greedy_rule import GreedyTies, GreedyVariant, count_greedy
from .model import BallotKind, CountingError, Election
from .results import TallyResult

if TYPE_CHECKING:  # imported when first needed: a recount loads only its rule's module
    from .equal_shares import MesSpec


class UnknownRule(CountingError):
    """No rule has this name (the message lists the known ones)."""


BUDGET_KINDS = frozenset({BallotKind.APPROVAL, BallotKind.POINTS})


@dataclass(frozen=True)
class Rule:
    """A named counting rule.

    :param name: the canonical name (what a result's ``variant`` and a ``.pb`` ``rule`` say).
    :param kinds: the ballot kinds it counts.
    :param summary: one plain sentence saying what it does (English).
    :param budget: whether it needs a budget (and option costs).
    """

    name: str
    kinds: frozenset[BallotKind]
    summary: str
    budget: bool
    _count: Callable[[Election, str], TallyResult]

    def count(self, election: Election, method: str | None = None) -> TallyResult:
        """Count ``election``; ``method`` is the name to report (default: the canonical one)."""
        return self._count(election, method or self.name)


def _ranked(module: str, function: str) -> Callable[[Election, str], TallyResult]:
    def count(election: Election, method: str) -> TallyResult:
        result = getattr(import_module(f".{module}", __package__), function)(election)
        return result if method == result.method else _renamed(result, method)

    return count


def _renamed(result, method: str):
    from dataclasses import replace

    return replace(result, method=method)


def _mes(spec: MesSpec | str, variant: str) -> Callable[[Election, str], TallyResult]:
    """Count with an MES spec (or the name of one of :mod:`.equal_shares`'s constants)."""

    def count(election: Election, method: str) -> TallyResult:
        module = import_module(".equal_shares", __package__)
        chosen = getattr(module, spec) if isinstance(spec, str) else spec
        return module.count_mes(election, chosen, method, variant)

    return count


def _greedy(
    variant: GreedyVariant, ties: GreedyTies = GreedyTies.ID, name: str | None = None
) -> Callable[[Election, str], TallyResult]:
    return lambda election, method: count_greedy(election, variant, method, ties, name)


_GREEDY_TIES = re.compile(r"(?P<base>greedy(?:-no-skip|-threshold)?)-tie-(?P<ties>\w+)")


def greedy_rule(name: str) -> Rule | None:
    """The rule of a ``greedy...-tie-<order>`` name; ``None`` if the name is not one.

    :raises UnknownRule: the tie order is unknown.
    """
    match = _GREEDY_TIES.fullmatch(name)
    if match is None:
        return None
    try:
        ties = GreedyTies(match.group("ties"))
    except ValueError:
        known = ", ".join(tie.value for tie in GreedyTies)
        raise UnknownRule(
            f"rule {name!r}: unknown order of equal votes {match.group('ties')!r} (known: {known})"
        ) from None
    base = _FIXED[match.group("base")]
    canonical = base.name if ties is GreedyTies.ID else name
    summary = (
        base.summary.rstrip(".")
        + {
            GreedyTies.ID: "; equal votes: the smaller id first.",
            GreedyTies.FILE: "; equal votes: in the order the options are listed.",
            GreedyTies.MIN_COST: "; equal votes: the cheaper first.",
            GreedyTies.MAX_COST: "; equal votes: the dearer first.",
        }[ties]
    )
    variant = GreedyVariant(base.name)
    return Rule(canonical, base.kinds, summary, True, _greedy(variant, ties, canonical))


_FIXED: dict[str, Rule] = {}


def _add(name: str, kinds, summary: str, budget: bool, function) -> None:
    _FIXED[name] = Rule(name, frozenset(kinds), summary, budget, function)


_add(
    "borda", {BallotKind.RANKED}, "Borda count of the rankings.", False, _ranked("ranked", "borda")
)
_add(
    "schulze",
    {BallotKind.RANKED},
    "Schulze method: the option no other beats through a stronger chain of head-to-head wins.",
    False,
    _ranked("ranked", "schulze"),
)
_add(
    "irv",
    {BallotKind.RANKED},
    "Instant-runoff: the option with the fewest first choices is removed until one is left.",
    False,
    _ranked("ranked", "irv"),
)
_add(
    "points",
    {BallotKind.POINTS},
    "Points added up; with a budget, the budget is split in proportion to the points.",
    False,
    _ranked("point_totals", "points"),
)
_add(
    "greedy",
    BUDGET_KINDS,
    "Options with the most votes are funded first; one that does not fit is skipped.",
    True,
    _greedy(GreedyVariant.SKIP),
)
_add(
    "greedy-no-skip",
    BUDGET_KINDS,
    "Options with the most votes are funded first, until one does not fit.",
    True,
    _greedy(GreedyVariant.NO_SKIP),
)
_add(
    "greedy-threshold",
    BUDGET_KINDS,
    "Options with the most votes are funded first, if they have the minimum number of votes;"
    " one that does not fit is skipped.",
    True,
    _greedy(GreedyVariant.THRESHOLD),
)
_add(
    "mes-pabutools-add1",
    BUDGET_KINDS,
    "Method of Equal Shares, shares raised by 1 until nothing else fits (pabutools' add1).",
    True,
    _mes("PABUTOOLS_ADD1", "mes-pabutools-add1"),
)
_add(
    "mes-plain",
    BUDGET_KINDS,
    "Method of Equal Shares without completion (part of the budget may stay unspent).",
    True,
    _mes("PABUTOOLS_PLAIN", "mes-plain"),
)

#: Other names for the same rules (``mes`` is what votes store).
ALIASES = {"mes": "mes-pabutools-add1", "mes-pabutools": "mes-plain"}

#: Names that pabulib files use for rules we cannot apply from the file alone, and why.
NOT_REPRODUCIBLE = {
    "greedy-custom": "a city's own rule, described only in the file's comment",
    "greedy-exclusive": "greedy with projects that exclude each other, which the file does not"
    " list in a form a program can read",
    "unknown": "the file does not say how the outcome was decided",
}

#: equalshares.net's recommended tie-breaking chain (the smaller id always ends it)
EQUALSHARES_DEFAULT_TIES = ("mincost", "maxvotes")
_EQUALSHARES = re.compile(r"equalshares(?:/(?P<completion>add1u|add1|utilitarian))?(?P<rest>.*)")


def equalshares_spec(name: str) -> tuple[MesSpec, str] | None:
    """The spec and the canonical name of an ``equalshares...`` name; ``None`` if it is not one.

    :raises UnknownRule: it starts like one but an option is unknown or repeated.
    """
    match = _EQUALSHARES.fullmatch(name)
    if match is None:
        return None
    from .equal_shares import Comparison, MesSpec, TieRule

    completion = match.group("completion") or ""
    rest = match.group("rest")
    if rest and not rest.startswith("-"):
        return None
    tokens = _tokens(rest[1:]) if rest else []
    integral = exhaustive = False
    increment = Decimal(1)
    ties = tuple(TieRule(tie) for tie in EQUALSHARES_DEFAULT_TIES)
    comparison = None
    seen: set[str] = set()
    for option in tokens:
        family = "inc" if option.startswith("inc") else option.split("-")[0]
        if family in seen:
            raise UnknownRule(f"rule {name!r}: option {family!r} given twice")
        seen.add(family)
        add1_only = family in ("integral", "exhaustive", "inc")
        if add1_only and completion not in ("add1", "add1u"):
            raise UnknownRule(
                f"rule {name!r}: option {option!r} needs the add1 or add1u completion"
            )
        if option == "integral":
            integral = True
        elif option == "exhaustive":
            exhaustive = True
        elif family == "inc":
            increment = _increment(name, option[3:])
        elif option == "comparison":
            comparison = Comparison.SATISFACTION
        elif option == "comparison-exclusion":
            comparison = Comparison.EXCLUSION
        elif family == "tie":
            ties = _ties(name, option[4:])
        else:
            raise UnknownRule(f"rule {name!r}: unknown option {option!r}")
    spec = MesSpec(
        add1=completion in ("add1", "add1u"),
        style="equalshares",
        integral=integral,
        increment=increment,
        exhaustive=exhaustive,
        ties=ties,
        fill=completion in ("add1u", "utilitarian"),
        comparison=comparison,
    )
    return spec, _canonical(spec)


def _tokens(text: str) -> list[str]:
    """Split options on ``-``, keeping ``comparison-exclusion`` and ``tie-...`` whole."""
    parts = text.split("-")
    tokens: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if part in ("comparison", "tie") and index + 1 < len(parts):
            following = parts[index + 1]
            if (part == "comparison" and following == "exclusion") or part == "tie":
                tokens.append(f"{part}-{following}")
                index += 2
                continue
        tokens.append(part)
        index += 1
    return tokens


def _increment(name: str, text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UnknownRule(f"rule {name!r}: the increment {text!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise UnknownRule(f"rule {name!r}: the increment must be positive, got {text!r}")
    return value


def _ties(name: str, text: str) -> tuple:
    from .equal_shares import TieRule

    names = {rule.value: rule for rule in TieRule}
    chain = []
    for part in text.split("+"):
        if part not in names:
            known = ", ".join(names)
            raise UnknownRule(f"rule {name!r}: unknown tie-breaking {part!r} (known: {known})")
        if names[part] in chain:
            raise UnknownRule(f"rule {name!r}: tie-breaking {part!r} given twice")
        chain.append(names[part])
    return tuple(chain)


def _canonical(spec: MesSpec) -> str:
    if spec.add1:
        completion = "/add1u" if spec.fill else "/add1"
    else:
        completion = "/utilitarian" if spec.fill else ""
    options = []
    if spec.integral:
        options.append("integral")
    if spec.exhaustive and spec.add1:
        options.append("exhaustive")
    if spec.increment != 1:
        options.append(f"inc{format(spec.increment.normalize(), 'f')}")
    if tuple(rule.value for rule in spec.ties) != EQUALSHARES_DEFAULT_TIES:
        options.append("tie-" + "+".join(rule.value for rule in spec.ties))
    if spec.comparison == "satisfaction":
        options.append("comparison")
    elif spec.comparison == "exclusion":
        options.append("comparison-exclusion")
    return "equalshares" + completion + "".join(f"-{option}" for option in options)


def _equalshares_summary(spec: MesSpec) -> str:
    parts = ["Method of Equal Shares as equalshares.net defines it"]
    if spec.add1:
        start = "whole-unit shares" if spec.integral else "shares"
        stop = "nothing else fits or " if spec.exhaustive else ""
        parts.append(
            f"{start} raised by {spec.increment} until {stop}the outcome would exceed the budget"
        )
    if spec.fill:
        parts.append("then what is left funds the options with the most votes that fit")
    if spec.comparison is not None:
        parts.append("kept only if no more voters prefer the plain most-votes outcome")
    return ", ".join(parts) + "."


def kinds_of(name: str) -> frozenset[BallotKind]:
    """The ballot kinds rule ``name`` counts (without loading the rule's module).

    :raises UnknownRule: no rule has this name.
    """
    key = ALIASES.get(name.strip(), name.strip()) if isinstance(name, str) else name
    if key in _FIXED:
        return _FIXED[key].kinds
    if isinstance(key, str) and key.startswith("equalshares") and key in EQUALSHARES_NAMES:
        return BUDGET_KINDS
    return rule(name).kinds


def rule(name: str) -> Rule:
    """The rule called ``name`` (a canonical name, an alias, or an ``equalshares`` spelling).

    :raises UnknownRule: no rule has this name; the message says why and what is known.
    """
    if not isinstance(name, str):
        raise UnknownRule(f"a rule name must be text, got {name!r}")
    key = name.strip()
    key = ALIASES.get(key, key)
    if key in _FIXED:
        return _FIXED[key]
    greedy = greedy_rule(key)
    if greedy is not None:
        return greedy
    parsed = equalshares_spec(key)
    if parsed is not None:
        spec, canonical = parsed
        return Rule(
            canonical, BUDGET_KINDS, _equalshares_summary(spec), True, _mes(spec, canonical)
        )
    if key in NOT_REPRODUCIBLE:
        raise UnknownRule(
            f"rule {name!r} cannot be applied: {NOT_REPRODUCIBLE[key]}; choose a rule with "
            f"--method (known rules: {', '.join(known_names())})"
        )
    raise UnknownRule(f"unknown rule {name!r} (known rules: {', '.join(known_names())})")


def count(election: Election, name: str) -> TallyResult:
    """Count ``election`` with the rule called ``name`` (the result reports ``name``)."""
    return rule(name).count(election, name.strip())


#: The equalshares.net names offered by name (any other option combination is accepted too).
EQUALSHARES_NAMES = (
    "equalshares",
    "equalshares/add1",
    "equalshares/add1-comparison",
    "equalshares/add1-exhaustive",
    "equalshares/add1-integral",
    "equalshares/add1-integral-exhaustive",
    "equalshares/add1u",
    "equalshares/add1u-integral-exhaustive",
    "equalshares/utilitarian",
)


#: The greedy tie-breaking spellings offered by name.
GREEDY_NAMES = ("greedy-tie-file", "greedy-no-skip-tie-file", "greedy-threshold-tie-file")


def known_names() -> list[str]:
    """The rules offered by name: the fixed ones, the aliases, the usual other spellings."""
    return [*_FIXED, *ALIASES, *GREEDY_NAMES, *EQUALSHARES_NAMES]


def rules() -> dict[str, Rule]:
    """Every rule offered by name (aliases and usual equalshares spellings included)."""
    return {name: rule(name) for name in known_names()}
