"""Amounts in złoty as every page writes them: one format for ballots, results, grants and
proposals.

Whole amounts have no grosze ("1 250 000 zł"), others two digits ("1 250,50 zł"); Polish
pages group thousands with spaces and use a decimal comma, English ones "1,250.50 zł". Shares
follow the same language rule ("25,8%" / "25.8%"). Exports keep their own fixed formats
(:mod:`app.priorities.export`).
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


def format_percent(part: Any, whole: Any, language: str = "pl") -> str:
    """``part`` of ``whole`` as a percentage with one decimal, for a page in ``language``
    ("0,0%" / "0.0%" when ``whole`` is zero)."""
    share = _decimal(part) * 100 / _decimal(whole) if whole else Decimal(0)
    text = f"{share:,.1f}"
    if not language.startswith("en"):
        text = text.replace(",", " ").replace(".", ",")
    return f"{text}%"


def percent(part: Any, whole: Any) -> str:
    """``part`` of ``whole`` in the current request's language (the ``|percent`` filter)."""
    from flask_babel import get_locale

    return format_percent(part, whole, str(get_locale() or "pl"))


def money(value: Any) -> str:
    """``value`` złoty in the current request's language (the ``|money`` template filter)."""
    from flask_babel import get_locale

    return format_money(value, str(get_locale() or "pl"))
