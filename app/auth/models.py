"""People with accounts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model


class Role(StrEnum):
    MEMBER = "member"
    OFFICIAL = "official"
    ADMIN = "admin"


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('member', 'official', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; unique across all accounts.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    #: Set when the person follows the e-mailed confirmation link.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: A deactivated account cannot log in; its data stays for the record.
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Preferred interface language ("pl" or "en"); None follows the cookie/browser.
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Set when the person deleted their account: the row stays, anonymised, so that what their
    #: organizations published stays attributed to the organizations (RODO art. 17(3)).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        """An anonymised account: templates never show it as anyone's author."""
        return self.deleted_at is not None

    @property
    def is_official(self) -> bool:
        """Officials and admins run consultations and verify organizations."""
        return self.role in (Role.OFFICIAL, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class ConsentKind(StrEnum):
    PRIVACY_NOTICE = "privacy_notice"


class Consent(Model):
    """What a person agreed to, when, and which version of the text it was (RODO art. 7(1))."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: A ConsentKind.
    kind: Mapped[str] = mapped_column(String(40))
    #: The version of the document agreed to (config PRIVACY_NOTICE_VERSION at the time).
    version: Mapped[str] = mapped_column(String(40))
    #: The sentence the person ticked, as shown to them.
    text: Mapped[str] = mapped_column(Text)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
