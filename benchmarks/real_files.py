"""Benchmark the recount command on a real election against pabutools' rules (a script, not a test).

    .venv/bin/python benchmarks/real_files.py                    # Praga-Poludnie 2020, ~5 minutes
    .venv/bin/python benchmarks/real_files.py --pabutools-add1   # + pabutools' add1 (~5 minutes)
    .venv/bin/python benchmarks/real_files.py --file other.pb

The default instance is the largest real one we keep, Warszawa 2020 Praga-Poludnie (134
projects, 14,897 approval ballots; ``tests/votecount/data``, from pabulib.org).

**Ours**: the whole process, as a user runs it: ``python -m votecount FILE --method M`` (start-up,
imports, reading the file, counting, printing the summary), and the same with ``--json``
(which also works out every option's explanation). **pabutools**: the rule alone, in a child
process that has already imported pabutools and read the file with its own parser (that time is
not counted). Each figure is the median wall time of ``--repeat`` runs; memory is the peak
resident set size of the process (ours: the whole command; pabutools: the whole child, file and
library included). Outcomes are compared (the funded projects as sets).

Targets (issue 13): greedy and plain MES at least 20 times faster as a whole process than
pabutools' rule alone; MES with completion at most 1 s as a whole process.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "votecount" / "data" / "Poland_Warszawa_2020_Praga-Poludnie.pb"

#: (label, our rule, pabutools rule or None, target)
ROWS = [
    ("greedy", "greedy", "greedy", ("ratio", 20)),
    ("MES, no completion", "mes-plain", "mes-plain", ("ratio", 20)),
    ("MES (equalshares), no compl.", "equalshares", "mes-plain", ("ratio", 20)),
    ("MES + pabutools add1", "mes", "mes", ("seconds", 1.0)),
    ("MES + equalshares add1", "equalshares/add1", None, ("seconds", 1.0)),
]


def whole_process(file: Path, method: str, extra: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and standard output of one ``python -m votecount`` run.

    The peak is the largest of the calling process's children: call this in a fresh child
    (:func:`_isolated`) for it to be this run's own.
    """
    command = [sys.executable, "-m", "votecount", str(file), "--method", method, *extra]
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        command, cwd=ROOT, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.decode()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak, completed.stdout.decode()


def measure_ours(file: Path, method: str, repeat: int, extra: list[str]):
    """(median seconds, peak KiB of the runs, the JSON outcome)."""
    times, peaks = [], []
    for _ in range(repeat):
        elapsed, peak, _ = _isolated(whole_process, file, method, extra)
        times.append(elapsed)
        peaks.append(peak)
    _, _, out = whole_process(file, method, ["--json"])
    return statistics.median(times), max(peaks), json.loads(out)


def _isolated(function, *args):
    """Run ``function`` in a fresh child so that RUSAGE_CHILDREN is this run's own peak."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target():
        elapsed, peak, _ = function(*args)
        sender.send((elapsed, peak, ""))

    child = context.Process(target=target)
    child.start()
    result = receiver.recv()
    child.join()
    return result


def _pabutools_child(connection, file: str, rule: str, repeat: int) -> None:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = parse_pabulib(file)
    times, outcome = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        if rule == "greedy":
            outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        else:
            increment = 1 if rule == "mes" else None
            outcome = method_of_equal_shares(
                instance, profile, sat_class=Cost_Sat, voter_budget_increment=increment
            )
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    connection.send((statistics.median(times), peak, sorted(p.name for p in outcome)))
    connection.close()


def measure_pabutools(file: Path, rule: str, repeat: int, timeout: float):
    """(median seconds of the rule alone, peak KiB of the child, funded projects) or None."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_pabutools_child, args=(sender, str(file), rule, repeat))
    child.start()
    sender.close()
    if not receiver.poll(timeout):
        child.kill()
        child.join()
        return None
    result = receiver.recv()
    child.join()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT, help="a pabulib .pb file")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument(
        "--pabutools-repeat", type=int, default=3, help="runs of a pabutools rule (median)"
    )
    parser.add_argument(
        "--pabutools-add1",
        action="store_true",
        help="also time pabutools' MES with add1 (about 4 minutes per run, run once)",
    )
    args = parser.parse_args(argv)
    file: Path = args.file
    print(f"File: {file.name}; Python {sys.version.split()[0]}; {os.cpu_count()} CPU(s)")
    print(
        f"Ours: whole process `python -m votecount FILE --method M`, median of {args.repeat}; "
        f"pabutools: the rule alone, median of {args.pabutools_repeat}."
    )
    header = (
        f"{'rule':<30}{'ours s':>8}{'--json s':>10}{'ours MB':>9}{'pabutools s':>13}"
        f"{'pt MB':>7}{'ratio':>8}  same  target"
    )
    print(header)
    for label, ours_rule, their_rule, (kind, goal) in ROWS:
        seconds, peak, outcome = measure_ours(file, ours_rule, args.repeat, [])
        json_seconds, _, _ = measure_ours(file, ours_rule, max(1, args.repeat // 2), ["--json"])
        reference = None
        if their_rule == "mes" and not args.pabutools_add1:
            note = "pabutools add1 skipped (--pabutools-add1)"
        elif their_rule is not None:
            repeat = 1 if their_rule == "mes" else args.pabutools_repeat
            reference = measure_pabutools(file, their_rule, repeat, timeout=3600)
            note = ""
        else:
            note = "no pabutools counterpart"
        ref_seconds = f"{reference[0]:13.2f}" if reference else f"{'-':>13}"
        ref_peak = f"{reference[1] / 1024:7.0f}" if reference else f"{'-':>7}"
        ratio = reference[0] / seconds if reference else None
        same = "-"
        if reference:
            same = "yes" if sorted(outcome["selected"]) == reference[2] else "NO"
        if kind == "ratio":
            met = ratio is not None and ratio >= goal
            target = f">= {goal}x: {'met' if met else 'NOT met'}"
        else:
            met = seconds <= goal
            target = f"<= {goal:g} s: {'met' if met else 'NOT met'}"
        completion = [s for s in outcome["trace"] if s["step"] == "mes_completion"]
        if completion:
            runs = sum(1 for step in completion if step.get("computed", True))
            note = (note + "; " if note else "") + (
                f"{runs} runs for {len(completion)} grid points"
            )
        print(
            f"{label:<30}{seconds:8.2f}{json_seconds:10.2f}{peak / 1024:9.0f}{ref_seconds}"
            f"{ref_peak}{(f'{ratio:7.1f}x' if ratio else f'{chr(45):>8}')}  {same:>4}  {target}"
            f"{'  (' + note + ')' if note else ''}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
