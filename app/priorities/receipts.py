"""Receipt codes: shown once to the voter, stored only as a digest.

A code is 20 random base-32 characters (100 bits) shown in groups of four, e.g.
``K7QF-9M2X-P4TA-HC3W-ZN8D``. The database keeps its SHA-256, so the check page can find a
ballot by the code while nobody can read codes back from the database. Reading is lenient:
case, spaces and dashes do not matter, and the easily confused ``0``/``1``/``8`` are read as the
letters ``O``/``I``/``B`` (the alphabet has no digits 0, 1 or 8).
"""

from __future__ import annotations

import hashlib
import secrets

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
