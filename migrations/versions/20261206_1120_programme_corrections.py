"""programme corrections (issue 14): the day a posted task update was corrected, and a task's
title as tracked from its source (so a corrected title keeps its priority line tracked)

Revision ID: 7a2d4f6b8c31
Revises: 4c7e1b9d2f60
Create Date: 2026-12-06 11:20:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = "7a2d4f6b8c31"
down_revision = "4c7e1b9d2f60"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programme_task_updates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("edited_at", app.common.timeutil.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("programme_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_title", sa.String(length=300), nullable=True))
    # no title has been corrected yet: each task's title is still the one it was tracked with
    op.execute("UPDATE programme_tasks SET source_title = title")


def downgrade():
    with op.batch_alter_table("programme_tasks", schema=None) as batch_op:
        batch_op.drop_column("source_title")
    with op.batch_alter_table("programme_task_updates", schema=None) as batch_op:
        batch_op.drop_column("edited_at")
