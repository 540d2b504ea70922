"""vote method variants and the most-votes side-by-side

A vote stores the exact counting rule variant it was set up with (issue 13, item 1): any name
of the votecount registry (``equalshares/add1-comparison`` and the like), so the column is
widened and the CHECK listing seven names is dropped (the services check the name against the
registry). A stored result keeps the simple most-votes outcome of the same ballots beside a
budget rule's outcome (``most_votes``, for the results page's side-by-side).

Revision ID: 9b2d4f6a8c13
Revises: 3f1c9a7d5e21
Create Date: 2026-12-06 09:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9b2d4f6a8c13"
down_revision = "3f1c9a7d5e21"
branch_labels = None
depends_on = None

OLD_METHODS = "method IN ('borda', 'schulze', 'irv', 'points', 'greedy', 'mes', 'mes-plain')"


def upgrade():
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_votes_method"), type_="check")
        batch_op.alter_column(
            "method",
            existing_type=sa.String(length=20),
            type_=sa.String(length=100),
            existing_nullable=False,
        )
    with op.batch_alter_table("vote_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("most_votes", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("vote_results", schema=None) as batch_op:
        batch_op.drop_column("most_votes")
    # a vote set up with a newer variant gets the nearest old name: its family's default
    old = "('borda', 'schulze', 'irv', 'points', 'greedy', 'mes', 'mes-plain')"
    op.execute(f"UPDATE votes SET method = 'greedy' WHERE method LIKE 'greedy%' AND method NOT IN {old}")  # noqa: E501
    op.execute(f"UPDATE votes SET method = 'mes' WHERE method NOT IN {old}")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.alter_column(
            "method",
            existing_type=sa.String(length=100),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
        batch_op.create_check_constraint("method", OLD_METHODS)
