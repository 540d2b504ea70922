"""Adapters that count an :class:`Election` with the reference libraries.

``pabutools`` (budget rules) and ``pref_voting`` (ranked rules) are dev dependencies used only
here, so the counting engine itself never imports them.

Reference settings, matched to the definitions in the engine's docstrings:

- greedy, approval ballots: ``greedy_utilitarian_welfare`` with ``Cost_Sat``. It orders by
  satisfaction per unit of cost, which for cost satisfaction is the number of approvals.
- greedy, points ballots: the same rule with a satisfaction of ``points * cost`` (pabutools has
  no built-in class for it): satisfaction per unit of cost is then the total points.
- MES: ``method_of_equal_shares`` with ``Cost_Sat`` (approval) or ``Additive_Cardinal_Sat``
  (points); the add1 completion is ``voter_budget_increment=1``.
- ranked rules: ``ProfileWithTies`` with extended strict preference (a ranked option beats an
  unranked one), so truncated ballots mean what the engine's definitions say. The full ranking
  is ``swf_from_vm(method)``: winners first, then the winners among the rest, and so on.
"""

from __future__ import annotations

from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    CardinalBallot,
    CardinalProfile,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.election.satisfaction import AdditiveSatisfaction
from pabutools.fractions import str_as_frac
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pref_voting.helper import swf_from_vm
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles import Profile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import symmetric_borda_scores

from votecount import BallotKind, Election


def _points_times_cost(instance, profile, ballot, project, precomputed_values):
    return ballot.get(project, 0) * project.cost


class PointsTimesCostSat(AdditiveSatisfaction):
    """Satisfaction ``points * cost``: greedy then orders by total points."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, _points_times_cost)


def pabutools_instance(election: Election):
    instance = Instance(budget_limit=str_as_frac(str(election.budget)))
    projects = {o.id: Project(o.id, str_as_frac(str(o.cost))) for o in election.options}
    instance.update(projects.values())
    if election.kind is BallotKind.APPROVAL:
        ballots = [ApprovalBallot([projects[i] for i in ballot]) for ballot in election.ballots]
        profile = ApprovalProfile(ballots, instance=instance)
    else:
        ballots = [
            CardinalBallot({projects[i]: points for i, points in ballot})
            for ballot in election.ballots
        ]
        profile = CardinalProfile(ballots, instance=instance)
    return instance, profile


def pabutools_selection(election: Election, rule: str) -> list[str]:
    """The projects pabutools selects with ``rule`` ("greedy", "mes", "mes-plain"), in order."""
    instance, profile = pabutools_instance(election)
    approval = election.kind is BallotKind.APPROVAL
    if rule == "greedy":
        sat = Cost_Sat if approval else PointsTimesCostSat
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    else:
        sat = Cost_Sat if approval else Additive_Cardinal_Sat
        increment = 1 if rule == "mes" else None
        outcome = method_of_equal_shares(
            instance, profile, sat_class=sat, voter_budget_increment=increment
        )
    return [project.name for project in outcome]


def _profile_with_ties(election: Election) -> ProfileWithTies:
    index = {option: i for i, option in enumerate(election.option_ids)}
    rankings = [
        {index[option]: rank for rank, option in enumerate(ballot, 1)}
        for ballot in election.ballots
    ]
    profile = ProfileWithTies(rankings, candidates=list(range(len(index))))
    profile.use_extended_strict_preference()
    return profile


def _linear_profile(election: Election) -> Profile:
    index = {option: i for i, option in enumerate(election.option_ids)}
    return Profile([[index[option] for option in ballot] for ballot in election.ballots])


def _ids(election: Election, candidates) -> set[str]:
    return {election.option_ids[int(c)] for c in candidates}


def _groups(election: Election, ranking) -> list[set[str]]:
    by_rank: dict[int, set[str]] = {}
    for candidate, rank in ranking.rmap.items():
        by_rank.setdefault(rank, set()).add(election.option_ids[int(candidate)])
    return [by_rank[rank] for rank in sorted(by_rank)]


_VOTING_METHODS = {"schulze": beat_path, "irv": instant_runoff}


def pref_voting_winners(election: Election, method: str, linear: bool = False) -> set[str]:
    """Winners by pref_voting; ``linear`` uses the numpy ``Profile`` (complete rankings only)."""
    profile = _linear_profile(election) if linear else _profile_with_ties(election)
    return _ids(election, _VOTING_METHODS[method](profile))


def pref_voting_ranking(election: Election, method: str) -> list[set[str]]:
    """The full ranking by repeated application of ``method``, as tie groups."""
    ranking = swf_from_vm(_VOTING_METHODS[method])(_profile_with_ties(election))
    return _groups(election, ranking)


def symmetric_borda(election: Election) -> dict[str, int]:
    """pref_voting's Borda score for truncated ballots (ranked below minus ranked above)."""
    scores = symmetric_borda_scores(_profile_with_ties(election))
    return {election.option_ids[int(c)]: int(score) for c, score in scores.items()}


def positional_borda(election: Election) -> dict[str, int]:
    """pref_voting's Borda score for complete rankings (``m - position`` points)."""
    scores = _linear_profile(election).borda_scores()
    return {election.option_ids[int(c)]: int(score) for c, score in scores.items()}
