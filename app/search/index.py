"""The one interface to the search index: writing it as the data changes, rebuilding it, and
searching it, on SQLite (FTS5) or PostgreSQL (full-text search) alike.

Writes: after each flush the objects changed are turned into *roots* (``sources.touched_roots``);
just before the commit every root's rows are rewritten in the same transaction, so the index
never shows what the database does not hold. ``reindex()`` rebuilds everything
(``flask search reindex``).

Search: the query is folded as the index is (``folding``), each word a prefix ("zastepcz" finds
"zastępczych"), all words required; one query per kind, limited, so a page costs the same
number of queries whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, func, literal_column, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.search import sources
from app.search.folding import query_terms
from app.search.models import SearchEntry

PENDING = "search_roots"
ENTRIES = SearchEntry.__table__


# --- writing ----------------------------------------------------------------------------------


def _collect(session: Session, flush_context: object) -> None:
    roots: set[str] = session.info.setdefault(PENDING, set())
    for obj in session.new:
        roots |= sources.touched_roots(obj)
    for obj in session.dirty:
        if session.is_modified(obj):
            roots |= sources.touched_roots(obj)
    for obj in session.deleted:
        roots |= sources.touched_roots(obj, deleted=True)


def _write_pending(session: Session) -> None:
    for _ in range(10):  # loading a root may flush again; it settles at once in practice
        session.flush()
        pending = session.info.pop(PENDING, None)
        if not pending:
            return
        roots: set[str] = set()
        for root in pending:
            roots |= sources.expand(session, root)
        rewrite_many(session, sorted(roots))


def _forget(session: Session, *args: object) -> None:
    session.info.pop(PENDING, None)


def rewrite(session: Session, root: str, rows: list[dict] | None = None) -> None:
    """Replace the rows written by ``root`` with what it writes now."""
    if rows is None:
        rows = sources.rows_of(session, root)
    session.execute(ENTRIES.delete().where(ENTRIES.c.root == root))
    if rows:
        session.execute(ENTRIES.insert(), rows)


def rewrite_many(session: Session, roots: list[str]) -> None:
    """Rewrite many roots at once: their objects loaded together (``sources.preload``), one
    DELETE per 500 roots and one multi-row INSERT, so rescheduling a round of 2,000 remarks
    costs a few statements, not thousands."""
    loaded = sources.preload(session, roots)
    rows = [row for root in roots for row in sources.rows_of(session, root)]
    del loaded
    for start in range(0, len(roots), 500):
        chunk = roots[start : start + 500]
        session.execute(ENTRIES.delete().where(ENTRIES.c.root.in_(chunk)))
    if rows:
        session.execute(ENTRIES.insert(), rows)


def listen() -> None:
    """Keep the index up to date on every commit of the application's sessions (idempotent)."""
    for name, handler in (
        ("after_flush", _collect),
        ("before_commit", _write_pending),
        ("after_rollback", _forget),
    ):
        if not event.contains(FlaskSession, name, handler):
            event.listen(FlaskSession, name, handler)


def reindex(session: Session | None = None) -> int:
    """Rebuild the whole index; returns the number of rows written."""
    session = session or db.session
    session.execute(ENTRIES.delete())
    written = 0
    for model, build, options in sources.ROOTS.values():
        objects = session.scalars(select(model).options(*options).order_by(model.id))
        batch: list[dict] = []
        for obj in objects:
            batch.extend(build(obj))
            if len(batch) >= 500:
                session.execute(ENTRIES.insert(), batch)
                written += len(batch)
                batch = []
        if batch:
            session.execute(ENTRIES.insert(), batch)
            written += len(batch)
    session.info.pop(PENDING, None)
    return written


# --- searching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The entries of one kind found for a query; ``has_more`` when the limit cut the list."""

    kind: str
    entries: list[SearchEntry]
    has_more: bool


def _visible(staff: bool, now: datetime) -> sa.ColumnElement[bool]:
    if staff:
        return sa.true()
    return sa.and_(
        SearchEntry.audience == sources.PUBLIC,
        sa.or_(SearchEntry.visible_from.is_(None), SearchEntry.visible_from <= now),
    )


def _matching(terms: list[str], dialect: str) -> sa.Select:
    """Entries matching every term as a word prefix, best first, on this database."""
    if dialect == "postgresql":
        config = literal_column("'simple'::regconfig")
        # a generated column, to_tsvector('simple', folded), made by the migration (GIN index)
        vector = literal_column("search_entries.search_vector")
        query = func.to_tsquery(
            config, sa.bindparam("tsquery", " & ".join(f"{t}:*" for t in terms))
        )
        return (
            select(SearchEntry)
            .where(vector.op("@@")(query))
            .order_by(func.ts_rank(vector, query).desc(), SearchEntry.id)
        )
    fts = sa.table("search_fts", sa.column("rowid"))
    match = " ".join(f'"{t}"*' for t in terms)  # terms are [a-z0-9]+ only
    return (
        select(SearchEntry)
        .join(fts, fts.c.rowid == SearchEntry.id)
        .where(sa.text("search_fts MATCH :fts_match").bindparams(fts_match=match))
        .order_by(sa.text("bm25(search_fts)"), SearchEntry.id)
    )


def search(
    text: str,
    *,
    staff: bool,
    now: datetime,
    kinds: Iterable[str] = sources.KINDS,
    limit: int = 5,
    offset: int = 0,
) -> list[Group]:
    """What ``text`` finds, grouped by kind (kinds with no match left out); officials
    (``staff``) also find what only they may see."""
    terms = query_terms(text)
    if not terms:
        return []
    dialect = db.session.get_bind().dialect.name
    base = _matching(terms, dialect).where(_visible(staff, now))
    groups = []
    for kind in kinds:
        found = list(
            db.session.scalars(base.where(SearchEntry.kind == kind).limit(limit + 1).offset(offset))
        )
        if found:
            groups.append(Group(kind, found[:limit], len(found) > limit))
    return groups
