"""Pure helpers of the results pages and exports (no Flask, no database)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from app.priorities import export
from app.priorities.export import completion_changes


def _run(budget, cost, selected, outcome="continue"):
    return {
        "step": "mes_completion",
        "voter_budget": budget,
        "total_cost": cost,
        "selected": selected,
        "outcome": outcome,
    }


def test_completion_rows_are_the_runs_that_change_the_outcome():
    runs = [_run(100, "300", 2)]
    runs += [_run(100 + n, "300", 2) for n in range(1, 500)]  # nothing changes
    runs += [_run(600, "450", 3), _run(601, "450", 3), _run(602, "450", 3)]
    runs += [_run(603, "520", 4, "over_budget")]
    shown = completion_changes(runs)
    assert [(r["voter_budget"], r["outcome"]) for r in shown] == [
        (100, "continue"),
        (600, "continue"),
        (603, "over_budget"),
    ]


def test_a_short_completion_keeps_its_first_and_last_run():
    runs = [_run(10, "50", 1), _run(11, "50", 1, "exhaustive")]
    assert completion_changes(runs) == runs
    assert completion_changes([]) == []


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (1250, "pl", "1 250"),
        (1250, "en", "1,250"),
        (Fraction(7, 2), "pl", "3,5"),
        (Fraction(7, 2), "en", "3.5"),
        (Fraction(1, 3), "pl", "≈0,33"),
        (Fraction(1, 3), "en", "≈0.33"),
        (Decimal("1234567.25"), "en", "1,234,567.25"),
        (None, "en", "–"),
    ],
)
def test_counts_and_scores_follow_the_page_language(value, language, shown):
    assert export.format_number(value, language) == shown
