"""Who may change the site's settings and handle access requests (pure)."""

from __future__ import annotations

from typing import Any

from app.organizations.permissions import is_admin, is_official


def can_manage_settings(user: Any) -> bool:
    """The identity, images and statement: administrators."""
    return is_admin(user)


def can_handle_access_requests(user: Any) -> bool:
    """The queue of access requests: the office's officials (and administrators)."""
    return is_official(user) or is_admin(user)
