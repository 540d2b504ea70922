"""moderation reviews per hiding (issue 15): a review request is unique per hiding (the thing's
hidden_at when it was asked for), so a thing shown again and hidden anew may be reviewed anew

Revision ID: 3b8d1e6f9a42
Revises: 7a2d4f6b8c31
Create Date: 2026-12-06 12:30:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = "3b8d1e6f9a42"
down_revision = "7a2d4f6b8c31"
branch_labels = None
depends_on = None

TARGET_TABLES = {
    "remark": "consultation_comments",
    "proposal_comment": "proposal_comments",
    "survey_answer": "survey_answers",
}


def upgrade():
    with op.batch_alter_table("moderation_reviews", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hidden_at", app.common.timeutil.UTCDateTime(timezone=True), nullable=True)
        )
    # a review of a thing still hidden is about its current hiding; the others (shown again
    # since) get the time of the request, which no later hiding can have
    for kind, table in TARGET_TABLES.items():
        op.execute(
            f"UPDATE moderation_reviews SET hidden_at = (SELECT t.hidden_at FROM {table} t "
            f"WHERE t.id = moderation_reviews.target_id) WHERE kind = '{kind}'"
        )
    op.execute("UPDATE moderation_reviews SET hidden_at = requested_at WHERE hidden_at IS NULL")
    with op.batch_alter_table("moderation_reviews", schema=None) as batch_op:
        batch_op.alter_column(
            "hidden_at",
            existing_type=app.common.timeutil.UTCDateTime(timezone=True),
            nullable=False,
        )
        batch_op.drop_constraint("uq_moderation_reviews_kind_target_id", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_moderation_reviews_kind_target_id_hidden_at"),
            ["kind", "target_id", "hidden_at"],
        )


def downgrade():
    # keeps the latest review of each thing (the earlier hidings' reviews cannot be kept under
    # the one-per-thing constraint)
    op.execute(
        "DELETE FROM moderation_reviews WHERE id NOT IN (SELECT MAX(id) FROM moderation_reviews "
        "GROUP BY kind, target_id)"
    )
    with op.batch_alter_table("moderation_reviews", schema=None) as batch_op:
        batch_op.drop_constraint("uq_moderation_reviews_kind_target_id_hidden_at", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_moderation_reviews_kind_target_id"), ["kind", "target_id"]
        )
        batch_op.drop_column("hidden_at")
