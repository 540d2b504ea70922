"""The site's identity and settings: who runs the platform, how to reach them, its rules.

They live on the ground floor because every floor shows them: the header and footer, e-mails
(:mod:`app.common.mail`), the iCal feeds, the reports' BIP metadata, and the consultation rules
(the minimum commenting length). The administrator's pages that change them are a wing
(``app/settings``); this module only stores and reads them.

One row (``id = 1``) holds what an administrator saved; until then, and for any field left
empty, the configuration's ``SITE_*`` values stand in (config.py, deploy/README.md).
:func:`site_identity` returns a frozen :class:`Identity`, cached (Flask-Caching, so several
processes share it on Redis) and dropped by :func:`forget_identity` after every save. Its
``version`` changes on every save, so the cached header and footer fragments keyed by it are
rebuilt. Exports name it too (:func:`app.common.tables.about_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from app.common.request_scope import request_scope
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import Model, cache, db

CACHE_KEY = "site-identity-1"


class SiteSettings(Model):
    """What the administrator saved on the settings pages (one row, ``id = 1``)."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_name: Mapped[str] = mapped_column(String(100))
    #: The body's name in Polish and English ("Urząd Miasta Nowego Sącza").
    body_name_pl: Mapped[str] = mapped_column(String(300))
    body_name_en: Mapped[str] = mapped_column(String(300))
    #: The office responsible for the platform (e.g. "Biuro Aktywności Obywatelskiej").
    office_name: Mapped[str] = mapped_column(String(300), default="")
    office_email: Mapped[str] = mapped_column(String(254), default="")
    office_phone: Mapped[str] = mapped_column(String(50), default="")
    office_address: Mapped[str] = mapped_column(Text, default="")
    bip_url: Mapped[str] = mapped_column(String(500), default="")
    #: The privacy notice: who the controller is, and how to reach the data protection officer.
    privacy_controller: Mapped[str] = mapped_column(Text, default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    #: Extra footer links, one per line: "label | https://address".
    footer_links: Mapped[str] = mapped_column(Text, default="")
    default_locale: Mapped[str] = mapped_column(String(5), default="pl")
    #: A commenting stage shorter than this needs a public justification.
    min_commenting_days: Mapped[int] = mapped_column(default=7)
    # The accessibility statement (app/settings/statement): the prescribed structure's data.
    statement_published_on: Mapped[date | None] = mapped_column(Date)
    statement_updated_on: Mapped[date | None] = mapped_column(Date)
    #: "full", "partial" or "none".
    compliance: Mapped[str] = mapped_column(String(10), default="partial")
    #: What is not accessible and why (one item per line), and content exempted by the act.
    non_compliant: Mapped[str] = mapped_column(Text, default="")
    exemptions: Mapped[str] = mapped_column(Text, default="")
    statement_prepared_on: Mapped[date | None] = mapped_column(Date)
    #: "self" (the body's own assessment) or "external" (named in ``assessed_by``).
    preparation_method: Mapped[str] = mapped_column(String(10), default="self")
    assessed_by: Mapped[str] = mapped_column(String(300), default="")
    statement_contact_name: Mapped[str] = mapped_column(String(200), default="")
    statement_contact_email: Mapped[str] = mapped_column(String(254), default="")
    statement_contact_phone: Mapped[str] = mapped_column(String(50), default="")
    #: The office building's accessibility (entrances, lifts, induction loops, PJM).
    architectural: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SiteAsset(Model):
    """An uploaded image of the site: its logo or favicon, kept in the database so that every
    app instance serves the same bytes without a shared disk."""

    __tablename__ = "site_assets"

    #: "logo" or "favicon".
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


@dataclass(frozen=True)
class Identity:
    """The settings as every page, e-mail and feed reads them (defaults filled in)."""

    platform_name: str
    body_name_pl: str
    body_name_en: str
    office_name: str = ""
    office_email: str = ""
    office_phone: str = ""
    office_address: str = ""
    bip_url: str = ""
    privacy_controller: str = ""
    dpo_contact: str = ""
    footer_links: tuple[FooterLink, ...] = ()
    default_locale: str = "pl"
    min_commenting_days: int = 7
    statement_published_on: date | None = None
    statement_updated_on: date | None = None
    compliance: str = "partial"
    non_compliant: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = ()
    statement_prepared_on: date | None = None
    preparation_method: str = "self"
    assessed_by: str = ""
    statement_contact_name: str = ""
    statement_contact_email: str = ""
    statement_contact_phone: str = ""
    architectural: str = ""
    #: The logo's and favicon's content hashes (for cache-busting links), "" when none.
    logo_hash: str = ""
    favicon_hash: str = ""
    #: Changes on every save: part of the cached fragments' keys.
    version: str = "0"

    def body_name(self, locale: str | None) -> str:
        """The body's name in ``locale`` (Polish unless English is asked for and given)."""
        if locale == "en" and self.body_name_en:
            return self.body_name_en
        return self.body_name_pl

    @property
    def contact_email(self) -> str:
        """Where accessibility matters go: the statement's contact, else the office."""
        return self.statement_contact_email or self.office_email


def parse_footer_links(text: str) -> tuple[FooterLink, ...]:
    """'label | url' lines into links; lines without both parts are skipped. A literal "\\n"
    also separates lines (an environment variable's value is one line)."""
    links = []
    for line in (text or "").replace("\\n", "\n").splitlines():
        label, sep, url = line.partition("|")
        if sep and label.strip() and url.strip():
            links.append(FooterLink(label.strip(), url.strip()))
    return tuple(links)


def footer_links_text(links: tuple[FooterLink, ...]) -> str:
    """The links as the settings page's field writes them ("label | url" lines)."""
    return "\n".join(f"{link.label} | {link.url}" for link in links)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def defaults(config: Any) -> Identity:
    """The identity before an administrator saved anything: from the configuration."""
    return Identity(
        platform_name=config.get("SITE_PLATFORM_NAME") or "Konsulta",
        body_name_pl=config.get("SITE_BODY_NAME_PL") or "Urząd Miasta",
        body_name_en=config.get("SITE_BODY_NAME_EN") or "City Office",
        office_name=config.get("SITE_OFFICE_NAME") or "",
        office_email=config.get("SITE_OFFICE_EMAIL") or "",
        office_phone=config.get("SITE_OFFICE_PHONE") or "",
        office_address=config.get("SITE_OFFICE_ADDRESS") or "",
        bip_url=config.get("SITE_BIP_URL") or "",
        privacy_controller=config.get("SITE_PRIVACY_CONTROLLER") or "",
        dpo_contact=config.get("SITE_DPO_CONTACT") or "",
        footer_links=parse_footer_links(config.get("SITE_FOOTER_LINKS") or ""),
        default_locale=config.get("BABEL_DEFAULT_LOCALE") or "pl",
        min_commenting_days=int(config.get("MIN_COMMENTING_DAYS") or 7),
    )


def load_settings() -> SiteSettings | None:
    return db.session.get(SiteSettings, 1)


def build_identity(row: SiteSettings | None, hashes: dict[str, str], config: Any) -> Identity:
    """Merge the saved row over the configuration's defaults."""
    base = defaults(config)
    if row is None:
        return replace(
            base,
            logo_hash=hashes.get("logo", ""),
            favicon_hash=hashes.get("favicon", ""),
            version=f"0-{hashes.get('logo', '')[:8]}-{hashes.get('favicon', '')[:8]}",
        )
    return Identity(
        platform_name=row.platform_name or base.platform_name,
        body_name_pl=row.body_name_pl or base.body_name_pl,
        body_name_en=row.body_name_en or row.body_name_pl or base.body_name_en,
        office_name=row.office_name or base.office_name,
        office_email=row.office_email or base.office_email,
        office_phone=row.office_phone or base.office_phone,
        office_address=row.office_address or base.office_address,
        bip_url=row.bip_url or base.bip_url,
        privacy_controller=row.privacy_controller or base.privacy_controller,
        dpo_contact=row.dpo_contact or base.dpo_contact,
        footer_links=parse_footer_links(row.footer_links) or base.footer_links,
        default_locale=row.default_locale or base.default_locale,
        min_commenting_days=row.min_commenting_days or base.min_commenting_days,
        statement_published_on=row.statement_published_on,
        statement_updated_on=row.statement_updated_on,
        compliance=row.compliance or "partial",
        non_compliant=_lines(row.non_compliant),
        exemptions=_lines(row.exemptions),
        statement_prepared_on=row.statement_prepared_on,
        preparation_method=row.preparation_method or "self",
        assessed_by=row.assessed_by or "",
        statement_contact_name=row.statement_contact_name or "",
        statement_contact_email=row.statement_contact_email or "",
        statement_contact_phone=row.statement_contact_phone or "",
        architectural=row.architectural or "",
        logo_hash=hashes.get("logo", ""),
        favicon_hash=hashes.get("favicon", ""),
        version=f"{row.updated_at.timestamp():.6f}-{hashes.get('logo', '')[:8]}"
        f"-{hashes.get('favicon', '')[:8]}",
    )


def _load_identity() -> Identity:
    hashes = {
        kind: sha for kind, sha in db.session.execute(select(SiteAsset.kind, SiteAsset.sha256))
    }
    return build_identity(load_settings(), hashes, current_app.config)


def site_identity() -> Identity:
    """The identity, from the request's memory, else the cache, else the database."""
    scope = request_scope()
    if "site_identity" in scope:
        return scope["site_identity"]
    identity = cache.get(CACHE_KEY)
    if not isinstance(identity, Identity):
        try:
            identity = _load_identity()
        except SQLAlchemyError:
            # the database is down or not migrated yet: error pages still render, with the
            # configured defaults (not cached, so the saved settings return with the database)
            db.session.rollback()
            scope["site_identity"] = defaults(current_app.config)
            return scope["site_identity"]
        cache.set(CACHE_KEY, identity, timeout=current_app.config["SITE_SETTINGS_CACHE_SECONDS"])
    scope["site_identity"] = identity
    return identity


def forget_identity() -> None:
    """Drop the cached identity (after a save, once committed)."""
    cache.delete(CACHE_KEY)
    request_scope().pop("site_identity", None)


def register_identity(app: Flask) -> None:
    """Every template (pages and e-mails) sees the identity as ``site``."""

    @app.context_processor
    def _site() -> dict:
        return {"site": site_identity()}
