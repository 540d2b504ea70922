"""The migration of the indicators (issue 14 audit): every indicator line of an existing
programme becomes a row typed by the office, in its order, duplicates once."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from config import TestingConfig

BEFORE, AFTER = "3e9b6c1d7a52", "5d1f8a3c9e27"


def test_indicator_lines_become_rows_and_the_migration_goes_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    migrations = str(Path(app.root_path).parent / "migrations")
    engine = sa.create_engine(url)
    with app.app_context():
        upgrade(directory=migrations, revision=BEFORE)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO programmes (id, year, end_year, title, goals_md, goals_html, "
                    "priority_tasks, indicators, created_at, updated_at) VALUES (1, 2026, 2026, "
                    "'P', '', '', '', :lines, '2026-01-01', '2026-01-01')"
                ),
                {"lines": "Liczba ofert\n\n  Kwota dotacji \nLiczba ofert\n"},
            )
        upgrade(directory=migrations, revision=AFTER)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT programme_id, position, name, measure FROM programme_indicators "
                    "ORDER BY position"
                )
            ).all()
            assert [tuple(r) for r in rows] == [
                (1, 0, "Liczba ofert", None),
                (1, 1, "Kwota dotacji", None),
            ]
            columns = {c["name"] for c in sa.inspect(connection).get_columns("programmes")}
            assert {"consultation_from", "consultation_to"} <= columns
        downgrade(directory=migrations, revision=BEFORE)
        with engine.connect() as connection:
            assert "programme_indicators" not in sa.inspect(connection).get_table_names()
    engine.dispose()
