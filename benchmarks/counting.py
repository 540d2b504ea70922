"""Benchmark the counting engine against pabutools and pref_voting (a script, not a test).

    .venv/bin/python benchmarks/counting.py            # full size: about 15 minutes
    .venv/bin/python benchmarks/counting.py --quick    # small instances: about a minute
    .venv/bin/python benchmarks/counting.py --only borda,schulze,irv   # ranked sections only

Instances are built from a fixed seed, so every run counts the same ballots:

- participatory budget: 100 projects, 50,000 approval ballots (each approving 1 to 10 projects,
  popularity skewed), costs from 20,000 to 2,000,000, budget 150 per voter;
- ranked vote: 100,000 complete rankings of 30 options (a Plackett-Luce model: a few favourites,
  a long tail), and for our engine also the same ballots cut to the first 1 to 10 choices.

Each measurement runs in a fresh child process: it builds the library's own input from the same
raw ballots (our ``Election``; the reference's instance/profile), counts, and reports the median
wall time of the repetitions, its peak extra memory (growth of the maximum resident set size) and
the outcome. Outcomes are compared: selections (pabutools puts free options in arbitrary order,
so the set and the order of paid options are compared), Borda scores, Schulze and instant-runoff
rankings (pref_voting's ranking by repeated application, ``swf_from_vm``, for the latter two).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from votecount import TALLY_METHODS, BallotKind, Election, Option  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Instances


def approval_instance(voters: int, projects: int = 100, seed: int = 2024):
    """Ids, costs (ints), budget (int) and approval ballots (frozensets of ids)."""
    rng = random.Random(seed)
    ids = [str(j + 1) for j in range(projects)]
    costs = [int(round(10 ** rng.uniform(4.3, 6.3), -3)) for _ in ids]
    popularity = [rng.paretovariate(1.2) for _ in ids]
    ballots = []
    for _ in range(voters):
        size = min(10, 1 + int(rng.expovariate(1 / 4)))
        chosen: set[str] = set()
        while len(chosen) < size:
            chosen.update(rng.choices(ids, weights=popularity, k=size - len(chosen)))
        ballots.append(frozenset(chosen))
    return ids, costs, 150 * voters, ballots


def ranked_instance(voters: int, options: int = 30, seed: int = 2024):
    """Ids and complete rankings drawn from a Plackett-Luce model."""
    rng = random.Random(seed)
    ids = [f"p{j + 1}" for j in range(options)]
    strength = [rng.paretovariate(1.5) for _ in ids]
    ballots = []
    for _ in range(voters):
        keys = [rng.expovariate(1.0) / s for s in strength]
        ballots.append(tuple(ids[j] for j in sorted(range(options), key=keys.__getitem__)))
    return ids, ballots


def truncated(ballots, seed: int = 7):
    rng = random.Random(seed)
    return [ballot[: rng.randint(1, 10)] for ballot in ballots]


# ---------------------------------------------------------------------------------------------
# Our engine


def ours_budget(method, data):
    ids, costs, budget, ballots = data
    election = Election(
        kind=BallotKind.APPROVAL,
        options=[Option(i, Decimal(c)) for i, c in zip(ids, costs, strict=True)],
        ballots=ballots,
        budget=Decimal(budget),
    )
    result = TALLY_METHODS[method](election)
    paid = [option for option in result.selected if election.cost_of(option) > 0]
    return sorted(result.selected), paid


def ours_ranked(method, data):
    ids, ballots = data
    election = Election(kind=BallotKind.RANKED, options=[Option(i) for i in ids], ballots=ballots)
    result = TALLY_METHODS[method](election)
    if method == "borda":
        return {option: int(score) for option, score in result.scores.items()}
    return [sorted(group) for group in result.ranking]


# ---------------------------------------------------------------------------------------------
# References (imported in the child process only)


def pabutools_budget(method, data):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    ids, costs, budget, ballots = data
    instance = Instance(budget_limit=budget)
    projects = {i: Project(i, c) for i, c in zip(ids, costs, strict=True)}
    instance.update(projects.values())
    profile = ApprovalProfile(
        [ApprovalBallot([projects[i] for i in ballot]) for ballot in ballots], instance=instance
    )
    if method == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        increment = 1 if method == "mes" else None
        outcome = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
        )
    names = [project.name for project in outcome]
    cost = dict(zip(ids, costs, strict=True))
    return sorted(names), [name for name in names if cost[name] > 0]


def pref_voting_ranked(method, data):
    from pref_voting.helper import swf_from_vm
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles import Profile

    ids, ballots = data
    index = {option: j for j, option in enumerate(ids)}
    profile = Profile([[index[option] for option in ballot] for ballot in ballots])
    if method == "borda":
        return {ids[c]: int(score) for c, score in profile.borda_scores().items()}
    if method == "irv-winners":
        return sorted(ids[c] for c in instant_runoff(profile))
    vm = beat_path if method == "schulze" else instant_runoff
    ranking = swf_from_vm(vm)(profile)
    groups: dict[int, list[str]] = {}
    for candidate, rank in ranking.rmap.items():
        groups.setdefault(rank, []).append(ids[candidate])
    return [sorted(groups[rank]) for rank in sorted(groups)]


# ---------------------------------------------------------------------------------------------
# Measuring in a child process


def _warm_up(runner) -> None:
    """Import the library before timing, so that import time is not counted."""
    if runner is pabutools_budget:
        import pabutools.rules  # noqa: F401
    elif runner is pref_voting_ranked:
        import pref_voting.iterative_methods  # noqa: F401


def _child(connection, runner, method, data, repeat):
    _warm_up(runner)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, outcome = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        outcome = runner(method, data)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    connection.send((times, outcome, peak))
    connection.close()


def measure(runner, method, data, repeat, timeout):
    """(median seconds, all times, outcome, peak extra KiB) or None after ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, runner, method, data, repeat))
    child.start()
    sender.close()
    if not receiver.poll(timeout):
        child.kill()
        child.join()
        return None
    times, outcome, peak = receiver.recv()
    child.join()
    return statistics.median(times), times, outcome, peak


# ---------------------------------------------------------------------------------------------
# Report


def _seconds(value):
    return f"{value:9.3f}" if value is not None else "        -"


def _megabytes(measured):
    return f"{measured[3] / 1024:7.1f}" if measured else "      -"


def same_outcome(ours, reference) -> str:
    if not ours or not reference:
        return "-"
    return "yes" if ours[2] == reference[2] else "NO"


def report_line(label, ours, reference, same, *, target_ratio=0, target_seconds=0, note=""):
    """One row: our median, the reference's, their ratio, memory, same outcome, targets."""
    ours_time = ours[0] if ours else None
    ref_time = reference[0] if reference else None
    checks = []
    if ours_time and ref_time:
        ratio = f"{ref_time / ours_time:9.1f}x"
        if target_ratio:
            checks.append("ok" if ref_time / ours_time >= target_ratio else f"<{target_ratio}x")
    else:
        ratio = "  timeout" if target_ratio and ours_time and not reference else "        -"
    if target_seconds and ours_time:
        checks.append("ok" if ours_time < target_seconds else f">={target_seconds}s")
    print(
        f"{label:<26}{_seconds(ours_time)} {_seconds(ref_time)} {ratio:>10} "
        f"{_megabytes(ours)} {_megabytes(reference)}  {same:>4}  {' '.join(checks) or '-'}"
        f"{'  ' + note if note else ''}",
        flush=True,
    )


def header(title):
    print(f"\n{title}", flush=True)
    print(
        f"{'method':<26}{'ours s':>9} {'ref s':>9} {'ratio':>10} {'ours MB':>7} {'ref MB':>7}"
        f"  same  targets",
        flush=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small instances (seconds)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of our engine")
    parser.add_argument(
        "--reference-repeat", type=int, default=None, help="repetitions of a reference"
    )
    parser.add_argument(
        "--reference-timeout", type=float, default=None, help="seconds before giving up"
    )
    parser.add_argument("--only", default="", help="comma-separated methods to run")
    args = parser.parse_args(argv)
    quick = args.quick
    voters = 5_000 if quick else 50_000
    rankings = 10_000 if quick else 100_000
    ref_repeat = args.reference_repeat or (3 if quick else 1)
    timeout = args.reference_timeout or (600 if quick else 3600)
    only = set(filter(None, args.only.split(",")))

    def wanted(method):
        return not only or method in only

    print(
        f"Python {sys.version.split()[0]}; our repetitions {args.repeat}, "
        f"reference repetitions {ref_repeat}, reference timeout {timeout:.0f} s"
    )
    print("Times are medians of wall-clock seconds; MB is the growth of peak resident memory.")

    budget_methods = [m for m in ("greedy", "mes-plain", "mes") if wanted(m)]
    if budget_methods:  # e.g. ``--only borda,schulze,irv`` runs the ranked sections only
        budget_data = approval_instance(voters)
        header(
            f"Participatory budget: {len(budget_data[0])} projects, {voters:,} approval "
            f"ballots, budget {budget_data[2]:,}"
        )
    for method in budget_methods:
        ours = measure(ours_budget, method, budget_data, args.repeat, timeout)
        reference = measure(pabutools_budget, method, budget_data, ref_repeat, timeout)
        same = same_outcome(ours, reference)
        report_line(method, ours, reference, same, target_ratio=10)

    ids, ballots = ranked_data = ranked_instance(rankings)
    header(f"Ranked vote: {len(ids)} options, {rankings:,} complete rankings")
    for method in ("borda", "schulze", "irv"):
        if not wanted(method):
            continue
        ours = measure(ours_ranked, method, ranked_data, args.repeat, timeout)
        reference = measure(pref_voting_ranked, method, ranked_data, ref_repeat, timeout)
        note = "full ranking on both sides" if method != "borda" else ""
        same = same_outcome(ours, reference)
        report_line(method, ours, reference, same, target_ratio=10, target_seconds=1, note=note)
        if method == "irv":
            winners = measure(pref_voting_ranked, "irv-winners", ranked_data, ref_repeat, timeout)
            same = "-" if not (ours and winners) else ("yes" if ours[2][0] == winners[2] else "NO")
            note = "reference: instant_runoff winners only; ours: full ranking"
            report_line("irv (ref winners only)", ours, winners, same, target_ratio=10, note=note)

    cut = (ids, truncated(ballots))
    header(
        "Ranked vote, the same ballots cut to their first 1-10 choices (ours only: for truncated "
        "ballots pref_voting needs ProfileWithTies, far slower)"
    )
    for method in ("borda", "schulze", "irv"):
        if wanted(method):
            ours = measure(ours_ranked, method, cut, args.repeat, timeout)
            report_line(method, ours, None, "-", target_seconds=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
