"""The search page with 100 remarks and 25 proposals, and with 2,000 remarks and 500 proposals:
median response time and SQL queries per request (a script, not a test; the query-count test is
tests/search/test_search.py::test_queries_per_search_do_not_grow_with_the_data).

    .venv/bin/python benchmarks/search.py                    # SQLite files in /tmp (FTS5)
    .venv/bin/python benchmarks/search.py --database-url-prefix postgresql+psycopg://postgres@127.0.0.1:5432/
        # PostgreSQL: databases search_bench_small and search_bench_large (created if missing)

Each size gets its own database (search covers everything in it). Remarks and proposals are
inserted in bulk, then ``flask search reindex``'s function builds the index (its time is
printed too). Then, as a visitor and as an official, each query runs ``--repeat`` times: a word
without diacritics that one remark in ten holds, two words, a word in nearly every remark, a
page of one kind, and a word found nowhere. The counts must be equal for both sizes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from flask import g  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role, User  # noqa: E402
from app.common.timeutil import utcnow  # noqa: E402
from app.consultations import services  # noqa: E402
from app.consultations.models import Comment  # noqa: E402
from app.extensions import db  # noqa: E402
from app.organizations.models import PublicBenefitArea  # noqa: E402
from app.proposals.models import Proposal  # noqa: E402
from app.search.index import reindex  # noqa: E402
from benchmarks._seed import announced_round, official_and_organizations  # noqa: E402
from config import Config  # noqa: E402

SIZES = {"small": (100, 25), "large": (2_000, 500)}
ORGANIZATIONS = 100
SEED = 15
SYLLABLES = ["ko", "wa", "rze", "sta", "no", "mi", "dzie", "lo", "prze", "gra", "tu", "by"]
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in [*SYLLABLES, ""]]
QUERIES = {
    "one word, 1 in 10": "/search?q=zastepczych",
    "two words": "/search?q=rodzin+zastepczych",
    "common word": "/search?q=programu",
    "one kind, page 2": "/search?q=programu&kind=remark&page=2",
    "nothing found": "/search?q=nicztegoniema",
}


class BenchConfig(Config):
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    MAIL_TO_CONSOLE = False
    MAIL_SUPPRESS_SEND = True


def _text(rng: random.Random, words: int, special: bool) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if special:
        text += " wsparcie rodzin zastępczych"
    return text.capitalize() + " w ramach programu."


def _ensure_database(url: str) -> None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def build(url: str, remarks: int, proposals: int) -> None:
    """Schema, one round with ``remarks`` remarks, ``proposals`` submitted proposals, the index."""
    from flask_migrate import upgrade

    _ensure_database(url)
    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        if db.session.scalar(select(sa.func.count(Comment.id))):
            return
        now = utcnow()
        official, org_ids = official_and_organizations(now, ORGANIZATIONS)
        area_id = db.session.scalar(select(PublicBenefitArea.id).order_by(PublicBenefitArea.id))
        rng = random.Random(SEED)
        round_ = announced_round(
            official, "Program współpracy (benchmark)", now + timedelta(days=1), now
        )
        draft = "\n\n".join(f"# § {n}. Część {n}\n\nTreść paragrafu {n}." for n in range(1, 21))
        version = services.publish_version(official, round_, "Projekt", draft, None, now)
        db.session.commit()
        units = [u for u in version.units if u.kind != "heading"] or version.units
        db.session.execute(
            insert(Comment),
            [
                {
                    "consultation_id": round_.id,
                    "number": number,
                    "version_id": version.id,
                    "unit_key": units[number % len(units)].key,
                    "unit_label": units[number % len(units)].label,
                    "organization_id": org_ids[number % len(org_ids)],
                    "author_id": official.id,
                    "current_wording": "",
                    "proposed_wording": _text(rng, 12, number % 10 == 0),
                    "justification": _text(rng, 20, False),
                    "channel": "platform",
                    "created_at": now,
                    "updated_at": now,
                }
                for number in range(1, remarks + 1)
            ],
        )
        db.session.execute(
            insert(Proposal),
            [
                {
                    "title": f"Zadanie {n}: " + _text(rng, 3, n % 10 == 0),
                    "area_id": area_id,
                    "problem": _text(rng, 30, False),
                    "evidence": "",
                    "activities": _text(rng, 20, False),
                    "target_group": _text(rng, 5, False),
                    "expected_results": _text(rng, 10, False),
                    "time_frame": "2027",
                    "status": "submitted",
                    "organization_id": org_ids[n % len(org_ids)],
                    "created_at": now,
                    "updated_at": now,
                    "submitted_at": now,
                }
                for n in range(1, proposals + 1)
            ],
        )
        started = time.perf_counter()
        written = reindex()
        db.session.commit()
        print(
            f"{remarks:>5} remarks, {proposals:>3} proposals: index of {written} entries "
            f"rebuilt in {time.perf_counter() - started:.1f} s"
        )


def measure(url: str, label: str, repeat: int) -> dict[str, tuple[int, float]]:
    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    results: dict[str, tuple[int, float]] = {}
    with app.app_context():
        official = db.session.scalar(select(User).where(User.role == Role.OFFICIAL))
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        for who in ("visitor", "official"):
            client = app.test_client()
            if who == "official":
                with client.session_transaction() as session:
                    session["_user_id"] = str(official.id)
                    session["_fresh"] = True
            g.pop("_login_user", None)
            client.get("/")  # warm up: menus and footer are cached after the first page
            for name, path in QUERIES.items():
                times, counts = [], []
                for _ in range(repeat):
                    db.session.remove()
                    g.pop("_login_user", None)  # requests share this app context's ``g``
                    statements.clear()
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    counts.append(len(statements))
                    assert response.status_code == 200, (path, response.status_code)
                median = statistics.median(times)
                results[f"{who}: {name}"] = (counts[-1], median)
                print(
                    f"{label:<6} {who:<8} {name:<18} {counts[-1]:>3} queries  "
                    f"median {median:8.1f} ms  ({repeat} requests)"
                )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url-prefix",
        help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/ (default: SQLite in /tmp)",
    )
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    results = {}
    for label, (remarks, proposals) in SIZES.items():
        if args.database_url_prefix:
            url = f"{args.database_url_prefix.rstrip('/')}/search_bench_{label}"
        else:
            url = f"sqlite:///{folder}/search_{label}.db"
        build(url, remarks, proposals)
        results[label] = measure(url, label, args.repeat)
    small, large = results["small"], results["large"]
    grows = [name for name in small if large[name][0] > small[name][0]]
    print(
        "queries per request do not grow with the data:",
        "yes" if not grows else "NO: " + ", ".join(grows),
    )
    return 1 if grows else 0


if __name__ == "__main__":
    raise SystemExit(main())
