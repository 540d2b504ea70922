"""The answer work queue with 100 and with 2,000 remarks: median response time and SQL queries
per request (a script, not a test; the test is tests/consultations/test_answer_queue.py).

    .venv/bin/python benchmarks/answer_queue.py                    # SQLite file in /tmp
    .venv/bin/python benchmarks/answer_queue.py --database-url postgresql+psycopg://...

Builds one round per size (remarks from 200 organizations on 20 units, a third answered, every
tenth assigned), then requests as an official: the queue (first page, a filtered page, a page
sorted by organization, the last page, the "with duplicates" filter), the groups page and the
XLSX export. Each request runs ``--repeat`` times; the median time and the number of statements
(a ``before_cursor_execute`` listener) are printed. The counts of the queue pages must be equal
for both sizes; the groups page and the export read every remark, in a constant number of
queries, so only their time grows.
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

from sqlalchemy import event, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import Role, User  # noqa: E402
from app.common.timeutil import utcnow  # noqa: E402
from app.consultations import services  # noqa: E402
from app.consultations.models import Answer, Comment, Consultation  # noqa: E402
from app.extensions import db  # noqa: E402
from benchmarks._seed import announced_round, official_and_organizations  # noqa: E402
from config import Config  # noqa: E402

SIZES = (100, 2_000)
ORGANIZATIONS = 200
UNITS = 20
SEED = 15
#: about 1,700 made-up words of two or three Polish-looking syllables: remarks share words, as
#: real ones do, without every pair looking alike
SYLLABLES = ["ko", "wa", "rze", "sta", "no", "mi", "dzie", "lo", "prze", "gra", "tu", "by"]
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in [*SYLLABLES, ""]]


class BenchConfig(Config):
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    MAIL_TO_CONSOLE = False
    MAIL_SUPPRESS_SEND = True


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(url: str, sizes=SIZES) -> dict[int, int]:
    """Create the schema and one round per size; return {size: round id}."""
    from flask_migrate import upgrade

    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        existing = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
        if len(existing) >= len(sizes):
            return {size: c.id for size, c in zip(sizes, existing, strict=False)}
        now = utcnow()
        official, org_ids = official_and_organizations(now, ORGANIZATIONS)
        draft = "\n\n".join(
            f"# § {n}. Część {n}\n\nTreść paragrafu {n} projektu." for n in range(1, UNITS + 1)
        )
        rng = random.Random(SEED)
        rounds = {}
        for size in sizes:
            consultation = announced_round(
                official, f"Benchmark {size}", now - timedelta(days=1), now
            )
            version = services.publish_version(
                official, consultation, "Projekt", draft, None, now - timedelta(days=30)
            )
            units = [u for u in version.units if u.kind != "heading"] or version.units
            rows = []
            for number in range(1, size + 1):
                unit = units[number % len(units)]
                rows.append(
                    {
                        "consultation_id": consultation.id,
                        "number": number,
                        "version_id": version.id,
                        "unit_key": unit.key,
                        "unit_label": unit.label,
                        "organization_id": org_ids[number % len(org_ids)],
                        "author_id": official.id,
                        "current_wording": unit.text_md,
                        "proposed_wording": _text(rng, 12),
                        "justification": _text(rng, 20),
                        "channel": ("platform", "paper", "meeting")[number % 7 % 3],
                        "is_paper": number % 7 % 3 == 1,
                        "assigned_to_id": official.id if number % 10 == 0 else None,
                        "created_at": now - timedelta(days=10),
                        "updated_at": now - timedelta(days=10),
                    }
                )
            db.session.execute(insert(Comment), rows)
            consultation.last_comment_number = size
            ids = db.session.scalars(
                select(Comment.id).where(Comment.consultation_id == consultation.id)
            ).all()
            db.session.execute(
                insert(Answer),
                [
                    {
                        "comment_id": comment_id,
                        "decision": ("accepted", "rejected", "partly_accepted")[i % 3],
                        "justification_md": "Odpowiedź.",
                        "justification_html": "<p>Odpowiedź.</p>",
                        "drafted_at": now,
                        "drafted_by_id": official.id,
                        "published_at": now if i % 2 else None,
                        "published_by_id": official.id if i % 2 else None,
                    }
                    for i, comment_id in enumerate(ids)
                    if i % 3 == 0
                ],
            )
            rounds[size] = consultation.id
            print(f"round {consultation.id}: {size} remarks")
        db.session.commit()
        return rounds


def measure(url: str, rounds: dict[int, int], repeat: int) -> dict[int, dict[str, tuple]]:
    app = create_app(BenchConfig, {"SQLALCHEMY_DATABASE_URI": url})
    results: dict[int, dict[str, tuple]] = {}
    with app.app_context():
        official = db.session.scalar(select(User).where(User.role == Role.OFFICIAL))
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = str(official.id)
            session["_fresh"] = True
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        for size, round_id in rounds.items():
            base = f"/consultations/{round_id}/answers"
            last = (size + 49) // 50
            pages = {
                "queue": f"{base}/queue",
                "queue filtered": f"{base}/queue?state=draft&channel=platform",
                "queue by org": f"{base}/queue?sort=organization&order=desc",
                "queue last page": f"{base}/queue?page={last}",
                "queue duplicates": f"{base}/queue?duplicates=1",
                "groups page": f"{base}/groups",
                "export xlsx": f"/consultations/{round_id}/answers.xlsx",
            }
            results[size] = {}
            for name, path in pages.items():
                times, counts = [], []
                for _ in range(repeat):
                    db.session.remove()  # nothing carried over from the previous request
                    statements.clear()
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    counts.append(len(statements))
                    assert response.status_code == 200, (path, response.status_code)
                median = statistics.median(times)
                results[size][name] = (counts[-1], median)
                print(
                    f"{size:>5} remarks  {name:<17} {counts[-1]:>3} queries  "
                    f"median {median:8.1f} ms  ({repeat} requests)"
                )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in /tmp")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/answer_queue.db"
    rounds = build(url)
    results = measure(url, rounds, args.repeat)
    small, large = (results[size] for size in SIZES)
    # a page may skip a query when its rows need none (no remark assigned on it, say), so
    # "constant" means: never more queries with 20 times the remarks
    grows = [name for name in small if large[name][0] > small[name][0]]
    print(
        "queries per request do not grow with the number of remarks:",
        "yes" if not grows else "NO: " + ", ".join(grows),
    )
    return 1 if grows else 0


if __name__ == "__main__":
    raise SystemExit(main())
