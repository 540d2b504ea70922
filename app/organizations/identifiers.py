"""Validation and normalisation of Polish organization identifiers (pure, no Flask).

NIP (10 digits) and REGON (9 or 14 digits) carry check digits, verified with python-stdnum.
KRS has no check digit: 1–10 digits, left-padded with zeros to 10, and never all zeros.
"""

from __future__ import annotations

import re
from enum import StrEnum

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

_SEPARATORS = re.compile(r"[\s\-.]")


class IdentifierProblem(StrEnum):
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"
    BAD_CHECKSUM = "bad_checksum"
    ALL_ZEROS = "all_zeros"


class InvalidIdentifier(ValueError):
    def __init__(self, problem: IdentifierProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _digits(value: str) -> str:
    compact = _SEPARATORS.sub("", value or "")
    if compact.upper().startswith("PL"):
        compact = compact[2:]
    if not compact.isdigit():
        raise InvalidIdentifier(IdentifierProblem.NOT_DIGITS)
    return compact


def _via_stdnum(module, compact: str) -> str:
    try:
        return module.validate(compact)
    except InvalidChecksum as exc:
        raise InvalidIdentifier(IdentifierProblem.BAD_CHECKSUM) from exc
    except InvalidLength as exc:
        raise InvalidIdentifier(IdentifierProblem.WRONG_LENGTH) from exc
    except InvalidFormat as exc:
        raise InvalidIdentifier(IdentifierProblem.NOT_DIGITS) from exc


def normalize_nip(value: str) -> str:
    """Return the 10-digit NIP or raise InvalidIdentifier (separators and a PL prefix allowed)."""
    compact = _digits(value)
    if len(compact) != 10:
        raise InvalidIdentifier(IdentifierProblem.WRONG_LENGTH)
    return _via_stdnum(stdnum_nip, compact)


def normalize_regon(value: str) -> str:
    """Return the 9- or 14-digit REGON or raise InvalidIdentifier."""
    compact = _digits(value)
    if len(compact) not in (9, 14):
        raise InvalidIdentifier(IdentifierProblem.WRONG_LENGTH)
    return _via_stdnum(stdnum_regon, compact)


def normalize_krs(value: str) -> str:
    """Return the KRS number padded to 10 digits or raise InvalidIdentifier."""
    compact = _digits(value)
    if not 1 <= len(compact) <= 10:
        raise InvalidIdentifier(IdentifierProblem.WRONG_LENGTH)
    if set(compact) == {"0"}:
        raise InvalidIdentifier(IdentifierProblem.ALL_ZEROS)
    return compact.zfill(10)
