"""programme indicators and dates (issue 14): each evaluation indicator of a programme as a
row (how the platform measures it, or the office's typed value per year), the days of a
consultation held outside the platform, and the day an organization replies by when the
office's first answer to its change notice needs an annex

Revision ID: 5d1f8a3c9e27
Revises: 3e9b6c1d7a52
Create Date: 2026-12-06 13:10:00.000000+00:00

"""

import sqlalchemy as sa
from alembic import op

import app.common.timeutil

# revision identifiers, used by Alembic.
revision = "5d1f8a3c9e27"
down_revision = "3e9b6c1d7a52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_indicators_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_indicators")),
        sa.UniqueConstraint(
            "programme_id", "name", name=op.f("uq_programme_indicators_programme_id_name")
        ),
    )
    with op.batch_alter_table("programme_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_indicators_programme_id"), ["programme_id"], unique=False
        )
    op.create_table(
        "programme_indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["programme_indicators.id"],
            name=op.f("fk_programme_indicator_values_indicator_id_programme_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_indicator_values")),
        sa.UniqueConstraint(
            "indicator_id", "year", name=op.f("uq_programme_indicator_values_indicator_id_year")
        ),
    )
    with op.batch_alter_table("programme_indicator_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_indicator_values_indicator_id"),
            ["indicator_id"],
            unique=False,
        )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consultation_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consultation_to", sa.Date(), nullable=True))
    with op.batch_alter_table("programme_change_notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_due_on", sa.Date(), nullable=True))

    # every indicator line of an existing programme becomes a row typed by the office
    bind = op.get_bind()
    programmes = bind.execute(sa.text("SELECT id, indicators FROM programmes")).all()
    rows = []
    for programme_id, text in programmes:
        names = [line.strip()[:300] for line in (text or "").splitlines() if line.strip()]
        for position, name in enumerate(dict.fromkeys(names)):
            rows.append({"programme_id": programme_id, "position": position, "name": name})
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO programme_indicators (programme_id, position, name) "
                "VALUES (:programme_id, :position, :name)"
            ),
            rows,
        )


def downgrade():
    with op.batch_alter_table("programme_change_notices", schema=None) as batch_op:
        batch_op.drop_column("reply_due_on")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_column("consultation_to")
        batch_op.drop_column("consultation_from")
    with op.batch_alter_table("programme_indicator_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_indicator_values_indicator_id"))
    op.drop_table("programme_indicator_values")
    with op.batch_alter_table("programme_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_indicators_programme_id"))
    op.drop_table("programme_indicators")
