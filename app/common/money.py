"""Amounts in złoty as every page writes them: one format for ballots, results, grants and
proposals.

Whole amounts have no grosze ("1 250 000 zł"), others two digits ("1 250,50 zł"); Polish
pages group thousands with spaces and use a decimal comma, English ones "1,250.50 zł". Shares
follow the same language rule ("25,8%" / "25.8%"). Exports keep their own fixed formats
(:mod:`app.priorities.export`).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

CURRENCY = "zł"
NBSP = "\u00a0"
#: An amount written in text the Polish way: "150 000 zł", "1 250,50 zł", "800 000,00 PLN".
_WRITTEN_AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{1,2})?[ \u00a0](?:zł|PLN)\b")


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


def parse_amount(text: str) -> Decimal:
    """An amount of złoty as a person types it, the Polish or the English way: "12500",
    "12 500,50", "12.500,50", "12,500.50", "45,000 zł". A separator followed by exactly three
    digits groups thousands (an amount has at most two decimal places), so "45,000" and
    "45.000" are both 45000, never 45; with both separators, the last one is the decimal one.
    Raises ValueError for anything else."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("zł").removesuffix("PLN")
    if not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", cleaned):
        raise ValueError(f"not an amount: {text!r}")
    last = max(cleaned.rfind(","), cleaned.rfind("."))
    if last >= 0:
        digits_after = len(cleaned) - last - 1
        both = "," in cleaned and "." in cleaned
        repeated = cleaned.count(cleaned[last]) > 1
        if both or (digits_after != 3 and not repeated):
            whole, fraction = cleaned[:last], cleaned[last + 1 :]
        else:
            whole, fraction = cleaned, ""
        grouped = re.fullmatch(r"[-+]?[1-9]\d{0,2}(?:[.,]\d{3})+", whole)
        if not (grouped or re.fullmatch(r"[-+]?\d+", whole)) or not fraction.isdigit() and fraction:
            raise ValueError(f"not an amount: {text!r}")
        whole = whole.replace(",", "").replace(".", "")
        cleaned = f"{whole}.{fraction}" if fraction else whole
    try:
        amount = Decimal(cleaned)
    except ArithmeticError as error:
        raise ValueError(f"not an amount: {text!r}") from error
    if not amount.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    return amount


def unbreakable_amounts(text: str) -> str:
    """``text`` (plain or HTML) with the spaces inside written amounts ("150 000 zł") made
    non-breaking, so that an amount never wraps, e.g. in a cell of a table of a draft."""
    return _WRITTEN_AMOUNT.sub(lambda found: found.group(0).replace(" ", NBSP), text)
