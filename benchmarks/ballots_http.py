"""Ballots/s accepted through the real HTTP endpoint on PostgreSQL (a script, not a test).

    .venv/bin/python benchmarks/ballots_http.py \
        --admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--connections 32]

The app runs under gunicorn (``--workers``, default 2 sync workers) on a throwaway PostgreSQL
database with an open ranked vote and ``--organizations`` verified organizations. wrk (``-t2``,
``--connections`` concurrent clients, default 32) posts the confirm step of the ballot form —
``POST /votes/<id>/ballot/confirm`` with each representative's session cookie and CSRF token,
the request a browser sends — cycling through the organizations, so the first pass inserts
ballots and later passes replace them. Everything the view does is measured: session, log-in
check, CSRF, form parsing, validation, the transaction, the receipt page; the receipt e-mail is
written to the log (``MAIL_TO_CONSOLE``), not sent to a mail server.

Afterwards the rows are counted: every 200 response must be one stored ballot or one
replacement (ballots + replacements = accepted requests), one row per organization.
Needs ``wrk`` (``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ballots_throughput import _create_database, _prepare  # noqa: E402
from benchmarks.results_page import free_port, peak_rss_mib, process_tree  # noqa: E402

SECRET = "benchmark-only-secret"  # noqa: S105 - a throwaway database and server

LUA = """
local requests = {}
%(requests)s
local counter = 0
local offset = 0
local threads_seen = 0

function setup(thread)
  thread:set("offset", threads_seen * math.floor(#requests / 2))
  threads_seen = threads_seen + 1
end

function init(args)
  offset = tonumber(wrk.thread:get("offset")) or 0
end

function request()
  counter = counter + 1
  return requests[((counter + offset - 1) %% #requests) + 1]
end

function done(summary, latency, requests_done)
  io.write(string.format("WRK %%d %%d %%d %%d %%d %%d\\n", summary.duration, summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _signed_requests(app, vote_id: int, voters, option_ids: list[int]) -> list[str]:
    """One wrk.format(...) per organization: its representative's session cookie, CSRF
    token and a ranked ballot (the session is what the log-in form would have stored)."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    serializer = app.session_interface.get_signing_serializer(app)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    lines = []
    for number, (organization_id, user_id) in enumerate(voters):
        with app.test_request_context():
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
            token = generate_csrf()
            cookie = serializer.dumps(dict(session))
        ranked = option_ids[number % len(option_ids) :] + option_ids[: number % len(option_ids)]
        form = [("csrf_token", token), ("organization", str(organization_id))]
        form += [(f"rank-{option}", str(rank)) for rank, option in enumerate(ranked[:3], 1)]
        body = "&".join(f"{key}={value}" for key, value in form)
        headers = (
            "{"
            + f'["Cookie"]={_lua_string(f"{cookie_name}={cookie}")}, '
            + '["Content-Type"]="application/x-www-form-urlencoded"'
            + "}"
        )
        lines.append(
            f'requests[{number + 1}] = wrk.format("POST", '
            f'"/votes/{vote_id}/ballot/confirm", {headers}, {_lua_string(body)})'
        )
    return lines


def _wait_until_up(base: str, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz") as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--admin-url", required=True)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from config import Config

    url, drop = _create_database(args.admin_url)
    server = None
    try:
        app = create_app(Config, {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            print(f"preparing {args.organizations} organizations…", flush=True)
            vote_id, voters = _prepare(args.organizations, 10)
            option_ids = list(
                db.session.scalars(
                    sa.text("SELECT id FROM vote_options WHERE vote_id = :v ORDER BY position"),
                    {"v": vote_id},
                )
            )
            db.session.remove()
            db.engine.dispose()
        script = Path(tempfile.mkdtemp()) / "ballots.lua"
        script.write_text(
            LUA % {"requests": "\n".join(_signed_requests(app, vote_id, voters, option_ids))}
        )

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "MAIL_SERVER": ""}
        server = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--error-logfile",
                "/dev/null",
                "app:create_app()",
            ],
            cwd=ROOT,
            env=env,
        )
        _wait_until_up(base)
        run = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        peaks = peak_rss_mib(process_tree(server.pid))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None

        wrk_line = next(line for line in run.stdout.splitlines() if line.startswith("WRK "))
        micros, total, bad_status, socket_errors, p50, p95 = map(int, wrk_line.split()[1:])
        seconds = micros / 1e6
        accepted = total - bad_status - socket_errors
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            count, distinct, replacements = connection.execute(
                sa.text(
                    "SELECT count(*), count(DISTINCT voter_key), coalesce(sum(replacements), 0)"
                    " FROM ballots WHERE vote_id = :v"
                ),
                {"v": vote_id},
            ).one()
        engine.dispose()
        print(
            f"gunicorn {args.workers} workers; wrk -t2 -c{args.connections} "
            f"-d{args.duration}s; {args.organizations} organizations"
        )
        print(
            f"throughput: {accepted / seconds:.0f} ballots/s accepted "
            f"({accepted} of {total} requests; non-200: {bad_status}; "
            f"socket errors: {socket_errors})"
        )
        print(f"latency: median {p50 / 1000:.1f} ms, p95 {p95 / 1000:.1f} ms")
        print(
            "peak RSS of gunicorn processes (MiB): "
            + ", ".join(f"{mib:.1f}" for mib in peaks.values())
        )
        stored = count + replacements
        print(
            f"rows: {count} ballots for {distinct} voter units, {replacements} replacements "
            f"= {stored} stored (accepted responses: {accepted})"
        )
        # wrk stops mid-request at the end: a request may have been stored without its
        # response being counted, never the other way round
        ok = count == distinct and accepted <= stored <= accepted + args.connections
        print("check: none lost or doubled" if ok else "CHECK FAILED")
        if not ok:
            sys.exit(1)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        drop()


if __name__ == "__main__":
    main()
