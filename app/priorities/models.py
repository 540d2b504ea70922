"""Priority votes held in a consultation round's voting stage: options, ballots, published results.

A vote's method and options are editable until it opens (``opens_at``, copied from the round's
voting stage and moved earlier by "open early"); from then on they are locked. Ballots are
stored one per voter unit (an organization or a person) — the ``(vote_id, voter_key)`` unique
constraint is what makes that true under concurrent requests; replacing a ballot rewrites that
one row. Receipts are stored only as SHA-256 digests, so the database alone cannot show a
receipt code to anyone. Results are computed once, at publication, and stored in
:class:`VoteResult` with the anonymised ballots as a pabulib file: pages never recount.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
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
from app.priorities.kinds import BallotType as BallotType  # re-exported
from app.priorities.kinds import Channel, Secrecy, VoterUnit


class Vote(Model):
    """One vote in a round: its rules, its window and (after publication) its stored result."""

    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint("ballot_type IN ('ranked', 'points', 'approval')", name="ballot_type"),
        CheckConstraint("voter_unit IN ('organization', 'person')", name="voter_unit"),
        CheckConstraint("secrecy IN ('secret', 'open')", name="secrecy"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("max_points IS NULL OR max_points > 0", name="max_points_positive"),
        CheckConstraint(
            "max_points_per_option IS NULL OR max_points_per_option > 0",
            name="cap_positive",
        ),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
        CheckConstraint("rounding_unit > 0", name="rounding_unit_positive"),
        CheckConstraint("min_choices IS NULL OR min_choices >= 0", name="min_choices"),
        CheckConstraint(
            "max_choices IS NULL OR min_choices IS NULL OR max_choices >= min_choices",
            name="choices_range",
        ),
        CheckConstraint("min_ballots_for_publication >= 1", name="min_ballots_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(250))
    explanation_md: Mapped[str] = mapped_column(Text, default="")
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    ballot_type: Mapped[str] = mapped_column(String(20))
    #: The exact counting rule, a name of the ``votecount`` registry (e.g. ``borda``,
    #: ``equalshares/add1``, ``mes``): the services check it (``rules.known_method``), so any
    #: registry variant can be stored; the published ``.pb`` names its canonical spelling.
    method: Mapped[str] = mapped_column(String(100))
    voter_unit: Mapped[str] = mapped_column(String(20), default=VoterUnit.ORGANIZATION)
    secrecy: Mapped[str] = mapped_column(String(10), default=Secrecy.SECRET)
    #: Secret votes: the fewest ballots with which the ballots file (and the online/paper split
    #: of the turnout) is published; with fewer, only the result is (the file would show how
    #: the few voters voted). The set-up form starts from ``VOTE_MIN_BALLOTS_FOR_PUBLICATION``.
    min_ballots_for_publication: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    #: Points ballots: the points each voter distributes, and the optional cap per option.
    max_points: Mapped[int | None] = mapped_column(Integer)
    max_points_per_option: Mapped[int | None] = mapped_column(Integer)
    #: Budget methods and the points split: the money (PLN) and the rounding unit of the split.
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    rounding_unit: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal(1))
    #: Approval ballots: how many options a voter must / may choose (None: no limit).
    min_choices: Mapped[int | None] = mapped_column(Integer)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    #: The window; set from the round's voting stage, moved by "open early" / "close early".
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship()
    created_by: Mapped[User | None] = relationship()
    options: Mapped[list[VoteOption]] = relationship(
        back_populates="vote",
        cascade="all, delete-orphan",
        order_by="(VoteOption.position, VoteOption.id)",
    )
    result: Mapped[VoteResult | None] = relationship(
        back_populates="vote", cascade="all, delete-orphan", uselist=False
    )


class VoteOption(Model):
    """One option on the ballot; ``proposal_id`` links back to the proposal it came from."""

    __tablename__ = "vote_options"
    __table_args__ = (
        UniqueConstraint("vote_id", "proposal_id"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(250))
    description_md: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("public_benefit_areas.id"))
    cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))

    vote: Mapped[Vote] = relationship(back_populates="options")
    area: Mapped[PublicBenefitArea | None] = relationship()

    @property
    def key(self) -> str:
        """The option's id in the counting engine and in the published ``.pb`` file."""
        return str(self.id)


class Ballot(Model):
    """The current ballot of one voter unit in one vote (replacing it rewrites this row).

    ``voter_key`` is ``"org:<id>"`` or ``"person:<id>"``; the unique constraint on
    ``(vote_id, voter_key)`` enforces one ballot per voter unit in the database. ``content`` is
    the canonical ballot: a list of option ids (ranked: best first; approval: sorted) or an
    object ``{option id: points}``. ``receipt_digest`` is the SHA-256 of the receipt code.
    """

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("vote_id", "voter_key"),
        UniqueConstraint("receipt_digest"),
        CheckConstraint("channel IN ('online', 'paper')", name="channel"),
        CheckConstraint(
            "organization_id IS NOT NULL OR voter_id IS NOT NULL", name="has_voter_unit"
        ),
        Index("ix_ballots_vote_id", "vote_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    voter_key: Mapped[str] = mapped_column(String(40))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    #: The person voting for themselves (person units).
    voter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    content: Mapped[list | dict] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(10), default=Channel.ONLINE)
    #: Who submitted it: the representative online, or the official who typed a paper ballot.
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    paper_received_on: Mapped[date | None] = mapped_column(Date)
    receipt_digest: Mapped[str] = mapped_column(String(64))
    #: How many times the ballot was replaced (0 for the first one).
    replacements: Mapped[int] = mapped_column(Integer, default=0)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vote: Mapped[Vote] = relationship()
    organization: Mapped[Organization | None] = relationship()
    voter: Mapped[User | None] = relationship(foreign_keys=[voter_id])
    cast_by: Mapped[User | None] = relationship(foreign_keys=[cast_by_id])


class ReplacedReceipt(Model):
    """The digest of a receipt whose ballot was later replaced: the check page says so."""

    __tablename__ = "ballot_replaced_receipts"

    receipt_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class VoteResult(Model):
    """The count, computed once and stored: a preview until ``published_at`` is set.

    ``outcome`` is the counting engine's ``as_dict()`` (trace included); ``turnout`` holds the
    eligible voter units and ballots by channel; ``ballots_pb`` is the anonymised pabulib file
    the outcome was computed from, and ``ballots_sha256`` its digest.
    """

    __tablename__ = "vote_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[dict] = mapped_column(JSON)
    turnout: Mapped[dict] = mapped_column(JSON)
    ballots_pb: Mapped[str] = mapped_column(Text)
    ballots_sha256: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    computed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    statement_md: Mapped[str] = mapped_column(Text, default="")
    statement_html: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Budget rules: the simple most-votes outcome (``greedy``) of the same ballots, for the
    #: side-by-side on the results page (``selected``, ``total_cost``, ``leftover``); ``None``
    #: for other methods and for results counted before it was stored.
    most_votes: Mapped[dict | None] = mapped_column(JSON)

    vote: Mapped[Vote] = relationship(back_populates="result")
    computed_by: Mapped[User | None] = relationship(foreign_keys=[computed_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
