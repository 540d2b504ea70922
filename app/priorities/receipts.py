"""Receipt codes: shown once to the voter, stored only as a digest.

A code is 20 random base-32 characters (100 bits) shown in groups of four, e.g.
``K7QF-9M2X-P4TA-HC3W-ZN8D``. The database keeps its SHA-256, so the check page can find a
ballot by the code while nobody can read codes back from the database. Reading is lenient:
case, spaces and dashes do not matter, and the easily confused ``0``/``1``/``8`` are read as the
letters ``O``/``I``/``B`` (the alphabet has no digits 0, 1 or 8).

Once results are published, :func:`share_of_ballot` reads from the stored outcome where a
ballot's share of the budget went (the Method of Equal Shares records what each ballot paid).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LENGTH = 20
GROUP = 4
_CONFUSABLE = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_receipt_code() -> str:
    """A fresh random receipt code, grouped for reading aloud."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise_code(code: str) -> str:
    """The code without separators, upper case, confusable digits mapped to letters."""
    kept = "".join(ch for ch in code.upper() if ch.isalnum())
    return kept.translate(_CONFUSABLE)


def looks_like_code(code: str) -> bool:
    normalised = normalise_code(code)
    return len(normalised) == LENGTH and all(ch in ALPHABET for ch in normalised)


def receipt_digest(code: str) -> str:
    """The SHA-256 (hex) stored for ``code``; equal for every spelling of the same code."""
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


# --- where a ballot's share went ----------------------------------------------------------


@dataclass(frozen=True)
class BallotShare:
    """What one ballot's share of the budget paid for under the Method of Equal Shares.

    :param voter_budget: the ballot's share (the final share per voter of the count).
    :param paid: per funded option the ballot paid for, the amount, in the order funded.
    """

    voter_budget: Fraction
    paid: tuple[tuple[str, Fraction], ...]

    @property
    def spent(self) -> Fraction:
        return sum((amount for _option, amount in self.paid), Fraction(0))

    @property
    def unspent(self) -> Fraction:
        return self.voter_budget - self.spent


def _fraction(text: object) -> Fraction:
    value = str(text)
    return Fraction(value) if "/" in value else Fraction(Decimal(value))


def share_of_ballot(outcome: Mapping[str, Any], position: int) -> BallotShare | None:
    """Where the share of the ballot at ``position`` (1-based, as in the ``.pb`` file) went,
    from a stored outcome's ``shares``; ``None`` when the outcome has no shares (rules other
    than the Method of Equal Shares, results counted before shares were stored)."""
    shares = outcome.get("shares")
    if not shares or not 1 <= position <= int(shares.get("ballots", 0)):
        return None
    paid = []
    for option, groups in shares.get("payments", {}).items():
        for group in groups:
            if position in group.get("ballots", ()):
                paid.append((option, _fraction(group["amount"])))
                break
    return BallotShare(_fraction(shares["voter_budget"]), tuple(paid))
