"""Who may manage accounts and read the audit log (pure)."""

from __future__ import annotations

from typing import Any

from app.organizations.permissions import is_admin


def can_manage_accounts(user: Any) -> bool:
    return is_admin(user)


def can_read_audit_log(user: Any) -> bool:
    return is_admin(user)
