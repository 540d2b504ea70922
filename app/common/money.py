"""Amounts in złoty as every page writes them: one format for ballots, results, grants and
proposals.

Whole amounts have no grosze ("1 250 000 zł"), others two digits ("1 250,50 zł"); Polish
pages group thousands with spaces and use a decimal comma, English ones "1,250.50 zł". Exports
keep their own fixed formats (:mod:`app.priorities.export`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

CURRENCY = "zł"


def _decimal(value: Any) -> Decimal:
    """Numbers as stored or counted: Decimal, int, Fraction, or their text ("1000/3")."""
    if isinstance(value, str) and "/" in value:
        value = Fraction(value)
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def format_money(value: Any, language: str = "pl") -> str:
    """``value`` złoty for a page in ``language`` ("" when there is no amount)."""
    if value is None or value == "":
        return ""
    amount = _decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if amount == amount.to_integral_value() else 2
    text = f"{amount:,.{places}f}"
    if not language.startswith("en"):
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {CURRENCY}"


def money(value: Any) -> str:
    """``value`` złoty in the current request's language (the ``|money`` template filter)."""
    from flask_babel import get_locale

    return format_money(value, str(get_locale() or "pl"))
