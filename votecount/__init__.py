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

from .equal_shares import mes, mes_plain
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
from .point_totals import points
from .ranked import borda, irv, schulze
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
from .rules import Rule, UnknownRule, count, known_names, rule


def _counter(name: str) -> Callable[[Election], TallyResult]:
    named = rule(name)

    def count_with(election: Election) -> TallyResult:
        return named.count(election, name)

    count_with.__name__ = count_with.__qualname__ = name.replace("-", "_").replace("/", "_")
    count_with.__doc__ = named.summary
    return count_with


#: Every rule offered by name (the names votes store first), each a function of an
#: :class:`Election`. Other equalshares spellings are counted by :func:`count`.
TALLY_METHODS: dict[str, Callable[[Election], TallyResult]] = {
    "borda": borda,
    "schulze": schulze,
    "irv": irv,
    "points": points,
    "greedy": greedy,
    "mes": mes,
    "mes-plain": mes_plain,
}
TALLY_METHODS.update({name: _counter(name) for name in known_names() if name not in TALLY_METHODS})

#: The ballot kinds each rule of :data:`TALLY_METHODS` can count.
METHOD_BALLOT_KINDS: dict[str, frozenset[BallotKind]] = {
    name: rule(name).kinds for name in TALLY_METHODS
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
