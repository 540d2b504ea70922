"""The greedy budget rule, as used by almost every Polish city.

Rule: order the options by their number of approvals (approval ballots) or by their total points
(points ballots), highest first; equal scores are ordered by the smaller option id, compared as
text (as ``pabutools`` does by default). Walk down the list and fund each option that still fits
in the remaining budget; skip one that does not fit and continue with the next.

All money is exact (integers of the smallest written unit). The result lists the options in the
order they were funded. A tie is reported when the order among equal scores decided something:
when a tied option was not funded although it would have fitted had it come first in its group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import chain, groupby

from .model import BallotKind, Election
from .money import decimal_places, from_units, to_units
from .results import BudgetResult, Step, Tie, TieBreak, TieStage


class GreedyDecision(StrEnum):
    FUNDED = "funded"
    DOES_NOT_FIT = "does_not_fit"


@dataclass(frozen=True, kw_only=True)
class GreedyStep(Step):
    """One option considered by the greedy rule, in order."""

    kind = "greedy_step"
    option: str
    score: int  # approvals, or total points
    cost: Decimal
    available: Decimal  # budget left before this option
    decision: GreedyDecision


def option_scores(election: Election) -> dict[str, int]:
    """Approvals per option (approval ballots) or total points (points ballots)."""
    scores = dict.fromkeys(election.option_ids, 0)
    if election.kind is BallotKind.APPROVAL:
        scores.update(Counter(chain.from_iterable(election.ballots)))
    else:
        for ballot in election.ballots:
            for option, given in ballot:
                scores[option] += given
    return scores


def greedy(election: Election) -> BudgetResult:
    """Greedy selection by votes or points within the budget (see the module docstring)."""
    election.require_kind("greedy", BallotKind.APPROVAL, BallotKind.POINTS)
    budget = election.require_budget("greedy")
    scores = option_scores(election)
    places = decimal_places([budget, *(option.cost for option in election.options)])
    cost = {option.id: to_units(option.cost, places) for option in election.options}
    order = sorted(scores, key=lambda option: (-scores[option], option))
    available = to_units(budget, places)
    selected: list[str] = []
    trace: list[Step] = []
    ties: list[Tie] = []
    position = 0
    for _, group in groupby(order, key=scores.__getitem__):
        members = list(group)
        at_start = available
        for option in members:
            fits = cost[option] <= available
            trace.append(
                GreedyStep(
                    option=option,
                    score=scores[option],
                    cost=from_units(cost[option], places),
                    available=from_units(available, places),
                    decision=GreedyDecision.FUNDED if fits else GreedyDecision.DOES_NOT_FIT,
                )
            )
            if fits:
                selected.append(option)
                available -= cost[option]
        tie = _deciding_tie(members, position, at_start, cost, selected)
        if tie is not None:
            ties.append(tie)
        position += len(members)
    spent = to_units(budget, places) - available
    return BudgetResult(
        method="greedy",
        budget=budget,
        selected=tuple(selected),
        total_cost=from_units(spent, places),
        leftover=from_units(available, places),
        ties=tuple(ties),
        trace=tuple(trace),
    )


def _deciding_tie(members, position, at_start, cost, selected) -> Tie | None:
    """A tie decided something iff a member lost out that would have fitted as the first one.

    (If every unfunded member was too expensive even at the start of its group, any order of the
    group funds the same options, so the tie-break changed nothing.)
    """
    if len(members) < 2:
        return None
    funded = set(selected)
    lost = [option for option in members if option not in funded and cost[option] <= at_start]
    if not lost:
        return None
    return Tie(
        stage=TieStage.GREEDY_ORDER,
        position=position + 1,
        options=tuple(sorted(members)),
        favoured=tuple(option for option in members if option in funded),
        rule=TieBreak.SMALLER_ID,
    )
