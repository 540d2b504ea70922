"""Ballots accepted per second on PostgreSQL with concurrent clients (a script, not a test).

    .venv/bin/python benchmarks/ballots_throughput.py \
        --admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--clients 32]

What it measures: the **service layer** (``app.priorities.services.cast_ballot`` plus the
commit), the same code path and transaction as the confirm view minus HTTP, templating and mail.
The ``--clients`` clients are threads spread over ``--processes`` processes (like app workers under
gunicorn; one process alone is bound by the GIL), each with its own application context, session
and database connection, casting ballots as fast as it can. Every organization votes
``--rounds`` times (default 2), so both paths are timed: the first ballot is an insert, the
later ones replace it under a row lock.
Submission order is shuffled, so replacements of one organization can run concurrently.

Afterwards the rows are counted to prove that none was lost or doubled: exactly one ballot per
organization, replacements summing to submissions − organizations, one kept receipt digest per
replacement. A throwaway database is created for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _create_database(admin_url: str) -> tuple[str, callable]:
    name = f"konsulta_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop


def _prepare(organizations: int, options: int) -> tuple[int, list[tuple[int, int]]]:
    """An open ranked vote and ``organizations`` verified organizations with a representative."""
    from app.auth.models import Role
    from tests.factories import make_organization, make_user, make_vote

    vote = make_vote(official=make_user(role=Role.OFFICIAL), options=options)
    voters = []
    for _n in range(organizations):
        organization = make_organization()
        voters.append((organization.id, organization.memberships[0].user_id))
    return vote.id, voters


def _warm_up(app, vote_id, jobs, contents) -> None:
    """Cast one ballot and roll it back before the clients start.

    The first ORM insert of a process builds SQLAlchemy's annotated statement classes; when 8
    threads do that at once, one of them may build a class that skips the compilation cache
    (an ``SAWarning`` about ``AnnotatedInsert``) and every later insert of that process is
    compiled again. Served by gunicorn's sync workers this cannot happen (one request at a time).
    """
    from app.auth.models import User
    from app.common.timeutil import utcnow
    from app.extensions import db
    from app.organizations.models import Organization
    from app.priorities import services
    from app.priorities.models import Vote

    organization_id, user_id = jobs[0]
    with app.app_context():
        services.cast_ballot(
            db.session.get(Vote, vote_id),
            contents[0],
            db.session.get(User, user_id),
            utcnow(),
            organization=db.session.get(Organization, organization_id),
        )
        db.session.rollback()
        db.session.remove()


def _child(url, vote_id, jobs, contents, threads, start_line, queue) -> None:
    """One client process: ``threads`` clients, each with its own session and connection."""
    from app import create_app
    from app.auth.models import User
    from app.common.timeutil import utcnow
    from app.extensions import db
    from app.organizations.models import Organization
    from app.priorities import services
    from app.priorities.models import Vote
    from config import TestingConfig

    app = create_app(
        TestingConfig,
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": threads + 1, "max_overflow": 0},
        },
    )
    lock = threading.Lock()
    cursor = iter(range(len(jobs)))
    latencies: list[float] = []
    errors: list[str] = []
    ready = threading.Barrier(threads + 1)

    def client() -> None:
        with app.app_context():
            db.session.execute(sa.text("SELECT 1"))  # connect before the clock starts
            db.session.remove()
            ready.wait()
            while True:
                with lock:
                    index = next(cursor, None)
                if index is None:
                    break
                organization_id, user_id = jobs[index]
                started = time.perf_counter()
                try:
                    vote = db.session.get(Vote, vote_id)
                    organization = db.session.get(Organization, organization_id)
                    user = db.session.get(User, user_id)
                    services.cast_ballot(
                        vote, contents[index], user, utcnow(), organization=organization
                    )
                    db.session.commit()
                except Exception as error:  # report, keep going
                    db.session.rollback()
                    errors.append(repr(error))
                finally:
                    db.session.remove()
                latencies.append(time.perf_counter() - started)

    _warm_up(app, vote_id, jobs, contents)
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    ready.wait()
    start_line.wait()
    start = time.time()
    for worker in workers:
        worker.join()
    end = time.time()
    queue.put(
        {
            "latencies": latencies,
            "errors": errors,
            "start": start,
            "end": end,
            "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--admin-url", required=True)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--options", type=int, default=10)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    url, drop = _create_database(args.admin_url)
    try:
        app = create_app(
            TestingConfig,
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.clients + 2, "max_overflow": 0},
            },
        )
        with app.app_context():
            upgrade(directory=str(Path(app.root_path).parent / "migrations"))
            print(f"preparing {args.organizations} organizations…", flush=True)
            vote_id, voters = _prepare(args.organizations, args.options)
            option_keys = [
                str(i)
                for i in db.session.scalars(
                    sa.text("SELECT id FROM vote_options WHERE vote_id = :v ORDER BY position"),
                    {"v": vote_id},
                )
            ]
            db.session.remove()
        with app.app_context():
            db.engine.dispose()  # the children open their own connections
        rng = random.Random(2026)
        jobs = [voter for voter in voters for _round in range(args.rounds)]
        rng.shuffle(jobs)
        contents = [rng.sample(option_keys, rng.randint(1, len(option_keys))) for _ in jobs]
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        start_line = context.Barrier(args.processes)
        threads_each = args.clients // args.processes
        children = [
            context.Process(
                target=_child,
                args=(
                    url,
                    vote_id,
                    jobs[n :: args.processes],
                    contents[n :: args.processes],
                    threads_each,
                    start_line,
                    queue,
                ),
            )
            for n in range(args.processes)
        ]
        for child in children:
            child.start()
        reports = [queue.get() for _ in children]
        for child in children:
            child.join()
        latencies = [x for r in reports for x in r["latencies"]]
        errors = [x for r in reports for x in r["errors"]]
        elapsed = max(r["end"] for r in reports) - min(r["start"] for r in reports)
        peak = max(r["peak_kb"] for r in reports)

        with app.app_context():
            count = db.session.scalar(
                sa.text("SELECT count(*) FROM ballots WHERE vote_id = :v"), {"v": vote_id}
            )
            distinct = db.session.scalar(
                sa.text("SELECT count(DISTINCT voter_key) FROM ballots WHERE vote_id = :v"),
                {"v": vote_id},
            )
            replacements = db.session.scalar(
                sa.text("SELECT coalesce(sum(replacements), 0) FROM ballots WHERE vote_id = :v"),
                {"v": vote_id},
            )
            kept = db.session.scalar(
                sa.text("SELECT count(*) FROM ballot_replaced_receipts WHERE vote_id = :v"),
                {"v": vote_id},
            )
            db.session.remove()
            db.engine.dispose()

        accepted = len(jobs) - len(errors)
        print(
            f"clients: {args.clients}; submissions: {len(jobs)} "
            f"({args.organizations} organizations × {args.rounds}); errors: {len(errors)}"
        )
        print(f"throughput: {accepted / elapsed:.0f} ballots/s accepted ({elapsed:.2f} s)")
        print(
            f"latency per ballot: median {statistics.median(latencies) * 1000:.1f} ms, "
            f"p95 {statistics.quantiles(latencies, n=20)[18] * 1000:.1f} ms"
        )
        print(f"peak memory (max RSS of one client process): {peak / 1024:.0f} MB")
        expected_replacements = len(jobs) - args.organizations
        print(
            f"rows: {count} ballots for {distinct} voter units (expected {args.organizations}); "
            f"replacements {replacements} (expected {expected_replacements}); "
            f"replaced receipts kept {kept}"
        )
        ok = (
            not errors
            and count == distinct == args.organizations
            and replacements == kept == expected_replacements
        )
        print("check: none lost or doubled" if ok else f"CHECK FAILED {errors[:3]}")
        if not ok:
            sys.exit(1)
    finally:
        drop()


if __name__ == "__main__":
    main()
