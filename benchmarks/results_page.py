"""Requests/s of the public results page of a 10,000-ballot vote vs a minimal route (a script).

    .venv/bin/python benchmarks/results_page.py                  # SQLite file in /tmp
    .venv/bin/python benchmarks/results_page.py --database-url postgresql+psycopg://...
    .venv/bin/python benchmarks/results_page.py --rounds 1 --duration 5   # quicker

Builds a database with a published Borda vote of 10,000 secret ballots (see
``results_queries.py``), serves the app with gunicorn (2 sync workers, no access log) and runs
wrk (``-t2 -c32``) against ``/healthz`` and the results page alternately in one session, several
rounds. Prints each run, the medians, the ratio (target: the results page at least half the
minimal route's rate) and the peak resident memory of the gunicorn processes. Needs ``wrk``
(``apt-get install -y wrk``). On a small shared machine treat the numbers as relative.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from results_queries import build  # noqa: E402

BALLOTS = 10_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer {url}")


def wrk(url: str, duration: int, threads: int, connections: int) -> tuple[float, str]:
    output = subprocess.run(  # noqa: S603
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses\n{output}")
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)
    return rate, f"p50 {p50}, p99 {p99}"


def process_tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in process_tree(int(child)))]


def peak_rss_mib(pids: list[int]) -> dict[int, float]:
    peaks = {}
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks[pid] = int(match.group(1)) / 1024
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in /tmp")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/results-page.db"
    print(f"database: {url.split('@')[-1]}")
    vote_id = build(url, sizes=(BALLOTS,))[BALLOTS]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-only-secret",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        routes = {
            "minimal /healthz": f"{base}/healthz",
            "results page": f"{base}/votes/{vote_id}/results",
        }
        for address in routes.values():
            wait_until_up(address)
        with urllib.request.urlopen(routes["results page"]) as response:  # noqa: S310
            size = len(response.read())
        print(f"results page of vote {vote_id}: {BALLOTS} ballots, {size} bytes of HTML")
        rates: dict[str, list[float]] = {name: [] for name in routes}
        for number in range(1, args.rounds + 1):
            for name, address in routes.items():
                rate, latency = wrk(address, args.duration, args.threads, args.connections)
                rates[name].append(rate)
                print(f"round {number}: {name:<17} {rate:9.1f} req/s  ({latency})")
        peaks = peak_rss_mib(process_tree(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    ratio = medians["results page"] / medians["minimal /healthz"]
    for name, value in medians.items():
        print(f"median {name:<17} {value:9.1f} req/s")
    print(f"ratio results page / minimal route: {ratio:.2f} (target >= 0.50: {ratio >= 0.5})")
    print(
        "peak RSS of gunicorn processes (MiB): "
        + ", ".join(f"{pid}: {mib:.1f}" for pid, mib in peaks.items())
        + f"; max {max(peaks.values()):.1f}"
    )


if __name__ == "__main__":
    main()
