"""Exact money arithmetic: Decimal amounts as integers of their smallest written unit.

Costs and budgets arrive as ``Decimal`` (``"1250.50"``). Counting multiplies every amount by the
same power of ten so that all of them are integers, computes with integers and fractions only,
and converts back at the end. No float is ever involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction


def decimal_places(values: Iterable[Decimal]) -> int:
    """The number of decimal places needed to write every value as an integer of units."""
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return places


def to_units(value: Decimal, places: int) -> int:
    """``value`` in units of ``10**-places`` (exact: ``places`` covers every decimal)."""
    scaled = Fraction(value) * 10**places
    if scaled.denominator != 1:  # pragma: no cover - decimal_places guarantees whole units
        raise ValueError(f"{value} has more than {places} decimal places")
    return scaled.numerator


def from_units(units: int, places: int) -> Decimal:
    """The Decimal written by ``units`` of ``10**-places``, exactly."""
    return Decimal(f"{units}E-{places}") if places else Decimal(units)
