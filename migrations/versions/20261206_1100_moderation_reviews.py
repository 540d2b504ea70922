"""moderation reviews (issue 15, item 5): the author of a hidden remark, proposal comment or
survey answer asks once for a review; the office's decision

Revision ID: 8e3f5a2c7b19
Revises: 5d2c9e7a1b34
Create Date: 2026-12-06 11:00:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '8e3f5a2c7b19'
down_revision = '5d2c9e7a1b34'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('requested_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('decided_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('remark', 'proposal_comment', 'survey_answer')", name=op.f('ck_moderation_reviews_kind')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('restored', 'upheld')", name=op.f('ck_moderation_reviews_outcome')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_moderation_reviews_decided_by_id_users')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_moderation_reviews_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_reviews')),
    sa.UniqueConstraint('kind', 'target_id', name=op.f('uq_moderation_reviews_kind_target_id'))
    )
    with op.batch_alter_table('moderation_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_reviews_requested_at'), ['requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('moderation_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_reviews_requested_at'))

    op.drop_table('moderation_reviews')
