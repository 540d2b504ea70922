"""proposal submission requested (waits for the co-authors' consent)

Revision ID: 4a7c2e91d0b3
Revises: 9b2d4f6a8c13
Create Date: 2026-12-06 08:56:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '4a7c2e91d0b3'
down_revision = '9b2d4f6a8c13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'submission_requested_at',
                app.common.timeutil.UTCDateTime(timezone=True),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('submission_requested_at')
