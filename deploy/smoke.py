"""Production smoke test: Konsulta started as it runs in production, walked over HTTP.

    .venv/bin/python deploy/smoke.py --pg-admin-url postgresql://postgres@127.0.0.1:5432/postgres \
        --redis-url redis://127.0.0.1:6379/13

What it does, on a fresh PostgreSQL database (dropped afterwards):
  1. two `flask deploy migrate` at once (the advisory lock lets one migrate, the other wait), then
     `flask seed-demo` for published results to read;
  2. gunicorn with several workers (deploy/gunicorn.conf.py, ProductionConfig, JSON logs,
     Redis-backed rate limits and cache), a second gunicorn on another port, and the outbox
     worker (deploy/worker.sh) against a real SMTP sink (aiosmtpd);
  3. over HTTP: /healthz and /readyz on both; register on the first, confirm from the link in
     the e-mail received, log in on the second (same state), read a published vote result on
     both; a message left in the outbox reaches the sink through the worker; failed log-ins on
     both processes share one Redis rate limit; the access log is JSON;
  4. deploy/backup.sh and deploy/restore.sh round-trip the database into another one;
  5. when `docker info` works, the image (deploy/Dockerfile) is built and steps 2-3 run against
     a container; otherwise it says plainly that this part was skipped and why.
Not collected by pytest (it lives outside tests/); `.ci/run` runs it.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
T0 = time.monotonic()


def say(text: str) -> None:
    print(f"[smoke {time.monotonic() - T0:5.1f}s] {text}", flush=True)


class SmokeFailure(AssertionError):
    pass


def check(condition: object, text: str) -> None:
    if not condition:
        raise SmokeFailure(text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the SMTP sink --------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def wait_for(self, address: str, subject_part: str = "", timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for rcpts, message in self.messages:
                    if address in rcpts and subject_part in str(message["Subject"]):
                        return message
            time.sleep(0.2)
        raise SmokeFailure(f"no e-mail to {address} ({subject_part!r}) within {timeout:.0f} s")


def start_smtp_sink() -> tuple[Inbox, object]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return inbox, controller


# --- HTTP client --------------------------------------------------------------------------


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Send the production cookies (Secure) over plain HTTP: the proxy's TLS is not in the test."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar shared by every process (cookies belong to the host, whatever the port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar(PlainHttpPolicy())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, url: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, url: str, **kwargs):
        return self.request(url, **kwargs)

    def post_form(self, page_url: str, fields: dict, post_url: str | None = None):
        """GET the page, take its CSRF token, POST the form with it."""
        status, _, page = self.get(page_url)
        check(status == 200, f"GET {page_url} answered {status}")
        token = csrf_token(page)
        return self.request(post_url or page_url, {"csrf_token": token, **fields})


def csrf_token(page: str) -> str:
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="csrf_token"' in tag:
            match = re.search(r'value="([^"]+)"', tag)
            if match:
                return match.group(1)
    raise SmokeFailure("no CSRF token in the form (production must have CSRF on)")


def wait_http(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SmokeFailure(f"the process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SmokeFailure(f"{url} did not answer within {timeout:.0f} s")


# --- databases --------------------------------------------------------------------------


def psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def with_database(admin_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(psycopg_url(admin_url))
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(psycopg_url(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(psycopg_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(psycopg_url(url)) as conn:
        return conn.execute(sql, params).fetchall()


# --- the production processes ------------------------------------------------------------


class Stack:
    """The environment of one production installation and the processes started in it."""

    def __init__(self, db_url: str, redis_url: str, smtp_port: int, workdir: Path) -> None:
        self.db_url = db_url
        self.redis_url = redis_url
        self.workdir = workdir
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.env = {
            **os.environ,
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "KONSULTA_CONFIG": "production",
            "FLASK_APP": "wsgi",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": sqlalchemy_url(db_url),
            "RATELIMIT_STORAGE_URI": redis_url,
            "CACHE_REDIS_URL": redis_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "MAIL_DEFAULT_SENDER": "Konsulta <no-reply@example.com>",
            "LOG_FORMAT": "json",
            "LOGIN_RATE_LIMIT": "8 per minute",
            "GUNICORN_WORKERS": "3",
            "OUTBOX_INTERVAL": "1",
        }
        self.env.pop("TEST_DATABASE_ADMIN_URL", None)

    def run(self, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            args, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise SmokeFailure(
                f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout + result.stderr

    def start(self, label: str, args: list[str], **extra_env: str) -> subprocess.Popen:
        log_path = self.workdir / f"{label}.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((label, process, log_path))
        return process

    def gunicorn(
        self, label: str, port: int, workers: int, entrypoint: bool = False
    ) -> subprocess.Popen:
        """gunicorn as the systemd unit starts it, or (``entrypoint``) as the container does:
        deploy/entrypoint.sh web, which migrates under the lock and then execs gunicorn."""
        command = (
            ["sh", "deploy/entrypoint.sh", "web"]
            if entrypoint
            else [str(VENV_BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "wsgi:app"]
        )
        return self.start(
            label,
            command,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=str(workers),
            SITE_URL=f"http://127.0.0.1:{port}",
        )

    def stop(self) -> None:
        # Each process leads its own session: TERM its whole group (a worker loop's running
        # `flask` command included), as systemd and Docker do.
        for _, process, _ in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for label, process, _ in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                say(f"{label} had to be killed")

    def dump_logs(self) -> None:
        for label, _, log_path in self.processes:
            print(f"----- {label} ({log_path}) -----")
            print("\n".join(log_path.read_text(errors="replace").splitlines()[-40:]))


# --- the flow -------------------------------------------------------------------------------


def check_health(base: str) -> None:
    browser = Browser()
    status, _, body = browser.get(base + "/healthz")
    check(status == 200 and body.strip() == "ok", f"{base}/healthz: {status} {body[:80]}")
    status, _, body = browser.get(base + "/readyz")
    check(status == 200, f"{base}/readyz: {status} {body[:200]}")
    checks = json.loads(body)["checks"]
    check(checks.get("database") == "ok", f"{base}/readyz database: {checks}")
    check(any(k.startswith("redis") for k in checks), f"{base}/readyz does not check Redis")
    check(all(v == "ok" for v in checks.values()), f"{base}/readyz: {checks}")


def walk(first: str, second: str, inbox: Inbox, db_url: str) -> None:
    """Register on ``first``, confirm by e-mail, log in on ``second``, read published results."""
    browser = Browser()
    email = f"smoke-{secrets.token_hex(4)}@example.com"
    name = "Ewa Sprawdzająca"
    password = "Smoke-" + secrets.token_urlsafe(12)
    status, _, page = browser.post_form(
        first + "/auth/register",
        {
            "name": name,
            "email": email,
            "password": password,
            "password_confirm": password,
            "accept_terms": "y",
        },
    )
    check(status in (200, 302), f"register answered {status}")
    check(status == 302 or "csrf" not in page.lower(), "register refused the CSRF token")
    say(f"registered {email} on {first}")

    message = inbox.wait_for(email)
    text = message.get_body(preferencelist=("plain", "html")).get_content()
    match = re.search(r"https?://\S+?(/auth/confirm/[A-Za-z0-9_.\-]+)", text)
    check(match, f"no confirmation link in the e-mail:\n{text}")
    status, headers, _ = browser.get(first + match.group(1))
    check(status == 302, f"the confirmation link answered {status}")
    rows = query(db_url, "SELECT confirmed_at FROM users WHERE email = %s", (email,))
    check(rows and rows[0][0] is not None, "the account is not confirmed in the database")
    say("confirmed from the link in the e-mail received by the SMTP sink")

    status, headers, _ = browser.post_form(
        second + "/auth/login", {"email": email, "password": password}
    )
    check(status == 302, f"log-in on the second process answered {status}")
    for base in (second, first):
        status, _, page = browser.get(base + "/auth/account")
        check(status == 200 and html.escape(name) in page, f"{base}/auth/account: {status}")
    say("logged in on the second process; the session works on both")

    rows = query(
        db_url,
        "SELECT r.vote_id, o.title FROM vote_results r JOIN vote_options o ON o.vote_id = r.vote_id"
        " WHERE r.published_at IS NOT NULL ORDER BY r.vote_id, o.position LIMIT 1",
    )
    check(rows, "the seeded data has no published vote result")
    vote_id, title = rows[0]
    for base in (first, second):
        status, _, page = browser.get(f"{base}/votes/{vote_id}/results")
        check(status == 200, f"{base}/votes/{vote_id}/results answered {status}")
        check(html.escape(title) in page, f"the published result does not show {title!r}")
    say(f"read the published result of vote {vote_id} on both processes")


def check_open_data_api(bases: tuple[str, str], db_url: str) -> None:
    """The open data API answers on both processes, with the same ETag, and 304 to it."""
    rows = query(db_url, "SELECT vote_id FROM vote_results WHERE published_at IS NOT NULL")
    etags = []
    # One public host name, as behind the proxy (the objects carry absolute links).
    host = {"Host": "konsulta.example.org"}
    for base in bases:
        status, headers, body = Browser().get(base + "/api/v1/votes?per_page=200", headers=host)
        check(status == 200, f"{base}/api/v1/votes answered {status}")
        ids = {vote["id"] for vote in json.loads(body)["data"]}
        check({row[0] for row in rows} <= ids, "a published vote is missing from the API")
        check(headers.get("Access-Control-Allow-Origin") == "*", "no CORS header on the API")
        etags.append(headers["ETag"])
    check(etags[0] == etags[1], f"the two processes give different ETags: {etags}")
    status, _, _ = Browser().get(
        bases[1] + "/api/v1/votes?per_page=200", headers={**host, "If-None-Match": etags[0]}
    )
    check(status == 304, f"If-None-Match answered {status}, not 304")
    say("the open data API answers on both processes (same ETag, 304 to If-None-Match)")


def check_outbox_worker(stack: Stack, inbox: Inbox) -> None:
    """A message written to the outbox only (as the notifications are) reaches the sink."""
    address = f"outbox-{secrets.token_hex(4)}@example.com"
    import psycopg

    with psycopg.connect(psycopg_url(stack.db_url)) as conn:
        conn.execute(
            "INSERT INTO outbox_messages (to_address, locale, kind, subject, text_body,"
            " html_body, headers, status, attempts, next_attempt_at, created_at)"
            " VALUES (%s, 'pl', 'immediate', 'Smoke outbox', 'Delivered by the worker.', '',"
            " '{}', 'pending', 0, now(), now())",
            (address,),
        )
    inbox.wait_for(address, "Smoke outbox", timeout=30)
    rows = query(
        stack.db_url, "SELECT status FROM outbox_messages WHERE to_address = %s", (address,)
    )
    check(rows and rows[0][0] == "sent", f"the outbox row is {rows}")
    say("the outbox worker delivered a queued message to the SMTP sink")


def check_shared_rate_limit(first: str, second: str) -> None:
    """LOGIN_RATE_LIMIT=8/min counted in Redis: failed log-ins on both processes add up."""
    browser = Browser()
    statuses = []
    for attempt in range(10):
        base = first if attempt % 2 == 0 else second
        status, _, _ = browser.post_form(
            base + "/auth/login",
            {"email": "nobody@example.com", "password": "wrong-password-123"},
        )
        statuses.append(status)
    check(429 in statuses, f"no 429 after 10 failed log-ins across two processes: {statuses}")
    # The successful log-in of the walk counted too: 8 allowed in all, so the 8th here at most.
    check(statuses.index(429) >= 6, f"limited too early: {statuses}")
    say(f"failed log-ins on two processes share one limit in Redis: {statuses}")


def check_json_logs(log_path: Path) -> None:
    records = []
    for line in log_path.read_text(errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    access = [r for r in records if r.get("logger") == "gunicorn.access"]
    check(access, f"no JSON access-log records in {log_path}")
    check({"time", "level", "method", "path", "status"} <= access[0].keys(), str(access[0]))
    say(f"logs are JSON ({len(records)} records, {len(access)} access records)")


def run_stack(stack: Stack, inbox: Inbox, bases: tuple[str, str]) -> None:
    first, second = bases
    for base in bases:
        check_health(base)
    say("/healthz and /readyz answer on both processes (database and Redis reachable)")
    walk(first, second, inbox, stack.db_url)
    check_open_data_api(bases, stack.db_url)
    check_outbox_worker(stack, inbox)
    check_shared_rate_limit(first, second)


def backup_roundtrip(stack: Stack, admin_url: str, workdir: Path) -> None:
    if not shutil.which("pg_dump"):
        say("SKIPPED backup/restore: pg_dump is not installed")
        return
    instance = workdir / "instance"
    instance.mkdir()
    (instance / "kept.txt").write_text("a file kept on disk")
    backups = workdir / "backups"
    env = {**stack.env, "INSTANCE_DIR": str(instance)}
    subprocess.run(
        ["bash", "deploy/backup.sh", str(backups)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    dump = next(backups.glob("konsulta-db-*.dump"))
    files = next(backups.glob("konsulta-files-*.tar.gz"))
    name = "konsulta_smoke_restore_" + secrets.token_hex(4)
    create_database(admin_url, name)
    try:
        target = with_database(admin_url, name)
        (instance / "kept.txt").unlink()
        subprocess.run(
            ["bash", "deploy/restore.sh", str(dump), str(files), "--yes"],
            cwd=ROOT,
            env={**env, "DATABASE_URL": sqlalchemy_url(target)},
            check=True,
            capture_output=True,
        )
        counts = [query(url, "SELECT count(*) FROM users")[0][0] for url in (stack.db_url, target)]
        check(counts[0] == counts[1] > 0, f"users before and after restore: {counts}")
        check((instance / "kept.txt").exists(), "the instance file was not restored")
    finally:
        drop_database(admin_url, name)
    say(f"backup.sh + restore.sh round-trip: {counts[1]} accounts, files restored")


def docker_part(stack: Stack, inbox: Inbox) -> None:
    probe = (
        subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=20)
        if shutil.which("docker")
        else None
    )
    if probe is None or probe.returncode != 0:
        reason = "docker is not installed" if probe is None else probe.stderr.strip().splitlines()
        if isinstance(reason, list):
            reason = reason[-1] if reason else "docker info failed"
        say(f"SKIPPED the container part (image build and the same test against it): {reason}")
        return
    tag = "konsulta-smoke:latest"
    say("building the image (deploy/Dockerfile)")
    subprocess.run(
        ["docker", "build", "-q", "-f", "deploy/Dockerfile", "-t", tag, "."],
        cwd=ROOT,
        check=True,
    )
    ports = (free_port(), free_port())
    names = [f"konsulta-smoke-{secrets.token_hex(3)}" for _ in range(3)]
    env_args = []
    for key in (
        "SECRET_KEY",
        "DATABASE_URL",
        "RATELIMIT_STORAGE_URI",
        "CACHE_REDIS_URL",
        "MAIL_SERVER",
        "MAIL_PORT",
        "MAIL_DEFAULT_SENDER",
        "LOG_FORMAT",
        "LOGIN_RATE_LIMIT",
        "OUTBOX_INTERVAL",
    ):
        env_args += ["-e", f"{key}={stack.env[key]}"]
    try:
        for name, role, port in zip(names, ("web", "web", "worker"), (*ports, 0), strict=True):
            extra = ["-e", f"GUNICORN_BIND=127.0.0.1:{port}", "-e", "GUNICORN_WORKERS=2"]
            subprocess.run(
                ["docker", "run", "-d", "--rm", "--network", "host", "--name", name]
                + env_args
                + extra
                + [tag, role],
                check=True,
                capture_output=True,
            )
        bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
        for base in bases:
            wait_http(base + "/healthz", timeout=90)
        subprocess.run(
            ["redis-cli", "-u", stack.redis_url, "flushdb"], check=False, capture_output=True
        )
        run_stack(stack, inbox, bases)
        say("the container image passed the same test")
    finally:
        for name in names:
            subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-admin-url", default=os.environ.get("SMOKE_PG_ADMIN_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("SMOKE_REDIS_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if not args.pg_admin_url or not args.redis_url:
        parser.error("--pg-admin-url and --redis-url are required")

    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    db_name = "konsulta_smoke_" + secrets.token_hex(4)
    create_database(args.pg_admin_url, db_name)
    db_url = with_database(args.pg_admin_url, db_name)
    workdir = Path(tempfile.mkdtemp(prefix="konsulta-smoke-"))
    inbox, controller = start_smtp_sink()
    stack = Stack(db_url, args.redis_url, controller.port, workdir)
    ok = False
    try:
        say(f"fresh database {db_name}; Redis {args.redis_url}; SMTP sink :{controller.port}")
        migrations = [
            stack.start(f"migrate-{i}", [str(VENV_BIN / "flask"), "deploy", "migrate"])
            for i in (1, 2)
        ]
        for process in migrations:
            check(process.wait(timeout=120) == 0, "a concurrent `flask deploy migrate` failed")
        heads = query(db_url, "SELECT version_num FROM alembic_version")
        check(len(heads) == 1, f"alembic_version after two concurrent migrations: {heads}")
        say(f"two concurrent `flask deploy migrate` runs: both succeeded, at {heads[0][0]}")
        ports = (free_port(), free_port())
        first = stack.gunicorn("gunicorn-a", ports[0], workers=3, entrypoint=True)
        second = stack.gunicorn("gunicorn-b", ports[1], workers=2)
        stack.start("worker", ["sh", "deploy/entrypoint.sh", "worker"])
        # the processes boot while the demo data (with published results to read) is written
        stack.run(str(VENV_BIN / "flask"), "seed-demo")
        say("demo data seeded")
        bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
        wait_http(bases[0] + "/healthz", process=first)
        wait_http(bases[1] + "/healthz", process=second)
        say(
            f"entrypoint.sh web (migrate, gunicorn x3) on {bases[0]}, gunicorn x2 on "
            f"{bases[1]}, entrypoint.sh worker (the outbox)"
        )
        run_stack(stack, inbox, bases)
        check_json_logs(workdir / "gunicorn-a.log")
        backup_roundtrip(stack, args.pg_admin_url, workdir)
        docker_part(stack, inbox)
        ok = True
    except (SmokeFailure, subprocess.SubprocessError) as error:
        print(f"SMOKE TEST FAILED: {error}", file=sys.stderr)
        stack.dump_logs()
    finally:
        stack.stop()
        controller.stop()
        drop_database(args.pg_admin_url, db_name)
        redis.Redis.from_url(args.redis_url).flushdb()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    say("passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
