"""programme notice replies (issue 14): further messages in a change notice's thread from the
office and the organization, each dated, with an optional decision and deadline

Revision ID: 4c7e1b9d2f60
Revises: 8e3f5a2c7b19
Create Date: 2026-12-06 11:10:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = "4c7e1b9d2f60"
down_revision = "8e3f5a2c7b19"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_notice_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("posted_at", app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "answer IS NULL OR answer IN ('accepted', 'needs_annex', 'rejected')",
            name=op.f("ck_programme_notice_replies_answer"),
        ),
        sa.CheckConstraint(
            "side IN ('office', 'organization')", name=op.f("ck_programme_notice_replies_side")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_programme_notice_replies_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["programme_files.id"],
            name=op.f("fk_programme_notice_replies_file_id_programme_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["programme_change_notices.id"],
            name=op.f("fk_programme_notice_replies_notice_id_programme_change_notices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_notice_replies")),
    )
    with op.batch_alter_table("programme_notice_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_notice_replies_notice_id"), ["notice_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("programme_notice_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_notice_replies_notice_id"))
    op.drop_table("programme_notice_replies")
