"""The programme of cooperation per year, its tracked tasks and what happens to them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.consultations.models import Consultation
from app.extensions import Model, db
from app.hub.models import Opportunity
from app.organizations.models import Organization, PublicBenefitArea
from app.priorities.models import VoteOption
from app.programmes.states import TaskStatus
from app.proposals.models import Proposal

programme_rounds = Table(
    "programme_rounds",
    db.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
)


class ProgrammeFile(Model):
    """A document stored in the database: the council's opinion, an update's or a change
    notice's attachment. ``is_public`` files are downloadable by anyone."""

    __tablename__ = "programme_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Programme(Model):
    """The programme of cooperation with organizations for a year (or several)."""

    __tablename__ = "programmes"
    __table_args__ = (
        UniqueConstraint("year"),
        CheckConstraint("end_year >= year", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The (first) year the programme covers.
    year: Mapped[int] = mapped_column(Integer)
    #: The last year: the same as ``year`` for an annual programme.
    end_year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(250))
    goals_md: Mapped[str] = mapped_column(Text, default="")
    goals_html: Mapped[str] = mapped_column(Text, default="")
    #: The priority tasks as written in the programme, one per line.
    priority_tasks: Mapped[str] = mapped_column(Text, default="")
    #: Evaluation indicators the programme defines, one per line (their rows, with how each
    #: is measured, are :attr:`indicator_rows`, kept in step by the service).
    indicators: Mapped[str] = mapped_column(Text, default="")
    draft_published_on: Mapped[date | None] = mapped_column(Date)
    #: The consultation with organizations, recorded by hand when it was held outside the
    #: platform (a linked round's dates count otherwise).
    consultation_from: Mapped[date | None] = mapped_column(Date)
    consultation_to: Mapped[date | None] = mapped_column(Date)
    #: The public benefit council's (MRDPP's) opinion on the draft: its date and document.
    opinion_on: Mapped[date | None] = mapped_column(Date)
    opinion_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_files.id", ondelete="SET NULL")
    )
    #: Adoption by the city council: the resolution's number, date and BIP publication.
    resolution_number: Mapped[str | None] = mapped_column(String(60))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    bip_url: Mapped[str | None] = mapped_column(String(500))
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    rounds: Mapped[list[Consultation]] = relationship(
        secondary=programme_rounds, order_by=Consultation.id
    )
    opinion_file: Mapped[ProgrammeFile | None] = relationship()
    #: One implementation report per year of the programme (art. 5a ust. 3), first year first.
    reports: Mapped[list[ProgrammeReport]] = relationship(
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="ProgrammeReport.year",
    )
    tasks: Mapped[list[ProgrammeTask]] = relationship(
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="(ProgrammeTask.position, ProgrammeTask.id)",
    )
    indicator_rows: Mapped[list[Indicator]] = relationship(
        back_populates="programme",
        cascade="all, delete-orphan",
        order_by="(Indicator.position, Indicator.id)",
    )

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def is_multi_year(self) -> bool:
        return self.end_year != self.year

    @property
    def priority_lines(self) -> list[str]:
        return [line.strip() for line in self.priority_tasks.splitlines() if line.strip()]

    @property
    def period(self) -> str:
        return str(self.year) if self.end_year == self.year else f"{self.year}–{self.end_year}"

    @property
    def years(self) -> range:
        return range(self.year, self.end_year + 1)

    def report_for(self, year: int) -> ProgrammeReport | None:
        return next((r for r in self.reports if r.year == year), None)


class ProgrammeReport(Model):
    """The implementation report on one year of a programme (an annual programme has exactly
    one; a multi-year programme one per year, each due by 31 May of the year after).

    Its text is edited freely while it is a draft; publication stores a snapshot of everything
    the report shows (text and tables) as revision 1, and from then on the report changes only
    by a new dated revision with a public reason. Pages and downloads of a published report
    read its latest revision, never the live data.
    """

    __tablename__ = "programme_reports"
    __table_args__ = (UniqueConstraint("programme_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    #: The draft's text; after publication the text of the latest revision.
    text_md: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(200), default="")
    drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The first publication (corrections are dated in their revisions).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    programme: Mapped[Programme] = relationship(back_populates="reports")
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    #: Every published version, first to last: a correction is a new revision, never an edit.
    revisions: Mapped[list[ProgrammeReportRevision]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="ProgrammeReportRevision.number",
        lazy="selectin",
    )

    @property
    def is_drafted(self) -> bool:
        return self.drafted_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def current(self) -> ProgrammeReportRevision | None:
        return self.revisions[-1] if self.revisions else None


class ProgrammeReportRevision(Model):
    """One published version of a report: its text and a snapshot of all its tables (JSON, see
    ``app.programmes.snapshot``). Number 1 is the first publication; each later one is a
    correction with its public reason and re-snapshots the data of that day."""

    __tablename__ = "programme_report_revisions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("programme_reports.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text_md: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(200), default="")
    #: The report's tables as published. NULL only for a report published before snapshots
    #: existed (migrated): it is taken from the data on its first read.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    #: Why the published report was corrected, shown publicly; NULL for the first publication.
    reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    report: Mapped[ProgrammeReport] = relationship(back_populates="revisions")
    #: joined: the revision history names every publisher without a query per revision
    published_by: Mapped[User | None] = relationship(lazy="joined")


class Indicator(Model):
    """An evaluation indicator of the programme: measured by one of the platform's
    computations (:data:`app.programmes.states.Measure`) or typed by the office per year."""

    __tablename__ = "programme_indicators"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    #: What computes it (a Measure); None: the office types its value.
    measure: Mapped[str | None] = mapped_column(String(40))

    programme: Mapped[Programme] = relationship(back_populates="indicator_rows")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorValue.year"
    )


class IndicatorValue(Model):
    """The value the office typed for an indicator not measured by the platform, for a year."""

    __tablename__ = "programme_indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("programme_indicators.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")


task_opportunities = Table(
    "programme_task_opportunities",
    db.metadata,
    Column("task_id", ForeignKey("programme_tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("opportunity_id", ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True),
)


class ProgrammeTask(Model):
    """A task of the programme followed in public: a priority task, an accepted proposal or a
    funded option of a vote."""

    __tablename__ = "programme_tasks"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="status"),
        CheckConstraint("source IN ('priority', 'proposal', 'vote_option')", name="source"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_percent"),
        CheckConstraint(
            "planned_amount IS NULL OR planned_amount >= 0", name="planned_not_negative"
        ),
        CheckConstraint("spent_amount IS NULL OR spent_amount >= 0", name="spent_not_negative"),
        UniqueConstraint("programme_id", "proposal_id"),
        UniqueConstraint("programme_id", "vote_option_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    #: The title as tracked from its source (for a priority task: its line of the programme);
    #: a corrected ``title`` does not make that line look untracked.
    source_title: Mapped[str | None] = mapped_column(String(300))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("public_benefit_areas.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    vote_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("vote_options.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.PLANNED)
    #: Why a dropped task was dropped.
    drop_reason: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    planned_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    spent_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    #: Required when more was spent than planned.
    spent_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="tasks")
    area: Mapped[PublicBenefitArea | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    vote_option: Mapped[VoteOption | None] = relationship()
    opportunities: Mapped[list[Opportunity]] = relationship(
        secondary=task_opportunities, order_by=Opportunity.id
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    updates: Mapped[list[TaskUpdate]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        order_by="(TaskUpdate.posted_at.desc(), TaskUpdate.id.desc())",
    )
    grants: Mapped[list[Grant]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Grant.id"
    )


class Milestone(Model):
    __tablename__ = "programme_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("programme_tasks.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(250))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    task: Mapped[ProgrammeTask] = relationship(back_populates="milestones")


class TaskUpdate(Model):
    """A dated official update on a task (Markdown, an optional attachment)."""

    __tablename__ = "programme_task_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("programme_tasks.id", ondelete="CASCADE"), index=True
    )
    body_md: Mapped[str] = mapped_column(Text)
    #: Sanitised HTML rendered from body_md; the only field shown with |safe.
    body_html: Mapped[str] = mapped_column(Text)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_files.id", ondelete="SET NULL")
    )
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: When its text was last corrected (shown publicly next to the date it was posted).
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    task: Mapped[ProgrammeTask] = relationship(back_populates="updates")
    file: Mapped[ProgrammeFile | None] = relationship()
    author: Mapped[User | None] = relationship()


class Grant(Model):
    """A result of a competition (or another form) implementing a task: who received how much
    for what. Public in Poland."""

    __tablename__ = "programme_grants"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("programme_tasks.id", ondelete="CASCADE"), index=True
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    purpose: Mapped[str] = mapped_column(String(500))
    #: Offers received in the competition (recorded with its first result).
    offers_received: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    task: Mapped[ProgrammeTask] = relationship(back_populates="grants")
    opportunity: Mapped[Opportunity | None] = relationship()
    organization: Mapped[Organization] = relationship()


class ChangeNotice(Model):
    """A funded organization tells the office of a change or a problem in its task; the office
    answers."""

    __tablename__ = "programme_change_notices"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('schedule', 'budget', 'scope', 'partners', 'problem')", name="kind"
        ),
        CheckConstraint(
            "answer IS NULL OR answer IN ('accepted', 'needs_annex', 'rejected')", name="answer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(
        ForeignKey("programme_tasks.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_files.id", ondelete="SET NULL")
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The office answers by this date.
    answer_due_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(String(20))
    answer_reason: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: With an answer that needs an annex: the day the organization replies by.
    reply_due_on: Mapped[date | None] = mapped_column(Date)

    task: Mapped[ProgrammeTask] = relationship()
    organization: Mapped[Organization] = relationship()
    file: Mapped[ProgrammeFile | None] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    replies: Mapped[list[NoticeReply]] = relationship(
        back_populates="notice",
        cascade="all, delete-orphan",
        order_by="(NoticeReply.posted_at, NoticeReply.id)",
    )

    @property
    def current_answer(self) -> str | None:
        """The office's latest decision: of its last reply that gave one, else its answer."""
        for reply in reversed(self.replies):
            if reply.answer is not None:
                return reply.answer
        return self.answer

    @property
    def waiting(self) -> tuple[str, date | None] | None:
        """Who owes the next word in the thread and by when: ("office", due day) after the
        organization wrote, ("organization", day) after the office set a reply date (with
        its answer or a later reply), or None."""
        if self.replies:
            last = self.replies[-1]
            if last.side == "organization":
                return ("office", last.due_on)
            return ("organization", last.due_on) if last.due_on else None
        if self.answer is None:
            return ("office", self.answer_due_on)
        if self.reply_due_on is not None:
            return ("organization", self.reply_due_on)
        return None


class NoticeReply(Model):
    """A further message in a change notice's thread, from the office or the organization
    (the office asks for an annex, the organization sends it, the office answers again)."""

    __tablename__ = "programme_notice_replies"
    __table_args__ = (
        CheckConstraint("side IN ('office', 'organization')", name="side"),
        CheckConstraint(
            "answer IS NULL OR answer IN ('accepted', 'needs_annex', 'rejected')", name="answer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("programme_change_notices.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    #: The office's decision given with this reply (none: a question or a remark).
    answer: Mapped[str | None] = mapped_column(String(20))
    #: The other side's deadline: the office answers an organization's reply by it; an office
    #: reply may set the day by which the organization is to reply (e.g. send the annex).
    due_on: Mapped[date | None] = mapped_column(Date)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_files.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    notice: Mapped[ChangeNotice] = relationship(back_populates="replies")
    file: Mapped[ProgrammeFile | None] = relationship()
    author: Mapped[User | None] = relationship()
