"""SQL queries per results page for a vote of 10 and of 10,000 ballots (a script, not a test).

    .venv/bin/python benchmarks/results_queries.py                    # SQLite file in /tmp
    .venv/bin/python benchmarks/results_queries.py --database-url postgresql+psycopg://...

Builds (or reuses, with ``--keep``) a database with two published Borda votes, one with 10 and
one with 10,000 secret ballots from as many verified organizations, then requests the public
results page, its downloads and the receipt check as an anonymous visitor, counting the SQL
statements of each request with a SQLAlchemy ``before_cursor_execute`` listener. The counts
must not grow with the number of ballots (the page reads the stored result; nothing recounts).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role, User  # noqa: E402
from app.common.timeutil import utcnow  # noqa: E402
from app.consultations import services as consultation_services  # noqa: E402
from app.extensions import db  # noqa: E402
from app.organizations.models import Organization  # noqa: E402
from app.priorities import results  # noqa: E402
from app.priorities.models import Ballot, Vote, VoteOption  # noqa: E402
from app.priorities.receipts import receipt_digest  # noqa: E402
from config import Config  # noqa: E402

SIZES = (10, 10_000)
OPTIONS = 10
SEED = 2027


class BenchConfig(Config):
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False  # the receipt check is posted without a form page first
    MAIL_TO_CONSOLE = False
    MAIL_SUPPRESS_SEND = True


def receipt_code(vote_number: int, number: int) -> str:
    """A deterministic receipt code per ballot, so the benchmark can check a known receipt."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digest = hashlib.sha256(f"{vote_number}:{number}".encode()).digest()
    return "".join(alphabet[b % 32] for b in digest[:20])


def build(url: str, sizes=SIZES) -> dict[int, int]:
    """Create the schema and one published vote per size; return {size: vote id}."""
    from flask_migrate import upgrade

    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    votes: dict[int, int] = {}
    with app.app_context():
        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        existing = db.session.scalars(select(Vote).order_by(Vote.id)).all()
        if len(existing) >= len(sizes):
            return {size: vote.id for size, vote in zip(sizes, existing, strict=False)}
        now = utcnow()
        official = User(
            email="bench-official@example.org",
            name="Urzędnik",
            role=Role.OFFICIAL,
            confirmed_at=now,
            password_hash="x",
        )
        db.session.add(official)
        db.session.flush()
        consultation = consultation_services.create_consultation(
            official,
            consultation_services.RoundData(
                title="Benchmark",
                summary="",
                subject="Benchmark",
                rules_md="",
                contact_person="Urzędnik",
                contact_email=None,
                participation="verified_organizations",
                comment_visibility="immediate",
                short_stage_justification=None,
                area_codes=("ngo-support",),
                stages=(
                    consultation_services.StageData(
                        "voting", now - timedelta(days=10), now - timedelta(days=1)
                    ),
                ),
            ),
            now - timedelta(days=20),
        )
        consultation_services.announce_consultation(official, consultation, now)
        biggest = max(sizes)
        db.session.execute(
            insert(Organization),
            [
                {
                    "name": f"Stowarzyszenie Benchmarkowe {n}",
                    "legal_form": "association",
                    "register_type": "krs",
                    "register_number": f"{n:010d}",
                    "status": "verified",
                    "created_at": now,
                }
                for n in range(1, biggest + 1)
            ],
        )
        org_ids = list(db.session.scalars(select(Organization.id).order_by(Organization.id)))
        rng = random.Random(SEED)
        for vote_number, size in enumerate(sizes, 1):
            vote = Vote(
                consultation=consultation,
                title=f"Priorytety ({size} głosów)",
                ballot_type="ranked",
                method="borda",
                secrecy="secret",
                opens_at=now - timedelta(days=10),
                closes_at=now - timedelta(days=1),
                created_by=official,
            )
            for position in range(OPTIONS):
                vote.options.append(
                    VoteOption(position=position, title=f"Priorytet {position + 1}")
                )
            db.session.add(vote)
            db.session.flush()
            keys = [option.key for option in vote.options]
            rows = []
            for number in range(size):
                ranking = keys[:]
                rng.shuffle(ranking)
                rows.append(
                    {
                        "vote_id": vote.id,
                        "voter_key": f"org:{org_ids[number]}",
                        "organization_id": org_ids[number],
                        "content": ranking[: rng.randint(1, OPTIONS)],
                        "channel": "paper" if number % 50 == 0 else "online",
                        "receipt_digest": receipt_digest(receipt_code(vote_number, number)),
                        "replacements": 0,
                        "cast_at": now - timedelta(days=2),
                    }
                )
            db.session.execute(insert(Ballot), rows)
            db.session.flush()
            db.session.refresh(vote)
            started = time.perf_counter()
            results.publish_results(vote, official, "Wyniki **benchmarku**.", now)
            print(
                f"published vote {vote.id} with {size} ballots "
                f"(count + .pb: {time.perf_counter() - started:.2f} s)"
            )
            votes[size] = vote.id
        db.session.commit()
    return votes


def count_queries(url: str, votes: dict[int, int]) -> dict[int, dict[str, tuple]]:
    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    counts: dict[int, dict[str, int]] = {}
    with app.app_context():
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        client = app.test_client()
        for vote_number, (size, vote_id) in enumerate(votes.items(), 1):
            pages = {
                "results page": ("GET", f"/votes/{vote_id}/results", None),
                "results.csv": ("GET", f"/votes/{vote_id}/results.csv", None),
                "results.json": ("GET", f"/votes/{vote_id}/results.json", None),
                "ballots.pb": ("GET", f"/votes/{vote_id}/ballots.pb", None),
                "receipt check": (
                    "POST",
                    "/votes/receipt",
                    {"code": receipt_code(vote_number, size - 1)},
                ),
            }
            counts[size] = {}
            for name, (method, path, data) in pages.items():
                measured = []
                for _attempt in ("first", "again"):  # the first renders, the next may be cached
                    statements.clear()
                    started = time.perf_counter()
                    response = client.get(path) if method == "GET" else client.post(path, data=data)
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (path, response.status_code)
                    measured.append((len(statements), elapsed))
                counts[size][name] = tuple(count for count, _ms in measured)
                (first, first_ms), (again, again_ms) = measured
                print(
                    f"{size:>6} ballots  {name:<14} first request {first:>2} queries "
                    f"{first_ms:7.1f} ms; again {again:>2} queries {again_ms:6.1f} ms; "
                    f"{len(response.data):>7} bytes"
                )
            db.session.remove()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in /tmp")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/results-queries.db"
    print(f"database: {url.split('@')[-1]}")
    votes = build(url)
    counts = count_queries(url, votes)
    small, large = (counts[size] for size in SIZES)
    constant = small == large
    print(f"queries per request constant from {SIZES[0]} to {SIZES[1]} ballots: {constant}")
    if not constant:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
