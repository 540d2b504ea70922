"""remarks of individuals at meetings (issue 17, item 3): the name of the person whose remark
an official entered (said at a consultation meeting), when no organization made it

Revision ID: 9c4a7e2b1f58
Revises: 5d1f8a3c9e27
Create Date: 2026-12-06 13:30:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9c4a7e2b1f58"
down_revision = "5d1f8a3c9e27"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("consultation_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitter_name", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("consultation_comments", schema=None) as batch_op:
        batch_op.drop_column("submitter_name")
