"""load the spheres of public tasks (art. 4 ust. 1) into public_benefit_areas

Revision ID: a1b2c3d4e5f6
Revises: 7e2a37dc14e8
Create Date: 2026-11-28

"""

import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "7e2a37dc14e8"
branch_labels = None
depends_on = None

DATA = Path(__file__).resolve().parents[2] / "app" / "data"

areas = sa.table(
    "public_benefit_areas",
    sa.column("code", sa.String),
    sa.column("article_point", sa.String),
    sa.column("position", sa.Integer),
    sa.column("name_pl", sa.String),
    sa.column("name_en", sa.String),
)


def _rows() -> list[dict]:
    with (DATA / "public_benefit_areas_refs.csv").open(encoding="utf-8") as handle:
        points = {row["code"]: row["art4_ust1_pkt"] for row in csv.DictReader(handle)}
    with (DATA / "public_benefit_areas.csv").open(encoding="utf-8") as handle:
        return [
            {
                "code": row["code"],
                "article_point": points[row["code"]],
                "position": position,
                "name_pl": row["name_pl"],
                "name_en": row["name_en"],
            }
            for position, row in enumerate(csv.DictReader(handle), start=1)
        ]


def upgrade():
    op.bulk_insert(areas, _rows())


def downgrade():
    op.execute(areas.delete())
