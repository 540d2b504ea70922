"""The counting engine: exact, explainable vote counting that anyone can re-check.

Pure Python with the standard library only (no Flask, no database): an :class:`Election` of ids
and numbers goes in, a frozen result with a step-by-step trace comes out. Methods are looked up
by the name stored on a vote in :data:`TALLY_METHODS`. Ballots can be exchanged in the pabulib
``.pb`` format (:mod:`.pabulib`).

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
    PointsResult,
    RankingResult,
    Step,
    TallyResult,
    Tie,
    TieBreak,
    TieStage,
)

#: Every counting method, keyed by the name stored on a vote. Each takes an :class:`Election`.
TALLY_METHODS: dict[str, Callable[[Election], TallyResult]] = {
    "borda": borda,
    "schulze": schulze,
    "irv": irv,
    "points": points,
    "greedy": greedy,
    "mes": mes,
    "mes-plain": mes_plain,
}

#: The ballot kinds each method can count.
METHOD_BALLOT_KINDS: dict[str, frozenset[BallotKind]] = {
    "borda": frozenset({BallotKind.RANKED}),
    "schulze": frozenset({BallotKind.RANKED}),
    "irv": frozenset({BallotKind.RANKED}),
    "points": frozenset({BallotKind.POINTS}),
    "greedy": frozenset({BallotKind.APPROVAL, BallotKind.POINTS}),
    "mes": frozenset({BallotKind.APPROVAL, BallotKind.POINTS}),
    "mes-plain": frozenset({BallotKind.APPROVAL, BallotKind.POINTS}),
}

__all__ = [
    "METHOD_BALLOT_KINDS",
    "TALLY_METHODS",
    "BallotKind",
    "BudgetResult",
    "CountingError",
    "Election",
    "InvalidElection",
    "Option",
    "PabulibError",
    "PbFile",
    "PointsResult",
    "RankingResult",
    "Step",
    "TallyResult",
    "Tie",
    "TieBreak",
    "TieStage",
    "WrongBallotKind",
    "borda",
    "format_pb",
    "greedy",
    "irv",
    "mes",
    "mes_plain",
    "parse_pb",
    "points",
    "read_pb",
    "schulze",
    "write_pb",
]
