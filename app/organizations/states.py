"""The kinds and states of organizations and memberships — a pure module.

The ``StrEnum``s live here, free of Flask and SQLAlchemy, so that the pure rules
(``permissions``) and the models share one spelling; ``models`` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class LegalForm(StrEnum):
    ASSOCIATION = "association"
    ORDINARY_ASSOCIATION = "ordinary_association"
    FOUNDATION = "foundation"
    SOCIAL_COOPERATIVE = "social_cooperative"
    CHURCH_ENTITY = "church_entity"
    NONPROFIT_COMPANY = "nonprofit_company"
    SPORTS_CLUB = "sports_club"
    OTHER = "other"


class RegisterType(StrEnum):
    KRS = "krs"
    CITY_REGISTER = "city_register"
    OTHER = "other"
    NONE = "none"


class OrganizationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class MembershipStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
