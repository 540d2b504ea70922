"""site identity and settings, logo and favicon, access requests (issue 16, items 1 and 5)

Revision ID: 3f8b1d6e2a47
Revises: 7c4e2a91d5b3
Create Date: 2026-12-06 10:40:00.000000+00:00

"""

import sqlalchemy as sa
from alembic import op

import app.common.timeutil

# revision identifiers, used by Alembic.
revision = "3f8b1d6e2a47"
down_revision = "7c4e2a91d5b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_name", sa.String(length=100), nullable=False),
        sa.Column("body_name_pl", sa.String(length=300), nullable=False),
        sa.Column("body_name_en", sa.String(length=300), nullable=False),
        sa.Column("office_name", sa.String(length=300), nullable=False),
        sa.Column("office_email", sa.String(length=254), nullable=False),
        sa.Column("office_phone", sa.String(length=50), nullable=False),
        sa.Column("office_address", sa.Text(), nullable=False),
        sa.Column("bip_url", sa.String(length=500), nullable=False),
        sa.Column("privacy_controller", sa.Text(), nullable=False),
        sa.Column("dpo_contact", sa.Text(), nullable=False),
        sa.Column("footer_links", sa.Text(), nullable=False),
        sa.Column("default_locale", sa.String(length=5), nullable=False),
        sa.Column("min_commenting_days", sa.Integer(), nullable=False),
        sa.Column("statement_published_on", sa.Date(), nullable=True),
        sa.Column("statement_updated_on", sa.Date(), nullable=True),
        sa.Column("compliance", sa.String(length=10), nullable=False),
        sa.Column("non_compliant", sa.Text(), nullable=False),
        sa.Column("exemptions", sa.Text(), nullable=False),
        sa.Column("statement_prepared_on", sa.Date(), nullable=True),
        sa.Column("preparation_method", sa.String(length=10), nullable=False),
        sa.Column("assessed_by", sa.String(length=300), nullable=False),
        sa.Column("statement_contact_name", sa.String(length=200), nullable=False),
        sa.Column("statement_contact_email", sa.String(length=254), nullable=False),
        sa.Column("statement_contact_phone", sa.String(length=50), nullable=False),
        sa.Column("architectural", sa.Text(), nullable=False),
        sa.Column("updated_at", app.common.timeutil.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_site_settings_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "site_assets",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", app.common.timeutil.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_site_assets")),
    )
    op.create_table(
        "access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", app.common.timeutil.UTCDateTime(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("concerns", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("alternative", sa.String(length=500), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("extended_until", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("handled_at", app.common.timeutil.UTCDateTime(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'extended', 'answered', 'closed')",
            name=op.f("ck_access_requests_state"),
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["users.id"],
            name=op.f("fk_access_requests_handled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_requests")),
    )
    with op.batch_alter_table("access_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_requests_filed_on"), ["filed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_requests_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("access_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_requests_state"))
        batch_op.drop_index(batch_op.f("ix_access_requests_filed_on"))
    op.drop_table("access_requests")
    op.drop_table("site_assets")
    op.drop_table("site_settings")
