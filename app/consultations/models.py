"""Consultation rounds: stages, draft versions split into units, comments, answers, the report."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.consultations.drafting import ChangeKind
from app.consultations.states import Channel, CommentVisibility, Participation
from app.consultations.states import Decision as Decision  # re-exported
from app.consultations.states import StageKind as StageKind  # re-exported
from app.extensions import Model, db
from app.organizations.models import Organization, PublicBenefitArea

consultation_areas = Table(
    "consultation_areas",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("public_benefit_areas.id"), primary_key=True),
)


class Consultation(Model):
    """A consultation round: the container of stages, drafts, comments and the report."""

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint(
            "participation IN ('verified_organizations', 'confirmed_persons')",
            name="participation",
        ),
        CheckConstraint(
            "comment_visibility IN ('immediate', 'after_close')", name="comment_visibility"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: What is consulted, e.g. "Programme of cooperation with NGOs for 2027".
    subject: Mapped[str] = mapped_column(String(300))
    rules_md: Mapped[str] = mapped_column(Text, default="")
    rules_html: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    participation: Mapped[str] = mapped_column(
        String(30), default=Participation.VERIFIED_ORGANIZATIONS
    )
    comment_visibility: Mapped[str] = mapped_column(String(20), default=CommentVisibility.IMMEDIATE)
    #: Shown publicly when the commenting stage is shorter than the configured minimum.
    short_stage_justification: Mapped[str | None] = mapped_column(Text)
    #: Set when an official announces the round; before that only officials see it.
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Counter for comment numbers, so numbers are unique and gap-free per round.
    last_comment_number: Mapped[int] = mapped_column(Integer, default=0)

    areas: Mapped[list[PublicBenefitArea]] = relationship(
        secondary=consultation_areas, order_by=PublicBenefitArea.position
    )
    stages: Mapped[list[Stage]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="Stage.opens_at"
    )
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="DraftVersion.number",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    report: Mapped[Report | None] = relationship(
        back_populates="consultation", cascade="all, delete-orphan"
    )
    created_by: Mapped[User | None] = relationship()

    @property
    def current_version(self) -> DraftVersion | None:
        return self.versions[-1] if self.versions else None

    def stage(self, kind: str) -> Stage | None:
        return next((s for s in self.stages if s.kind == kind), None)


class Stage(Model):
    __tablename__ = "consultation_stages"
    __table_args__ = (
        UniqueConstraint("consultation_id", "kind"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("kind IN ('commenting', 'proposals', 'voting', 'results')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())

    consultation: Mapped[Consultation] = relationship(back_populates="stages")


class DraftVersion(Model):
    """One published version of the draft document; earlier versions stay readable."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    source_md: Mapped[str] = mapped_column(Text)
    #: Why the version was published (e.g. "after the comments of the first round").
    change_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="versions")
    units: Mapped[list[DraftUnit]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="DraftUnit.position"
    )
    published_by: Mapped[User | None] = relationship()


class DraftUnit(Model):
    """A numbered unit of a draft: a heading, paragraph, list item or table."""

    __tablename__ = "draft_units"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("draft_versions.id", ondelete="CASCADE"), index=True
    )
    #: Stable across versions: a unit matched to one of the previous version keeps its key.
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[int] = mapped_column(Integer, default=0)
    #: The list marker as written ("1)", "a)", "-"), empty for headings and paragraphs.
    marker: Mapped[str] = mapped_column(String(20), default="")
    #: Human label derived from the structure, e.g. "§ 3 ust. 2".
    label: Mapped[str] = mapped_column(String(120))
    text_md: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text)
    #: How the unit differs from the previous version: unchanged, changed or added.
    change: Mapped[str] = mapped_column(String(20), default=ChangeKind.ADDED)

    version: Mapped[DraftVersion] = relationship(back_populates="units")


class Attachment(Model):
    """A document attached to a round, stored in the database and served as a download."""

    __tablename__ = "consultation_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    consultation: Mapped[Consultation] = relationship(back_populates="attachments")


class Comment(Model):
    """A comment in the standard Polish consultation form, on a unit or on the whole draft."""

    __tablename__ = "consultation_comments"
    __table_args__ = (
        UniqueConstraint("consultation_id", "number"),
        Index("ix_consultation_comments_unit", "version_id", "unit_key"),
        CheckConstraint("channel IN ('platform', 'paper', 'meeting')", name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    #: The comment's number within the round (1, 2, …), cited in the report and in answers.
    number: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id"))
    #: The commented unit's key in that version; NULL for a general comment.
    unit_key: Mapped[str | None] = mapped_column(String(20))
    unit_label: Mapped[str | None] = mapped_column(String(120))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    current_wording: Mapped[str] = mapped_column(Text, default="")
    proposed_wording: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: A paper consultation form entered by an official on the organization's behalf.
    is_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    received_on: Mapped[date | None] = mapped_column(Date)
    #: The person whose remark the office entered (said at a meeting), when no organization
    #: made it; NULL otherwise (the organization, or the author on the platform, is named).
    submitter_name: Mapped[str | None] = mapped_column(String(200))
    #: How it reached the office (a Channel): platform, paper form, or said at a meeting.
    channel: Mapped[str] = mapped_column(
        String(10), default=Channel.PLATFORM, server_default=Channel.PLATFORM
    )
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The confirmed group of remarks that say the same thing (answered once), if any.
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment_groups.id", ondelete="SET NULL"), index=True
    )
    #: The official who prepares the answer, and by when (the answer work queue).
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date | None] = mapped_column(Date)

    consultation: Mapped[Consultation] = relationship()
    version: Mapped[DraftVersion] = relationship()
    organization: Mapped[Organization | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    group: Mapped[CommentGroup | None] = relationship(back_populates="comments")
    answer: Mapped[Answer | None] = relationship(
        back_populates="comment", cascade="all, delete-orphan"
    )

    @property
    def submitted_by(self) -> str:
        """Who made the remark: the organization, the person named by the office, or the
        author who wrote it on the platform."""
        if self.organization is not None:
            return self.organization.name
        return self.submitter_name or self.author.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def published_answer(self) -> Answer | None:
        return self.answer if self.answer and self.answer.published_at else None

    @property
    def is_entered_by_office(self) -> bool:
        """Received on paper or said at a meeting, typed in by an official (its ``author``)."""
        return self.channel != Channel.PLATFORM

    @property
    def speaker_ids(self) -> list[int]:
        """The accounts that speak for the remark (told when it is hidden, may ask for a
        review): its author for a remark written on the platform; for one entered by the office,
        the organization's approved representatives, and nobody for a person's remark (the
        official who typed it is not its author, and the person has no account here)."""
        if not self.is_entered_by_office:
            return [self.author_id]
        if self.organization is None:
            return []
        return [m.user_id for m in self.organization.approved_memberships]


class Answer(Model):
    """The office's answer to a comment: drafted first, then published."""

    __tablename__ = "comment_answers"
    __table_args__ = (
        CheckConstraint(
            "decision IN ('accepted', 'partly_accepted', 'rejected', 'not_applicable')",
            name="decision",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str] = mapped_column(String(20))
    justification_md: Mapped[str] = mapped_column(Text)
    justification_html: Mapped[str] = mapped_column(Text)
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    comment: Mapped[Comment] = relationship(back_populates="answer")


class CommentGroup(Model):
    """Remarks of one round that say the same thing, confirmed by an official (from the
    platform's suggestion or by hand): answered once, each remark keeping its own answer."""

    __tablename__ = "comment_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    #: The unit all its remarks are about (NULL: general remarks).
    unit_key: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    comments: Mapped[list[Comment]] = relationship(
        back_populates="group", order_by="Comment.number"
    )


class AnswerImport(Model):
    """An answers spreadsheet uploaded by an official, parsed and waiting for confirmation:
    nothing of it is applied until the official confirms the preview."""

    __tablename__ = "answer_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    #: [{"row", "comment_id", "number", "decision", "justification", "old_decision",
    #: "old_justification"}]: the answers that will change.
    changes: Mapped[list] = mapped_column(JSON, default=list)
    #: [{"row", "reason", "value"}]: the refused rows and why (a code of ``ImportProblem``).
    refusals: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Report(Model):
    """The consultation report (sprawozdanie), with BIP-style metadata."""

    __tablename__ = "consultation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), unique=True
    )
    #: The office's closing statement.
    statement_md: Mapped[str] = mapped_column(Text, default="")
    statement_html: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(200))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="report")
    published_by: Mapped[User | None] = relationship()
    #: Every published text, first to last: a correction is a new revision, never an edit.
    revisions: Mapped[list[ReportRevision]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="ReportRevision.number",
        lazy="selectin",
    )


class ReportRevision(Model):
    """One published text of the report: the first publication (number 1), then each correction
    with its public reason. The report shows the latest; earlier ones stay readable."""

    __tablename__ = "consultation_report_revisions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_reports.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    statement_md: Mapped[str] = mapped_column(Text, default="")
    statement_html: Mapped[str] = mapped_column(Text, default="")
    prepared_by: Mapped[str] = mapped_column(String(200))
    #: Why the published report was corrected, shown publicly; NULL for the first publication.
    reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    report: Mapped[Report] = relationship(back_populates="revisions")
    #: joined: the revision history names every publisher without a query per revision
    published_by: Mapped[User | None] = relationship(lazy="joined")
