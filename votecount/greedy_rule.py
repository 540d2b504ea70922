"""The greedy budget rule, as used by almost every Polish city, and its common variants.

Rule (``greedy``): order the options by their number of approvals (approval ballots) or by their
total points (points ballots), highest first; equal scores are ordered by the smaller option id,
compared as text (as ``pabutools`` does by default). Walk down the list and fund each option
that still fits in the remaining budget; skip one that does not fit and continue with the next.

Variants (pabulib's names for the rules cities use):

- ``greedy-no-skip``: the same walk, but it stops at the first option that does not fit.
- ``greedy-threshold``: the same walk as ``greedy``, but an option with fewer votes (points)
  than the election's ``min_score`` is not funded. The election must have a ``min_score``.
- ``greedy-no-skip`` also leaves unfunded the options below ``min_score`` when the election
  has one (its walk stops there: they come last).
- Equal scores, instead of the smaller id: ``file`` (the order of the options in the election,
  i.e. the PROJECTS order of a ``.pb`` file, which pabulib files list in the official order),
  ``mincost`` (the cheaper first) or ``maxcost`` (the dearer first), the smaller id settling
  what is still equal. :mod:`.rules` names them ``greedy-tie-file`` and so on.

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

from .model import BallotKind, Election, InvalidElection
from .money import decimal_places, from_units, to_units
from .results import (
    BudgetResult,
    GreedyExplanation,
    GreedyReason,
    Step,
    Tie,
    TieBreak,
    TieStage,
    frozen_mapping,
)


class GreedyDecision(StrEnum):
    FUNDED = "funded"
    DOES_NOT_FIT = "does_not_fit"
    BELOW_THRESHOLD = "below_threshold"
    NOT_REACHED = "not_reached"


class GreedyVariant(StrEnum):
    SKIP = "greedy"
    NO_SKIP = "greedy-no-skip"
    THRESHOLD = "greedy-threshold"


class GreedyTies(StrEnum):
    """How equal scores are ordered."""

    ID = "id"  # the smaller option id (as text) first: pabutools' default
    FILE = "file"  # the order of the options in the election
    MIN_COST = "mincost"  # the cheaper first
    MAX_COST = "maxcost"  # the dearer first


_TIE_LABELS = {
    GreedyTies.ID: TieBreak.SMALLER_ID,
    GreedyTies.FILE: TieBreak.FILE_ORDER,
    GreedyTies.MIN_COST: TieBreak.LOWER_COST,
    GreedyTies.MAX_COST: TieBreak.HIGHER_COST,
}


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
    return count_greedy(election, GreedyVariant.SKIP, "greedy")


def count_greedy(
    election: Election,
    variant: GreedyVariant,
    method: str,
    ties: GreedyTies = GreedyTies.ID,
    name: str | None = None,
) -> BudgetResult:
    """Count ``election`` with a greedy ``variant`` breaking equal scores by ``ties``;
    ``method`` is the name asked for, ``name`` the canonical one (default: the variant's)."""
    election.require_kind(method, BallotKind.APPROVAL, BallotKind.POINTS)
    budget = election.require_budget(method)
    threshold = election.min_score
    if variant is GreedyVariant.THRESHOLD and threshold is None:
        raise InvalidElection(
            f"rule {variant.value!r} needs the minimum number of votes an option must get "
            "(pabulib META min_project_score_threshold)"
        )
    if variant is GreedyVariant.SKIP:
        threshold = None
    scores = option_scores(election)
    places = decimal_places([budget, *(option.cost for option in election.options)])
    cost = {option.id: to_units(option.cost, places) for option in election.options}
    if ties is GreedyTies.FILE:
        position_of = {option: index for index, option in enumerate(election.option_ids)}
        order = sorted(scores, key=lambda option: (-scores[option], position_of[option]))
    elif ties is GreedyTies.MIN_COST:
        order = sorted(scores, key=lambda option: (-scores[option], cost[option], option))
    elif ties is GreedyTies.MAX_COST:
        order = sorted(scores, key=lambda option: (-scores[option], -cost[option], option))
    else:
        order = sorted(scores, key=lambda option: (-scores[option], option))
    available = to_units(budget, places)
    selected: list[str] = []
    trace: list[Step] = []
    deciding: list[Tie] = []
    explanations: dict[str, GreedyExplanation] = {}
    position = 0
    stopped = False
    for _, group in groupby(order, key=scores.__getitem__):
        members = list(group)
        at_start = available
        stopped_before = stopped
        for option in members:
            position += 1
            decision = _decide(scores[option], cost[option], available, threshold, stopped)
            if decision is GreedyDecision.DOES_NOT_FIT and variant is GreedyVariant.NO_SKIP:
                stopped = True
            if decision is GreedyDecision.BELOW_THRESHOLD and variant is GreedyVariant.NO_SKIP:
                stopped = True
            reached = decision is not GreedyDecision.NOT_REACHED
            trace.append(
                GreedyStep(
                    option=option,
                    score=scores[option],
                    cost=from_units(cost[option], places),
                    available=from_units(available, places),
                    decision=decision,
                )
            )
            explanations[option] = GreedyExplanation(
                option=option,
                funded=decision is GreedyDecision.FUNDED,
                reason=GreedyReason(decision.value),
                cost=from_units(cost[option], places),
                score=scores[option],
                position=position,
                available=from_units(available, places) if reached else None,
                shortfall=(
                    from_units(cost[option] - available, places)
                    if decision is GreedyDecision.DOES_NOT_FIT
                    else None
                ),
                threshold=threshold,
            )
            if decision is GreedyDecision.FUNDED:
                selected.append(option)
                available -= cost[option]
        below = threshold is not None and scores[members[0]] < threshold
        tie = None
        if not below and not stopped_before:
            tie = _deciding_tie(members, position - len(members), at_start, cost, selected, ties)
        if tie is not None:
            deciding.append(tie)
    spent = to_units(budget, places) - available
    return BudgetResult(
        method=method,
        variant=name or variant.value,
        budget=budget,
        selected=tuple(selected),
        total_cost=from_units(spent, places),
        leftover=from_units(available, places),
        ties=tuple(deciding),
        trace=tuple(trace),
        explanations=frozen_mapping({option: explanations[option] for option in scores}),
    )


def _decide(score, cost, available, threshold, stopped) -> GreedyDecision:
    if stopped:
        return GreedyDecision.NOT_REACHED
    if threshold is not None and score < threshold:
        return GreedyDecision.BELOW_THRESHOLD
    if cost <= available:
        return GreedyDecision.FUNDED
    return GreedyDecision.DOES_NOT_FIT


def _deciding_tie(members, position, at_start, cost, selected, ties) -> Tie | None:
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
        rule=_TIE_LABELS[ties],
    )
