"""Organizations, their areas of public benefit and their representatives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model, db
from app.organizations.states import LegalForm as LegalForm  # re-exported
from app.organizations.states import MembershipStatus, OrganizationStatus
from app.organizations.states import RegisterType as RegisterType  # re-exported


class PublicBenefitArea(Model):
    """One of the spheres of public tasks of art. 4 ust. 1 of the Act on public benefit activity."""

    __tablename__ = "public_benefit_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    #: The article point, e.g. "1a"; used for the statutory order.
    article_point: Mapped[str] = mapped_column(String(10))
    position: Mapped[int]
    name_pl: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_pl


organization_areas = Table(
    "organization_areas",
    db.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("public_benefit_areas.id"), primary_key=True),
)


class Organization(Model):
    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'verified', 'rejected')",
            name="status",
        ),
        CheckConstraint(
            "register_type IN ('krs', 'city_register', 'other', 'none')", name="register_type"
        ),
        Index("ix_organizations_status_name", "status", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250))
    legal_form: Mapped[str] = mapped_column(String(40))
    register_type: Mapped[str] = mapped_column(String(20))
    #: KRS: 10 digits zero-padded; other registers: as given; none: NULL.
    register_number: Mapped[str | None] = mapped_column(String(40))
    #: 10 digits, check digit verified; unique when given.
    nip: Mapped[str | None] = mapped_column(String(10), unique=True)
    #: 9 or 14 digits, check digit verified.
    regon: Mapped[str | None] = mapped_column(String(14))
    description_md: Mapped[str] = mapped_column(Text, default="")
    #: Sanitised HTML rendered from description_md; the only field shown with |safe.
    description_html: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    #: Which contact data the organization chose to publish in the directory.
    show_email: Mapped[bool] = mapped_column(Boolean, default=True)
    show_phone: Mapped[bool] = mapped_column(Boolean, default=True)
    show_address: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default=OrganizationStatus.PENDING)
    #: The official's reason for a rejection, shown to the organization.
    status_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    areas: Mapped[list[PublicBenefitArea]] = relationship(
        secondary=organization_areas, order_by=PublicBenefitArea.position
    )
    #: In the order the requests were made (the first is the founding representative's).
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Membership.id"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def is_verified(self) -> bool:
        return self.status == OrganizationStatus.VERIFIED

    @property
    def approved_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == MembershipStatus.APPROVED]

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name}>"


class Membership(Model):
    """A person acting (or asking to act) as a representative of an organization."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id"),
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=MembershipStatus.PENDING)
    #: The person who registered the organization; approved together with the organization.
    is_founder: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Consent to show the person's name on the public profile.
    show_name_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What the person wrote when asking to join (role in the organization, etc.).
    message: Mapped[str | None] = mapped_column(Text)
    status_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization] = relationship(back_populates="memberships")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED
