"""programme reports per year with published revisions (issue 14): one implementation report
per year of a programme (art. 5a ust. 3), each published version a revision holding its text
and a snapshot of its tables; the report columns of ``programmes`` move there

Existing data: every programme gets a report row for each of its years; a drafted report moves
to the row of the programme's last year (its deadline was that year's); a published one gets
revision 1 with its text. Its snapshot cannot be computed here (the tables come from the
application's queries, which a migration must not import): ``snapshot`` stays NULL and the
report page takes it from the data on its first read (services.fill_missing_snapshots). Report
reminders already sent move from the programme's id to the report's.

Revision ID: 3e9b6c1d7a52
Revises: 3b8d1e6f9a42
Create Date: 2026-12-06 13:00:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = "3e9b6c1d7a52"
down_revision = "3b8d1e6f9a42"
branch_labels = None
depends_on = None

UTC = app.common.timeutil.UTCDateTime(timezone=True)


def upgrade():
    op.create_table(
        "programme_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("text_md", sa.Text(), nullable=False),
        sa.Column("text_html", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.String(length=200), nullable=False),
        sa.Column("drafted_at", UTC, nullable=True),
        sa.Column("updated_at", UTC, nullable=True),
        sa.Column("published_at", UTC, nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_reports_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_programme_reports_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_reports")),
        sa.UniqueConstraint(
            "programme_id", "year", name=op.f("uq_programme_reports_programme_id_year")
        ),
    )
    with op.batch_alter_table("programme_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_reports_programme_id"), ["programme_id"], unique=False
        )
    op.create_table(
        "programme_report_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text_md", sa.Text(), nullable=False),
        sa.Column("text_html", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.String(length=200), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("published_at", UTC, nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_programme_report_revisions_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["programme_reports.id"],
            name=op.f("fk_programme_report_revisions_report_id_programme_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_report_revisions")),
        sa.UniqueConstraint(
            "report_id", "number", name=op.f("uq_programme_report_revisions_report_id_number")
        ),
    )
    with op.batch_alter_table("programme_report_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_report_revisions_report_id"), ["report_id"], unique=False
        )

    connection = op.get_bind()
    programmes = connection.execute(
        sa.text(
            "SELECT id, year, end_year, report_md, report_html, report_prepared_by, "
            "report_drafted_at, report_updated_at, report_published_at, report_published_by_id "
            "FROM programmes ORDER BY id"
        )
    ).mappings().all()
    for p in programmes:
        for year in range(p["year"], p["end_year"] + 1):
            drafted = year == p["end_year"] and p["report_drafted_at"] is not None
            connection.execute(
                sa.text(
                    "INSERT INTO programme_reports (programme_id, year, text_md, text_html, "
                    "prepared_by, drafted_at, updated_at, published_at, published_by_id) "
                    "VALUES (:programme, :year, :md, :html, :by, :drafted, :updated, "
                    ":published, :publisher)"
                ),
                {
                    "programme": p["id"],
                    "year": year,
                    "md": p["report_md"] if drafted else "",
                    "html": p["report_html"] if drafted else "",
                    "by": p["report_prepared_by"] if drafted else "",
                    "drafted": p["report_drafted_at"] if drafted else None,
                    "updated": p["report_updated_at"] if drafted else None,
                    "published": p["report_published_at"] if drafted else None,
                    "publisher": p["report_published_by_id"] if drafted else None,
                },
            )
        report_id = connection.execute(
            sa.text("SELECT id FROM programme_reports WHERE programme_id = :p AND year = :y"),
            {"p": p["id"], "y": p["end_year"]},
        ).scalar_one()
        if p["report_drafted_at"] is not None and p["report_published_at"] is not None:
            connection.execute(
                sa.text(
                    "INSERT INTO programme_report_revisions (report_id, number, text_md, "
                    "text_html, prepared_by, snapshot, reason, published_at, published_by_id) "
                    "VALUES (:report, 1, :md, :html, :by, NULL, NULL, :published, :publisher)"
                ),
                {
                    "report": report_id,
                    "md": p["report_md"],
                    "html": p["report_html"],
                    "by": p["report_prepared_by"],
                    "published": p["report_published_at"],
                    "publisher": p["report_published_by_id"],
                },
            )
    # one statement, so that a report's id equal to another programme's id is not remapped twice
    op.execute(
        "UPDATE notification_reminders SET object_id = (SELECT r.id FROM programme_reports r "
        "JOIN programmes p ON p.id = r.programme_id AND r.year = p.end_year "
        "WHERE p.id = notification_reminders.object_id) "
        "WHERE kind = 'programme.report_due' AND object_id IN (SELECT id FROM programmes)"
    )

    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_programmes_report_published_by_id_users"), type_="foreignkey"
        )
        for column in (
            "report_md",
            "report_html",
            "report_prepared_by",
            "report_drafted_at",
            "report_updated_at",
            "report_published_at",
            "report_published_by_id",
        ):
            batch_op.drop_column(column)


def downgrade():
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("report_md", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("report_html", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "report_prepared_by", sa.String(length=200), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("report_drafted_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("report_updated_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("report_published_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("report_published_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_programmes_report_published_by_id_users"),
            "users",
            ["report_published_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # the last year's report goes back (earlier years' reports and all revisions are lost)
    op.execute(
        "UPDATE programmes SET "
        "report_md = COALESCE((SELECT r.text_md FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), ''), "
        "report_html = COALESCE((SELECT r.text_html FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), ''), "
        "report_prepared_by = COALESCE((SELECT r.prepared_by FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), ''), "
        "report_drafted_at = (SELECT r.drafted_at FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), "
        "report_updated_at = (SELECT r.updated_at FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), "
        "report_published_at = (SELECT r.published_at FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year), "
        "report_published_by_id = (SELECT r.published_by_id FROM programme_reports r WHERE "
        "r.programme_id = programmes.id AND r.year = programmes.end_year)"
    )
    with op.batch_alter_table("programme_report_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_report_revisions_report_id"))
    op.drop_table("programme_report_revisions")
    with op.batch_alter_table("programme_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_reports_programme_id"))
    op.drop_table("programme_reports")
