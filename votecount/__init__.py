"""The counting engine: exact, explainable vote counting that anyone can re-check.

Pure Python with the standard library only (no Flask, no database): an :class:`Election` of ids
and numbers goes in, a frozen result with a step-by-step trace, and per option an explanation in
numbers, comes out. Rules are looked up by their stable name with :func:`rule` (or counted with
:func:`count`); unknown names raise :class:`UnknownRule`. :data:`TALLY_METHODS` maps the names
offered by name to counting functions. Ballots can be exchanged in the pabulib ``.pb`` format
(:mod:`.pabulib`).

Every method documents its rules, tie-breaks and rounding in its module docstring:
:mod:`.ranked` (Borda, Schulze, instant-runoff), :mod:`.point_totals`, :mod:`.greedy_rule` and
:mod:`.equal_shares` (Method of Equal Shares).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .greedy_rule import greedy
from .model import (
    BallotKind,
    CountingError,
    Election,
    InvalidElection,
    Option,
    WrongBallotKind,
)
from .pabulib import PabulibError, PbFile, format_pb, parse_pb, read_pb, write_pb
from .results import (
    BudgetResult,
    Explanation,
    GreedyExplanation,
    MesExplanation,
    Payment,
    PointsResult,
    RankedExplanation,
    RankingResult,
    Step,
    TallyResult,
    Tie,
    TieBreak,
    TieStage,
    VoterShares,
)
from .rules import Rule, UnknownRule, count, kinds_of, known_names, rule

#: Counting functions imported on first use (a recount with one rule loads only what it needs).
_LAZY = {
    "mes": "equal_shares",
    "mes_plain": "equal_shares",
    "borda": "ranked",
    "schulze": "ranked",
    "irv": "ranked",
    "points": "point_totals",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _counter(name: str) -> Callable[[Election], TallyResult]:
    """A function counting an election with the rule ``name`` (resolved on first use)."""

    def count_with(election: Election) -> TallyResult:
        return rule(name).count(election, name)

    count_with.__name__ = count_with.__qualname__ = name.replace("-", "_").replace("/", "_")
    count_with.__doc__ = f"Count an election with the rule {name!r} (see votecount.rules)."
    return count_with


#: Every rule offered by name (the names votes store first), each a function of an
#: :class:`Election`. Other equalshares and greedy spellings are counted by :func:`count`.
TALLY_METHODS: dict[str, Callable[[Election], TallyResult]] = {
    name: greedy if name == "greedy" else _counter(name) for name in known_names()
}

#: The ballot kinds each rule of :data:`TALLY_METHODS` can count.
METHOD_BALLOT_KINDS: dict[str, frozenset[BallotKind]] = {
    name: kinds_of(name) for name in TALLY_METHODS
}

__all__ = [
    "METHOD_BALLOT_KINDS",
    "TALLY_METHODS",
    "BallotKind",
    "BudgetResult",
    "CountingError",
    "Election",
    "Explanation",
    "GreedyExplanation",
    "InvalidElection",
    "MesExplanation",
    "Option",
    "PabulibError",
    "Payment",
    "PbFile",
    "PointsResult",
    "RankedExplanation",
    "RankingResult",
    "Rule",
    "Step",
    "TallyResult",
    "Tie",
    "TieBreak",
    "TieStage",
    "UnknownRule",
    "VoterShares",
    "WrongBallotKind",
    "borda",
    "count",
    "format_pb",
    "greedy",
    "irv",
    "kinds_of",
    "known_names",
    "mes",
    "mes_plain",
    "parse_pb",
    "points",
    "read_pb",
    "rule",
    "schulze",
    "write_pb",
]
