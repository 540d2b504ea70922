"""The search index: one row per thing that can be found, kept up to date on every write."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model


class SearchEntry(Model):
    """A found thing: its kind and id, what the results page shows, the folded text searched,
    and who may see it. On SQLite the FTS5 table ``search_fts`` indexes ``folded`` (kept in step
    by triggers); on PostgreSQL the generated column ``search_vector`` (to_tsvector('simple',
    folded), stored, GIN-indexed) does. Both are made by the migration, outside this model."""

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_entries_root", "root"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: consultation, unit, remark, answer, proposal, option, meeting, survey, organization, event,
    #: opportunity, programme_task, task_update, programme_report (sources.KINDS)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    #: The object whose change rewrites this row, e.g. 'remark:12' writes the remark and its
    #: answer, 'version:3' every unit of that draft version.
    root: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    #: Where it belongs, shown under the title (e.g. the consultation's title).
    context: Mapped[str] = mapped_column(String(300), default="")
    #: The remark's number in its round (remarks and answers), shown in the title.
    number: Mapped[int | None] = mapped_column(Integer)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    #: Title and body folded (app.search.folding.fold): what the full-text index reads.
    folded: Mapped[str] = mapped_column(Text)
    endpoint: Mapped[str] = mapped_column(String(80))
    url_values: Mapped[dict] = mapped_column(JSON, default=dict)
    anchor: Mapped[str] = mapped_column(String(60), default="")
    #: 'public' (everyone, from ``visible_from`` on) or 'staff' (officials only).
    audience: Mapped[str] = mapped_column(String(10))
    #: Public only from this moment (remarks shown after commenting closes, votes not yet open).
    visible_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
