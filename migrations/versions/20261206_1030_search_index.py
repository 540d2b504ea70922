"""search index (issue 15, item 4): one row per thing that can be found; SQLite FTS5 table kept
in step by triggers, or a PostgreSQL GIN full-text index over the folded text

Run `flask search reindex` after upgrading to fill it from the existing data.

Revision ID: 7c4e2a91d5b3
Revises: 5e1a9c0b7d24
Create Date: 2026-12-06 10:30:00.000000+00:00

"""
from alembic import op
import sqlalchemy as sa

import app.common.timeutil


# revision identifiers, used by Alembic.
revision = '7c4e2a91d5b3'
down_revision = '5e1a9c0b7d24'
branch_labels = None
depends_on = None


SQLITE_FTS = [
    # external content: the text lives once, in search_entries; rows are only ever inserted
    # and deleted (a change rewrites them), so two triggers keep the FTS table in step
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('root', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('context', sa.String(length=300), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('excerpt', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.Column('endpoint', sa.String(length=80), nullable=False),
    sa.Column('url_values', sa.JSON(), nullable=False),
    sa.Column('anchor', sa.String(length=60), nullable=False),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('visible_from', app.common.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.Column('indexed_at', app.common.timeutil.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_entries_kind_object_id'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_root', ['root'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        # stored once per row, so a search never recomputes to_tsvector of every candidate
        op.execute(
            "ALTER TABLE search_entries ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED"
        )
        op.execute(
            "CREATE INDEX ix_search_entries_fts ON search_entries USING gin (search_vector)"
        )
    elif dialect == 'sqlite':
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_entries_fts")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entries_root')

    op.drop_table('search_entries')
