"""How often a MES completion's outcome really changes along its grid (a script, not a test).

    .venv/bin/python benchmarks/completion_grid.py                  # Praga-Poludnie, ~1 minute
    .venv/bin/python benchmarks/completion_grid.py --file other.pb --method mes

Issue 13 asks for the completion in at most 1 s as a whole process. Our completion runs MES
once, learns from that run how far every share can grow before any decision of the run could
change, and jumps there (see ``votecount/equal_shares.py``). How much a jump can skip is bounded
by the election itself: this script walks the completion's grid one point at a time (a full run
at every point, as stepping does) and prints

- the grid points walked, and how many runs our completion computes for the same outcome;
- at how many points the *order* of the decisions changes (no method that reuses a run's
  decisions can skip these) and at how many the *funded set* changes (every method has to find
  out each of these by counting again);
- the median time of one run, plain and tracking, and the peak memory of this script.

From these follows the time any completion that counts once per change of the funded set would
need at best (the number of changes times one plain run), to set against the target.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from votecount import equal_shares, rules  # noqa: E402
from votecount.pabulib import read_pb  # noqa: E402

DEFAULT = ROOT / "tests" / "votecount" / "data" / "Poland_Warszawa_2020_Praga-Poludnie.pb"


def _spec(method: str) -> equal_shares.MesSpec:
    if method in ("mes", "mes-pabutools-add1"):
        return equal_shares.PABUTOOLS_ADD1
    found = rules.equalshares_spec(method)
    if found is None:
        raise SystemExit(f"{method}: not a MES completion we know")
    return found[0]


def walk(inst, limit: int) -> list[tuple[tuple[int, ...], int, float]]:
    """(decisions in order, money spent, seconds) of a plain run at every grid point, up to the
    first point where the completion stops."""
    grid = equal_shares._Grid(inst)
    points = []
    for k in range(limit):
        started = time.perf_counter()
        run = equal_shares._run(inst, grid.share(k), events=False, record=False)
        points.append((tuple(run.selected), run.spent, time.perf_counter() - started))
        if run.spent > inst.budget:
            break
        if inst.spec.exhaustive and equal_shares._fits_nothing(inst, run.selected, run.spent):
            break
        if inst.spec.style == "equalshares" and equal_shares._all_funded(inst, run):
            break
    return points


def tracked_seconds(inst, repeat: int) -> float:
    grid = equal_shares._Grid(inst)
    times = []
    for k in range(repeat):
        started = time.perf_counter()
        equal_shares._run(inst, grid.share(k), events=True, record=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT, help="a pabulib .pb file")
    parser.add_argument("--method", default="equalshares/add1", help="a MES completion variant")
    parser.add_argument("--limit", type=int, default=5000, help="grid points walked at most")
    args = parser.parse_args(argv)
    election = read_pb(args.file).to_election()
    inst = equal_shares._Instance(election, _spec(args.method))
    print(f"File: {args.file.name}; {args.method}; {inst.voters} voters, {len(inst.ids)} options")

    started = time.perf_counter()
    kept, grid_steps = equal_shares._complete(inst)
    ours = time.perf_counter() - started
    runs = sum(1 for step in grid_steps if step.computed)

    points = walk(inst, args.limit)
    order_changes = sum(1 for a, b in zip(points, points[1:], strict=False) if a[0] != b[0])
    set_changes = sum(1 for a, b in zip(points, points[1:], strict=False) if set(a[0]) != set(b[0]))
    plain = statistics.median(seconds for _, _, seconds in points)
    tracked = tracked_seconds(inst, min(5, len(points)))
    same = tuple(points[-2 if points[-1][1] > inst.budget else -1][0]) == tuple(kept.selected)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"grid points walked one at a time:           {len(points)}")
    print(
        f"runs our completion computes (jumping):     {runs}  ({ours:.2f} s, same outcome: {same})"
    )
    print(f"points where the order of decisions changes: {order_changes}")
    print(f"points where the funded set changes:         {set_changes}")
    print(
        f"one plain run: {plain * 1000:.0f} ms (median); one tracking run: {tracked * 1000:.0f} ms"
    )
    print(
        f"at best, one plain run per change of the funded set: {(set_changes + 1) * plain:.2f} s; "
        f"per change of the order: {(order_changes + 1) * plain:.2f} s"
    )
    print(f"peak memory of this script: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
