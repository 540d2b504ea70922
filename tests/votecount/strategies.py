"""Hypothesis strategies for random elections, and the settings every counting test uses."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from votecount import BallotKind, Election, Option

# Ids chosen so that text order differs from number order ("10" < "9"), with letters and a
# non-ASCII letter; none contains "," or ";" so every election can also be written to .pb.
ID_POOL = ("1", "2", "3", "5", "9", "10", "12", "20", "100", "a", "b", "Z", "ż")


def counting_settings(max_examples: int) -> settings:
    """Deterministic settings (CI must not flake): fixed seed, no deadline, no example database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def option_ids(max_options: int = 8) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ID_POOL), min_size=1, max_size=max_options, unique=True)


@st.composite
def ranked_elections(
    draw, max_options: int = 8, max_ballots: int = 25, complete: bool = False
) -> Election:
    """Rankings of some or all options (``complete``: all), including empty ballots."""
    ids = draw(option_ids(max_options))

    def ranking(order: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
        if complete:
            return st.just(tuple(order))
        return st.integers(0, len(order)).map(lambda k: tuple(order[:k]))

    ballot = st.permutations(ids).flatmap(ranking)
    at_least = draw(st.sampled_from([1, 4, 10])) if complete else draw(st.sampled_from([0, 4, 10]))
    ballots = draw(st.lists(ballot, min_size=min(at_least, max_ballots), max_size=max_ballots))
    return Election(kind=BallotKind.RANKED, options=[Option(i) for i in ids], ballots=ballots)


# Costs: free options, cheap and expensive ones (some above any budget), and half units.
costs = st.one_of(
    st.just(Decimal(0)),
    st.integers(1, 60).map(Decimal),
    st.integers(1, 250).map(Decimal),
    st.integers(1, 120).map(lambda halves: Decimal(halves) / 2),
)


@st.composite
def budget_elections(
    draw, kind: BallotKind | None = None, max_options: int = 8, max_ballots: int = 15
) -> Election:
    """Approval or points ballots with costs and a budget (empty ballots included)."""
    if kind is None:
        kind = draw(st.sampled_from([BallotKind.APPROVAL, BallotKind.POINTS]))
    ids = draw(option_ids(max_options))
    options = [Option(i, draw(costs)) for i in ids]
    budget = Decimal(draw(st.one_of(st.integers(0, 200), st.integers(100, 400))))
    if kind is BallotKind.APPROVAL:
        ballot = st.frozensets(st.sampled_from(ids))
    else:
        ballot = st.dictionaries(st.sampled_from(ids), st.integers(0, 4))
    at_least = draw(st.sampled_from([0, 4, 10]))
    ballots = draw(st.lists(ballot, min_size=min(at_least, max_ballots), max_size=max_ballots))
    return Election(kind=kind, options=options, ballots=ballots, budget=budget)


@st.composite
def points_elections(draw, max_ballots: int = 20) -> Election:
    """Points ballots with a budget that is a multiple of its rounding unit."""
    ids = draw(option_ids())
    unit = draw(st.sampled_from([Decimal(1), Decimal("0.01"), Decimal(1000), Decimal("2.5")]))
    budget = unit * draw(st.integers(0, 10_000))
    ballot = st.dictionaries(st.sampled_from(ids), st.integers(0, 10))
    ballots = draw(st.lists(ballot, max_size=max_ballots))
    return Election(
        kind=BallotKind.POINTS,
        options=[Option(i) for i in ids],
        ballots=ballots,
        budget=budget,
        rounding_unit=unit,
    )
