"""consultation report revisions

A published consultation report is corrected by a new dated revision with a public reason,
never by editing its text (issue 12, item 2). Each existing report gets its text as revision 1.

Revision ID: 6d1e8b3f0a47
Revises: 4a7c2e91d0b3
Create Date: 2026-12-06 09:40:00

"""

import sqlalchemy as sa
from alembic import op

import app.common.timeutil

# revision identifiers, used by Alembic.
revision = "6d1e8b3f0a47"
down_revision = "4a7c2e91d0b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation_report_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("statement_md", sa.Text(), nullable=False),
        sa.Column("statement_html", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("published_at", app.common.timeutil.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_consultation_report_revisions_published_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["consultation_reports.id"],
            name=op.f("fk_consultation_report_revisions_report_id_consultation_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_report_revisions")),
        sa.UniqueConstraint(
            "report_id", "number", name=op.f("uq_consultation_report_revisions_report_id_number")
        ),
    )
    with op.batch_alter_table("consultation_report_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_report_revisions_report_id"), ["report_id"], unique=False
        )
    # the text each report shows today becomes its first revision
    op.execute(
        "INSERT INTO consultation_report_revisions (report_id, number, statement_md, "
        "statement_html, prepared_by, reason, published_at, published_by_id) "
        "SELECT id, 1, statement_md, statement_html, prepared_by, NULL, published_at, "
        "published_by_id FROM consultation_reports"
    )


def downgrade():
    with op.batch_alter_table("consultation_report_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_report_revisions_report_id"))
    op.drop_table("consultation_report_revisions")
