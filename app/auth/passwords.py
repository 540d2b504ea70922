"""Password strength rules (pure)."""

from __future__ import annotations

from enum import StrEnum

MIN_LENGTH = 10
MAX_LENGTH = 200

#: A short list of passwords that pass the length rule yet are guessed first.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "0123456789",
        "1111111111",
        "qwertyuiop",
        "password123",
        "password12",
        "haslo12345",
        "hasło12345",
        "qwerty1234",
        "1q2w3e4r5t",
        "zaq12wsxcde",
        "polska1234",
        "administrator",
        "konsulta123",
        "iloveyou12",
        "abcdefghij",
        "aaaaaaaaaa",
        "qwertyuiop1",
    }
)


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"
    TOO_PERSONAL = "too_personal"
    TOO_SIMPLE = "too_simple"


def password_problem(password: str, email: str = "", name: str = "") -> PasswordProblem | None:
    """Return the first reason why ``password`` is weak, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return PasswordProblem.TOO_COMMON
    if len(set(lowered)) < 4:
        return PasswordProblem.TOO_SIMPLE
    personal = [email.split("@")[0].lower(), *name.lower().split()]
    if any(len(part) >= 4 and part in lowered for part in personal):
        return PasswordProblem.TOO_PERSONAL
    return None
