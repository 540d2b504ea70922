"""An independent, deliberately plain implementation of the equalshares.net definitions.

Written from the published description (equalshares.net: "Completion", "Tie breaking",
"Computation"; the computation tool's options), not from the engine: every voter's money is a
``Fraction``, every round prices every option from scratch, and the add1 search steps one
increment at a time. It is slow and only meant for small elections in the tests.

Definitions used (the engine's docstrings state the same ones):

- A run from share ``b``: every voter starts with ``b``. Options with a positive cost and at
  least one supporter take part. Each round, an option is affordable if its supporters hold at
  least its cost; its price is the smallest ``rho`` with ``sum(min(money_i, rho * u_i)) ==
  cost`` (``u_i`` = 1 for an approval, the points otherwise). The option with the smallest
  price per unit of utility is funded (approval: the smallest ``payment / cost``, i.e. the
  largest effective vote count ``cost / payment``), ties by the chain (``mincost``:
  cheaper; ``maxvotes``: more supporters, more points on points ballots; ``maxcost``: dearer)
  and then the smaller id; every supporter pays ``min(money_i, rho * u_i)``.
- add1: if all options together cost at most ``B``, one run from ``B / n``. Otherwise runs
  from ``start``, ``start + inc``, ... (``start`` = ``B / n``, or rounded down to a whole
  unit with ``integral``); the outcome of a run is kept while it costs at most ``B``; the
  search stops at the first run over ``B``, or (``exhaustive``) after an outcome to which no
  unfunded option can be added within ``B``, or after an outcome that funds every option that
  takes part (where the published search would go on for ever).
- fill (add1u, utilitarian): options by votes (points), most first, in election order when
  equal; each one not yet funded is funded if it fits.
- comparison: greedy = the fill from nothing; with ``satisfaction`` a voter prefers the outcome
  with more of their approved options (more points); with ``exclusion`` the outcome funding at
  least one of them when the other funds none. Greedy replaces MES only if strictly more voters
  prefer it.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor

from votecount import BallotKind, Election


def cost(election: Election, option: str) -> Fraction:
    return Fraction(election.cost_of(option))


def utilities(election: Election) -> dict[str, dict[int, int]]:
    """Per option: voter -> utility (1 per approval, points otherwise; positive only)."""
    table: dict[str, dict[int, int]] = {option: {} for option in election.option_ids}
    for voter, ballot in enumerate(election.ballots):
        if election.kind is BallotKind.APPROVAL:
            for option in ballot:
                table[option][voter] = 1
        else:
            for option, points in ballot:
                if points > 0:
                    table[option][voter] = points
    return table


def votes(election: Election) -> dict[str, int]:
    return {option: sum(us.values()) for option, us in utilities(election).items()}


def price(amount: Fraction, supporters: dict[int, int], money: list[Fraction]) -> Fraction | None:
    """The smallest rho paying ``amount`` (money per unit of utility), or None if unaffordable."""
    if sum(money[voter] for voter in supporters) < amount:
        return None
    order = sorted(supporters, key=lambda voter: money[voter] / supporters[voter])
    paid = Fraction(0)
    weight = sum(supporters.values())
    for voter in order:
        rho = (amount - paid) / weight
        if rho * supporters[voter] <= money[voter]:
            return rho
        paid += money[voter]
        weight -= supporters[voter]
    raise AssertionError("an affordable option always has a price")  # pragma: no cover


def tie_key(election: Election, option: str, chain: tuple[str, ...], counts: dict[str, int]):
    key = []
    for rule in chain:
        if rule == "mincost":
            key.append(cost(election, option))
        elif rule == "maxvotes":
            key.append(-counts[option])
        elif rule == "maxcost":
            key.append(-cost(election, option))
        else:  # pragma: no cover
            raise ValueError(rule)
    return (*key, option)


def run(election: Election, share: Fraction, chain: tuple[str, ...]) -> list[str]:
    """One run of MES from ``share`` per voter; the funded options in order."""
    table = utilities(election)
    counts = votes(election)
    money = [Fraction(share)] * len(election.ballots)
    remaining = [o for o in election.option_ids if cost(election, o) > 0 and table[o]]
    funded: list[str] = []
    approval = election.kind is BallotKind.APPROVAL
    while True:
        prices = {}
        for option in remaining:
            rho = price(cost(election, option), table[option], money)
            if rho is not None:
                # approval: compare the payment per unit of cost (rho is the payment here)
                prices[option] = rho / cost(election, option) if approval else rho
        if not prices:
            return funded
        best = min(prices.values())
        tied = [option for option, value in prices.items() if value == best]
        winner = min(tied, key=lambda option: tie_key(election, option, chain, counts))
        rho = price(cost(election, winner), table[winner], money)
        for voter, utility in table[winner].items():
            money[voter] -= min(money[voter], rho * utility)
        funded.append(winner)
        remaining.remove(winner)


def total(election: Election, options) -> Fraction:
    return sum((cost(election, o) for o in options), Fraction(0))


def fill(election: Election, funded: list[str]) -> list[str]:
    counts = votes(election)
    order = sorted(election.option_ids, key=lambda option: -counts[option])  # stable
    result = list(funded)
    spent = total(election, result)
    for option in order:
        if option not in result and spent + cost(election, option) <= election.budget:
            result.append(option)
            spent += cost(election, option)
    return result


def prefers(election: Election, ours: list[str], theirs: list[str], criterion: str):
    table = utilities(election)

    def satisfaction(outcome, voter):
        values = [table[o].get(voter, 0) for o in outcome]
        if criterion == "satisfaction":
            return sum(values)
        return 1 if any(values) else 0

    mes_side = greedy_side = 0
    for voter in range(len(election.ballots)):
        a, b = satisfaction(ours, voter), satisfaction(theirs, voter)
        mes_side += a > b
        greedy_side += b > a
    return mes_side, greedy_side


def equal_shares(
    election: Election,
    *,
    completion: str = "add1",
    integral: bool = False,
    exhaustive: bool = False,
    increment: int = 1,
    chain: tuple[str, ...] = ("mincost", "maxvotes"),
    comparison: str | None = None,
) -> tuple[list[str], Fraction]:
    """The outcome (funded options, in order) and the share of the run it comes from."""
    budget = Fraction(election.budget)
    n = len(election.ballots)
    if n == 0:
        return [], Fraction(0)
    share = budget / n
    outcome = run(election, share, chain)
    eligible = {o for o, us in utilities(election).items() if us and cost(election, o) > 0}
    if completion in ("add1", "add1u") and total(election, election.option_ids) > budget:
        share = Fraction(floor(budget / n)) if integral else budget / n
        outcome = run(election, share, chain)
        while True:
            left = budget - total(election, outcome)
            if exhaustive and not any(
                cost(election, o) <= left for o in election.option_ids if o not in outcome
            ):
                break
            if eligible <= set(outcome):
                break
            following = run(election, share + increment, chain)
            if total(election, following) > budget:
                break
            share, outcome = share + increment, following
    if completion in ("add1u", "utilitarian"):
        outcome = fill(election, outcome)
    if comparison is not None:
        greedy = fill(election, [])
        mes_side, greedy_side = prefers(election, outcome, greedy, comparison)
        if greedy_side > mes_side:
            outcome = greedy
    return outcome, share
