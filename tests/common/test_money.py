"""One format for amounts in złoty on every page."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from app.common.money import format_money, format_percent, parse_amount


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (Decimal("1250000"), "pl", "1 250 000 zł"),
        (Decimal("1250000.00"), "pl", "1 250 000 zł"),
        (Decimal("1250.5"), "pl", "1 250,50 zł"),
        (Decimal("0.05"), "pl", "0,05 zł"),
        (70, "pl", "70 zł"),
        (Fraction(1000, 3), "pl", "333,33 zł"),
        ("1000/3", "pl", "333,33 zł"),
        ("12.5", "en", "12.50 zł"),
        (Decimal("1250.5"), "en", "1,250.50 zł"),
        (Decimal("-5"), "pl", "-5 zł"),
        (None, "pl", ""),
    ],
)
def test_amounts_are_written_as_the_language_writes_them(value, language, shown):
    assert format_money(value, language) == shown


@pytest.mark.parametrize(("language", "shown"), [("pl", "150 000,50 zł"), ("en", "150,000.50 zł")])
def test_pages_use_the_filter_in_the_current_language(app, language, shown):
    cookie = f"{app.config['LANGUAGE_COOKIE']}={language}"
    with app.test_request_context(headers={"Cookie": cookie}):
        render = app.jinja_env.from_string("{{ amount|money }}").render
        assert render(amount=Decimal("150000.50")) == shown


@pytest.mark.parametrize(
    ("part", "whole", "language", "shown"),
    [
        (258, 1000, "pl", "25,8%"),
        (258, 1000, "en", "25.8%"),
        (3, 4, "pl", "75,0%"),
        (3, 4, "en", "75.0%"),
        (0, 0, "pl", "0,0%"),
        (0, 0, "en", "0.0%"),
        (Decimal(1), 3, "en", "33.3%"),
    ],
)
def test_shares_are_written_as_the_language_writes_them(part, whole, language, shown):
    assert format_percent(part, whole, language) == shown


@pytest.mark.parametrize(("language", "shown"), [("pl", "25,8%"), ("en", "25.8%")])
def test_pages_write_shares_in_the_current_language(app, language, shown):
    cookie = f"{app.config['LANGUAGE_COOKIE']}={language}"
    with app.test_request_context(headers={"Cookie": cookie}):
        render = app.jinja_env.from_string("{{ part|percent(whole) }}").render
        assert render(part=258, whole=1000) == shown


def test_written_amounts_become_unbreakable():
    from app.common.money import unbreakable_amounts

    text = "<td>800 000 zł</td> 1 250,50 zł, 5 000 PLN; 3 000 złotych, 12 osób"
    assert unbreakable_amounts(text) == (
        "<td>800\u00a0000\u00a0zł</td> 1\u00a0250,50\u00a0zł, 5\u00a0000\u00a0PLN; "
        "3 000 złotych, 12 osób"
    )


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12500", Decimal("12500")),
        ("12 500,50", Decimal("12500.50")),
        ("12\u00a0500,50 zł", Decimal("12500.50")),
        ("12.500,50", Decimal("12500.50")),
        ("12,500.50", Decimal("12500.50")),
        ("45,000", Decimal("45000")),  # the English way: never 45 złoty
        ("45.000", Decimal("45000")),
        ("45,5", Decimal("45.5")),
        ("1.5", Decimal("1.5")),
        ("1,250,000 PLN", Decimal("1250000")),
    ],
)
def test_an_amount_is_read_the_polish_or_the_english_way(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "1..2", "0,125", "12,5.3", "zł", "Infinity"])
def test_an_amount_that_is_not_one_is_refused(typed):
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(typed)
