"""vote min ballots for publication

Secret votes publish their ballots file only from a minimum number of ballots on (issue 12,
item 3); existing votes get the site default, 5.

Revision ID: 3f1c9a7d5e21
Revises: 838c4c029750
Create Date: 2026-12-06 08:54:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f1c9a7d5e21"
down_revision = "838c4c029750"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "min_ballots_for_publication", sa.Integer(), server_default="5", nullable=False
            )
        )
        batch_op.create_check_constraint("min_ballots_positive", "min_ballots_for_publication >= 1")


def downgrade():
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_constraint("ck_votes_min_ballots_positive", type_="check")
        batch_op.drop_column("min_ballots_for_publication")
