"""The information hub: calendar events and opportunities for organizations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model, db
from app.organizations.models import Organization, PublicBenefitArea


class Event(Model):
    """An event in the calendar, organized by the city (no organization) or by an organization.

    Consultation stage openings and closings are not stored here: the calendar reads them from
    the rounds themselves.
    """

    __tablename__ = "calendar_events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("place <> '' OR online_url IS NOT NULL", name="place_or_link"),
        Index("ix_calendar_events_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The address or room; empty for events held only online.
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500))
    description_md: Mapped[str] = mapped_column(Text, default="")
    #: Sanitised HTML rendered from description_md; the only field shown with |safe.
    description_html: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(ForeignKey("public_benefit_areas.id"), index=True)
    #: The organizer; NULL: the city office.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    #: A city-wide event that organizations are invited to join (S1).
    is_open_to_join: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    area: Mapped[PublicBenefitArea | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_city_event(self) -> bool:
        return self.organization_id is None

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.starts_at:%Y-%m-%d}>"


class OpportunityKind(StrEnum):
    OPEN_COMPETITION = "open_competition"
    SMALL_GRANT = "small_grant"
    OWN_CONTRIBUTION = "own_contribution"
    ROOMS_EQUIPMENT = "rooms_equipment"
    TRAINING_ADVICE = "training_advice"
    OTHER = "other"


opportunity_areas = Table(
    "opportunity_areas",
    db.metadata,
    Column("opportunity_id", ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("public_benefit_areas.id"), primary_key=True),
)


class Opportunity(Model):
    """Something the city offers organizations: a grant competition, a fund, rooms, advice."""

    __tablename__ = "opportunities"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('open_competition', 'small_grant', 'own_contribution', "
            "'rooms_equipment', 'training_advice', 'other')",
            name="kind",
        ),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint(
            "(planned_year IS NULL AND planned_month IS NULL) OR "
            "(planned_year IS NOT NULL AND planned_month BETWEEN 1 AND 12)",
            name="planned_month_and_year",
        ),
        Index("ix_opportunities_deadline_at", "deadline_at"),
        Index("ix_opportunities_planned", "planned_year", "planned_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(250))
    description_md: Mapped[str] = mapped_column(Text, default="")
    #: Sanitised HTML rendered from description_md; the only field shown with |safe.
    description_html: Mapped[str] = mapped_column(Text, default="")
    #: The amount available in PLN (NULL: not stated, e.g. for rooms).
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    #: The deadline for offers or applications; NULL for standing offers.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The month in the annual plan of competitions when it is planned to be announced.
    planned_year: Mapped[int | None] = mapped_column(Integer)
    planned_month: Mapped[int | None] = mapped_column(Integer)
    criteria: Mapped[str] = mapped_column(Text, default="")
    #: The official announcement (e.g. in the Public Information Bulletin).
    announcement_url: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    areas: Mapped[list[PublicBenefitArea]] = relationship(
        secondary=opportunity_areas, order_by=PublicBenefitArea.position
    )
    created_by: Mapped[User | None] = relationship()

    def is_past(self, now: datetime) -> bool:
        return self.deadline_at is not None and self.deadline_at < now

    def __repr__(self) -> str:
        return f"<Opportunity {self.id} {self.kind}>"
