"""The one way a view refuses an action its package's permission predicate did not allow."""

from __future__ import annotations

from flask import abort


def require(allowed: bool) -> None:
    """Stop with 403 unless the permission predicate allowed the action."""
    if not allowed:
        abort(403)
