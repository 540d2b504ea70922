"""The settings wing's fixed choices (pure)."""

from __future__ import annotations

from enum import StrEnum


class Compliance(StrEnum):
    """How far the site meets the act's requirements (the statement's compliance status)."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class PreparationMethod(StrEnum):
    SELF = "self"
    EXTERNAL = "external"


class RequestState(StrEnum):
    """An access request: waiting (within 7 days, or an extended date), then answered or closed."""

    OPEN = "open"
    EXTENDED = "extended"
    ANSWERED = "answered"
    CLOSED = "closed"


#: The states in the officials' queue (the deadline runs).
PENDING = (RequestState.OPEN, RequestState.EXTENDED)


class AssetKind(StrEnum):
    LOGO = "logo"
    FAVICON = "favicon"


#: The upload kinds (app.common.uploads) each asset accepts; SVG never (it can carry scripts).
ASSET_UPLOAD_KINDS = {
    AssetKind.LOGO: {"png", "jpg"},
    AssetKind.FAVICON: {"png", "ico"},
}
