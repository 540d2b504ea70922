"""Changing the site's settings and handling access requests (flush, never commit).

Every change is audited. After the view's commit it calls
:func:`app.common.identity.forget_identity`, so that every page shows the new settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState
from app.common.identity import (
    SiteAsset,
    SiteSettings,
    footer_links_text,
    load_settings,
    site_identity,
)
from app.common.uploads import RejectedUpload, check_upload
from app.extensions import db
from app.settings import deadlines
from app.settings.models import AccessRequest
from app.settings.states import ASSET_UPLOAD_KINDS, AssetKind, Compliance, PreparationMethod
from app.settings.states import RequestState as State


class NameRequired(DomainError):
    """The platform's or the body's name is empty."""


class InvalidEmail(DomainError):
    """An e-mail address that is not one."""


class InvalidAddress(DomainError):
    """A web address that is not http(s)."""


class InvalidNumber(DomainError):
    """The minimum commenting length is outside 1-90 days."""


class AssetRefused(DomainError):
    """An uploaded image of the wrong type or size (``problem``: the upload check's reason,
    or "svg" for an SVG image, which is never accepted)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class ExtensionTooLate(DomainError):
    """An extension beyond 2 months after the request, or not after the 7-day deadline."""


class ReasonRequired(DomainError):
    """An extension or a closing without its reason, or an answer without text."""


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: The fields of the identity page, with the kind of check each needs.
IDENTITY_FIELDS = {
    "platform_name": "name",
    "body_name_pl": "name",
    "body_name_en": "text",
    "office_name": "text",
    "office_email": "email",
    "office_phone": "text",
    "office_address": "text",
    "bip_url": "url",
    "privacy_controller": "text",
    "dpo_contact": "text",
    "footer_links": "links",
    "default_locale": "locale",
    "min_commenting_days": "days",
}
STATEMENT_FIELDS = {
    "statement_published_on": "date",
    "statement_updated_on": "date",
    "compliance": "compliance",
    "non_compliant": "text",
    "exemptions": "text",
    "statement_prepared_on": "date",
    "preparation_method": "method",
    "assessed_by": "text",
    "statement_contact_name": "text",
    "statement_contact_email": "email",
    "statement_contact_phone": "text",
    "architectural": "text",
}


def is_web_address(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", value or "", re.IGNORECASE))


def _clean(kind: str, value: Any) -> Any:
    """Check one value by its kind; raise the field's error."""
    if isinstance(value, str):
        value = value.strip()
    if kind == "name" and not value:
        raise NameRequired
    if kind == "email" and value and not EMAIL.match(value):
        raise InvalidEmail
    if kind == "url" and value and not is_web_address(value):
        raise InvalidAddress
    if kind == "links":
        for line in (value or "").splitlines():
            _label, sep, url = line.partition("|")
            if line.strip() and (not sep or not is_web_address(url.strip())):
                raise InvalidAddress
    if kind == "days" and not (isinstance(value, int) and 1 <= value <= 90):
        raise InvalidNumber
    if kind == "locale" and value not in ("pl", "en"):
        raise InvalidState
    if kind == "compliance" and value not in set(Compliance):
        raise InvalidState
    if kind == "method" and value not in set(PreparationMethod):
        raise InvalidState
    if kind == "text":
        value = value or ""
    return value


def _settings_row(now: datetime) -> SiteSettings:
    """The saved row, created from the current (default) identity on the first save."""
    row = load_settings()
    if row is None:
        current = site_identity()
        row = SiteSettings(
            id=1,
            platform_name=current.platform_name,
            body_name_pl=current.body_name_pl,
            body_name_en=current.body_name_en,
            office_name=current.office_name,
            office_email=current.office_email,
            office_phone=current.office_phone,
            office_address=current.office_address,
            bip_url=current.bip_url,
            privacy_controller=current.privacy_controller,
            dpo_contact=current.dpo_contact,
            footer_links=footer_links_text(current.footer_links),
            default_locale=current.default_locale,
            min_commenting_days=current.min_commenting_days,
            compliance=current.compliance,
            preparation_method=current.preparation_method,
            updated_at=now,
        )
        db.session.add(row)
        db.session.flush()
    return row


def _save(actor: Any, values: dict, fields: dict, action: Action, now: datetime) -> dict:
    row = _settings_row(now)
    changes = {}
    for name, kind in fields.items():
        if name not in values:
            continue
        new = _clean(kind, values[name])
        old = getattr(row, name)
        if new != old:
            changes[name] = [_jsonable(old), _jsonable(new)]
            setattr(row, name, new)
    if changes:
        row.updated_at = now
        row.updated_by_id = actor.id
        record_audit(actor, action, row, label=row.platform_name, changes=changes)
    db.session.flush()
    return changes


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def save_identity(actor: Any, values: dict, now: datetime) -> dict:
    """Save the identity page; returns the changed fields ({name: [old, new]}).

    :raises NameRequired, InvalidEmail, InvalidAddress, InvalidNumber: a field's value.
    """
    return _save(actor, values, IDENTITY_FIELDS, Action.SETTINGS_UPDATE, now)


def save_statement(actor: Any, values: dict, now: datetime) -> dict:
    """Save the accessibility statement's data (audited)."""
    return _save(actor, values, STATEMENT_FIELDS, Action.STATEMENT_UPDATE, now)


def save_asset(
    actor: Any, kind: AssetKind, filename: str, data: bytes, max_bytes: int, now: datetime
) -> SiteAsset:
    """Store the logo or favicon after checking its content (PNG/JPEG/ICO; never SVG).

    :raises AssetRefused: with the upload check's problem.
    """
    if filename.lower().endswith((".svg", ".svgz")) or b"<svg" in data[:2048].lower():
        raise AssetRefused("svg")
    try:
        checked = check_upload(filename, data, ASSET_UPLOAD_KINDS[kind], max_bytes)
    except RejectedUpload as error:
        raise AssetRefused(error.problem.value) from error
    asset = db.session.get(SiteAsset, str(kind))
    if asset is None:
        asset = SiteAsset(kind=str(kind))
        db.session.add(asset)
    asset.filename = checked.filename
    asset.content_type = checked.content_type
    asset.sha256 = checked.sha256
    asset.data = data
    asset.uploaded_at = now
    row = _settings_row(now)
    row.updated_at = now
    row.updated_by_id = actor.id
    record_audit(
        actor,
        Action.SETTINGS_ASSET,
        row,
        label=row.platform_name,
        asset=str(kind),
        filename=checked.filename,
        sha256=checked.sha256,
        size=checked.size,
    )
    db.session.flush()
    return asset


def remove_asset(actor: Any, kind: AssetKind, now: datetime) -> None:
    """Go back to the built-in logo or favicon (audited)."""
    asset = db.session.get(SiteAsset, str(kind))
    if asset is None:
        return
    db.session.delete(asset)
    row = _settings_row(now)
    row.updated_at = now
    row.updated_by_id = actor.id
    record_audit(actor, Action.SETTINGS_ASSET, row, label=row.platform_name, asset=str(kind))
    db.session.flush()


@dataclass(frozen=True)
class RequestData:
    name: str
    email: str
    concerns: str
    description: str
    phone: str = ""
    alternative: str = ""


def file_access_request(data: RequestData, locale: str, now: datetime, today: date):
    """Record a person's request; the 7 days count from ``today`` (Warsaw)."""
    if not data.name.strip() or not data.concerns.strip() or not data.description.strip():
        raise ReasonRequired
    if not EMAIL.match(data.email.strip()):
        raise InvalidEmail
    request = AccessRequest(
        created_at=now,
        filed_on=today,
        name=data.name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        concerns=data.concerns.strip(),
        description=data.description.strip(),
        alternative=data.alternative.strip(),
        locale=locale,
        state=State.OPEN,
    )
    db.session.add(request)
    db.session.flush()
    return request


def _require_pending(request: AccessRequest) -> None:
    if not request.is_pending:
        raise InvalidState


def _finish(actor: Any, request: AccessRequest, text: str, state: State, now: datetime) -> None:
    """Hand a pending request back with ``text`` (the answer, or the reason for closing it).

    :raises ReasonRequired: no text given.
    """
    _require_pending(request)
    if not text.strip():
        raise ReasonRequired
    request.answer = text.strip()
    request.state = state
    request.handled_at = now
    request.handled_by_id = actor.id


def answer_access_request(actor: Any, request: AccessRequest, answer: str, now: datetime) -> None:
    """Answer the person (the answer is e-mailed by the view) and close the request."""
    _finish(actor, request, answer, State.ANSWERED, now)
    record_audit(
        actor,
        Action.ACCESS_REQUEST_ANSWER,
        request,
        label=request.concerns[:300],
        late=request.is_late(now.date()),
    )
    db.session.flush()


def extend_access_request(
    actor: Any, request: AccessRequest, until: date, reason: str, today: date
) -> None:
    """Name a later date (at most 2 months after the request), with the reason told to the
    person (the view e-mails it).

    :raises ExtensionTooLate: a date beyond 2 months, or not after today.
    """
    _require_pending(request)
    if not reason.strip():
        raise ReasonRequired
    if until <= today or until > deadlines.latest_extension(request.filed_on):
        raise ExtensionTooLate
    request.extended_until = until
    request.extension_reason = reason.strip()
    request.state = State.EXTENDED
    record_audit(
        actor,
        Action.ACCESS_REQUEST_EXTEND,
        request,
        label=request.concerns[:300],
        reason=reason.strip(),
        until=until.isoformat(),
    )
    db.session.flush()


def close_access_request(actor: Any, request: AccessRequest, reason: str, now: datetime) -> None:
    """Close without an answer (a duplicate, no way to reach the person), with the reason."""
    _finish(actor, request, reason, State.CLOSED, now)
    record_audit(
        actor,
        Action.ACCESS_REQUEST_CLOSE,
        request,
        label=request.concerns[:300],
        reason=reason.strip(),
    )
    db.session.flush()
