"""answer work queue (issue 15, items 1-3): remarks assigned to an official with a due date,
confirmed groups of similar remarks, answer spreadsheets waiting for confirmation

Revision ID: 5e1a9c0b7d24
Revises: d3c3ae8eb8aa
Create Date: 2026-12-06 10:20:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '5e1a9c0b7d24'
down_revision = 'd3c3ae8eb8aa'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('unit_key', sa.String(length=20), nullable=True),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_comment_groups_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_comment_groups_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_groups'))
    )
    with op.batch_alter_table('comment_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_groups_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('answer_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('refusals', sa.JSON(), nullable=False),
    sa.Column('created_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('applied_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_answer_imports_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_answer_imports_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_imports'))
    )
    with op.batch_alter_table('answer_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_imports_consultation_id'), ['consultation_id'], unique=False)

    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_consultation_comments_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_consultation_comments_group_id_comment_groups'), 'comment_groups', ['group_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_consultation_comments_assigned_to_id_users'), 'users', ['assigned_to_id'], ['id'])


def downgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consultation_comments_assigned_to_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_consultation_comments_group_id_comment_groups'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_consultation_comments_group_id'))
        batch_op.drop_column('due_on')
        batch_op.drop_column('assigned_to_id')
        batch_op.drop_column('group_id')

    with op.batch_alter_table('answer_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_imports_consultation_id'))
    op.drop_table('answer_imports')

    with op.batch_alter_table('comment_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_groups_consultation_id'))
    op.drop_table('comment_groups')
