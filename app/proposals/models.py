"""Proposals of public tasks: authors (joint proposals), endorsements, discussion, answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.consultations.models import Consultation
from app.extensions import Model
from app.organizations.models import Organization, PublicBenefitArea
from app.proposals.states import DECISIONS as DECISIONS  # re-exported
from app.proposals.states import AuthorStatus, ProposalStatus


class Proposal(Model):
    """A public task proposed by an organization, in a round or in the standing ideas box."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'submitted', 'under_review', 'accepted', 'rejected', "
            "'merged', 'withdrawn')",
            name="status",
        ),
        CheckConstraint(
            "decision IS NULL OR decision IN ('accepted', 'rejected', 'merged')", name="decision"
        ),
        CheckConstraint(
            "estimated_cost IS NULL OR estimated_cost >= 0", name="estimated_cost_not_negative"
        ),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_self"),
        Index("ix_proposals_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250))
    area_id: Mapped[int] = mapped_column(ForeignKey("public_benefit_areas.id"), index=True)
    #: The problem or need the proposal answers.
    problem: Mapped[str] = mapped_column(Text)
    #: Data, studies or experience showing the need (optional).
    evidence: Mapped[str] = mapped_column(Text, default="")
    #: What would be done.
    activities: Mapped[str] = mapped_column(Text)
    target_group: Mapped[str] = mapped_column(Text)
    expected_results: Mapped[str] = mapped_column(Text)
    #: Estimated cost in PLN (optional).
    estimated_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    time_frame: Mapped[str] = mapped_column(String(200))
    #: The round whose proposals stage it was filed in; NULL: the city's standing ideas box.
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.DRAFT)
    #: The lead organization: its representatives edit, submit, withdraw and invite.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The lead asked to submit once every invited co-author accepts: until then the proposal
    #: stays a draft (not public); the last acceptance submits it, a refusal clears this.
    submission_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    looking_for_partners: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What kind of partner the authors look for.
    partner_needs: Mapped[str] = mapped_column(Text, default="")
    #: Set when the proposal was merged into another one (that one lists it as merged in).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    #: The decision of the drafted answer; it becomes the status when the answer is published.
    decision: Mapped[str | None] = mapped_column(String(20))
    answer_md: Mapped[str] = mapped_column(Text, default="")
    answer_html: Mapped[str] = mapped_column(Text, default="")
    answer_drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Officials' notes, never shown to anyone else.
    internal_note: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[PublicBenefitArea] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    authors: Mapped[list[ProposalAuthor]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalAuthor.id"
    )
    endorsements: Mapped[list[Endorsement]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Endorsement.id"
    )
    comments: Mapped[list[ProposalComment]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalComment.id"
    )
    merged_into: Mapped[Proposal | None] = relationship(
        remote_side=[id], back_populates="merged_from"
    )
    merged_from: Mapped[list[Proposal]] = relationship(back_populates="merged_into")

    @property
    def co_authors(self) -> list[Organization]:
        """Organizations that accepted to co-author, in the order they joined."""
        return [a.organization for a in self.authors if a.status == AuthorStatus.ACCEPTED]

    @property
    def all_authors(self) -> list[Organization]:
        """The lead and the co-authors that accepted: never an organization still invited or
        one that declined (these are the authors shown to the public, in exports and told
        about the proposal)."""
        return [self.organization, *self.co_authors]

    @property
    def invited_authors(self) -> list[ProposalAuthor]:
        """Invitations not answered yet (the invited organizations are not authors)."""
        return [a for a in self.authors if a.status == AuthorStatus.INVITED]

    @property
    def is_awaiting_coauthors(self) -> bool:
        """A draft the lead asked to submit once the invited co-authors accept."""
        return self.status == ProposalStatus.DRAFT and self.submission_requested_at is not None

    @property
    def is_answer_published(self) -> bool:
        return self.answer_published_at is not None

    @property
    def is_ideas_box(self) -> bool:
        return self.consultation_id is None

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.status}>"


class ProposalAuthor(Model):
    """An organization invited to co-author a proposal, or offering to join one."""

    __tablename__ = "proposal_authors"
    __table_args__ = (
        UniqueConstraint("proposal_id", "organization_id"),
        CheckConstraint("status IN ('invited', 'offered', 'accepted', 'declined')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=AuthorStatus.INVITED)
    #: What the organization offering to join wrote to the lead.
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="authors")
    organization: Mapped[Organization] = relationship()


class Endorsement(Model):
    """One organization's support for a proposal: one per organization, by the database."""

    __tablename__ = "proposal_endorsements"
    __table_args__ = (UniqueConstraint("proposal_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="endorsements")
    organization: Mapped[Organization] = relationship()


class ProposalComment(Model):
    """A comment in a proposal's discussion; replies go one level deep."""

    __tablename__ = "proposal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    #: The comment this one replies to (always a top-level comment).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_comments.id", ondelete="CASCADE")
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_md: Mapped[str] = mapped_column(Text)
    #: Sanitised HTML rendered from body_md; the only field shown with |safe.
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    proposal: Mapped[Proposal] = relationship(back_populates="comments")
    organization: Mapped[Organization] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    replies: Mapped[list[ProposalComment]] = relationship(order_by="ProposalComment.id")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
