"""Signed, expiring tokens for links sent by e-mail."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenPurpose(StrEnum):
    CONFIRM_EMAIL = "confirm-email"
    RESET_PASSWORD = "reset-password"  # noqa: S105 - a salt name, not a secret
    UNSUBSCRIBE = "unsubscribe"


class TokenError(Exception):
    """The token is invalid; ``expired`` tells an old link from a forged or damaged one."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: TokenPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=str(purpose))


def make_token(purpose: TokenPurpose, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: TokenPurpose, token: str, max_age: int) -> dict[str, Any]:
    """Return the payload or raise TokenError."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenError(expired=True) from exc
    except BadSignature as exc:
        raise TokenError(expired=False) from exc
    if not isinstance(payload, dict):
        raise TokenError(expired=False)
    return payload
