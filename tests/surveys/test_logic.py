"""The pure survey rules: answers checked per kind, conditions, tallies (no fixtures)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.surveys.logic import (
    Condition,
    Problem,
    QuestionSpec,
    check_response,
    parse_answer,
    parse_number,
    shown_questions,
    tally,
)
from app.surveys.states import QuestionKind as K

SINGLE = QuestionSpec(1, K.SINGLE, required=True, options=("Tak", "Nie"))
MULTI = QuestionSpec(2, K.MULTIPLE, options=("a", "b", "c"), max_choices=2)
SCALE = QuestionSpec(3, K.SCALE)
RANK = QuestionSpec(4, K.RANKING, options=("x", "y", "z"))
NUMBER = QuestionSpec(5, K.NUMBER, minimum=0, maximum=100)
TEXT = QuestionSpec(6, K.SHORT_TEXT)
IF_YES = QuestionSpec(7, K.LONG_TEXT, required=True, show_if=Condition(1, "Tak"))


@pytest.mark.parametrize(
    ("spec", "raw", "expected"),
    [
        (SINGLE, ["Tak"], ("Tak", None)),
        (SINGLE, ["Może"], (None, Problem.NOT_AN_OPTION)),
        (MULTI, ["c", "a"], (["a", "c"], None)),
        (MULTI, ["a", "b", "c"], (None, Problem.TOO_MANY_CHOICES)),
        (MULTI, ["d"], (None, Problem.NOT_AN_OPTION)),
        (SCALE, ["5"], (5, None)),
        (SCALE, ["6"], (None, Problem.OUT_OF_SCALE)),
        (SCALE, ["0"], (None, Problem.OUT_OF_SCALE)),
        (SCALE, ["dużo"], (None, Problem.OUT_OF_SCALE)),
        (RANK, ["2", "", "1"], (["z", "x"], None)),
        (RANK, ["1", "1", ""], (None, Problem.RANK_TWICE)),
        (RANK, ["", "", ""], (None, None)),
        (RANK, ["4", "", ""], (None, Problem.NOT_AN_OPTION)),
        (NUMBER, ["3,5"], (3.5, None)),
        (NUMBER, ["1 250"], (None, Problem.ABOVE_MAXIMUM)),
        (NUMBER, ["-1"], (None, Problem.BELOW_MINIMUM)),
        (NUMBER, ["dwa"], (None, Problem.NOT_A_NUMBER)),
        (TEXT, ["x" * 301], (None, Problem.TOO_LONG)),
        (TEXT, ["  "], (None, None)),
    ],
)
def test_parse_answer(spec, raw, expected):
    assert parse_answer(spec, raw) == expected


def test_parse_number_polish_forms():
    assert parse_number("1 250") == 1250
    assert parse_number("3,50") == 3.5
    with pytest.raises(ValueError, match="nan"):
        parse_number("nan")


def test_condition_hides_and_drops_the_dependent_answer():
    specs = [SINGLE, IF_YES]
    assert shown_questions(specs, {1: "Tak"}) == {1, 7}
    assert shown_questions(specs, {1: "Nie"}) == {1}
    checked = check_response(specs, {1: ["Nie"], 7: ["bez znaczenia"]}, submit=True)
    assert checked.ok and checked.values == {1: "Nie"}
    checked = check_response(specs, {1: ["Tak"], 7: [""]}, submit=True)
    assert checked.problems == {7: Problem.REQUIRED}


def test_a_draft_skips_required_but_not_shape():
    assert check_response([SINGLE], {}, submit=False).ok
    assert check_response([SINGLE], {}, submit=True).problems == {1: Problem.REQUIRED}
    assert check_response([MULTI], {2: ["a", "b", "c"]}, submit=False).problems == {
        2: Problem.TOO_MANY_CHOICES
    }


def test_tallies():
    result = tally(SINGLE, ["Tak", "Tak", "Nie"])
    assert [(r.label, r.count, r.percent) for r in result.rows] == [
        ("Tak", 2, Decimal("66.7")),
        ("Nie", 1, Decimal("33.3")),
    ]
    result = tally(MULTI, [["a", "b"], ["a"]])
    assert [(r.label, r.count, r.percent) for r in result.rows] == [
        ("a", 2, Decimal("100.0")),
        ("b", 1, Decimal("50.0")),
        ("c", 0, Decimal("0.0")),
    ]
    result = tally(SCALE, [1, 5, 5])
    assert result.mean == Decimal("3.67") and result.median == Decimal("5.00")
    result = tally(RANK, [["y", "x"], ["y", "z", "x"], ["y"]])
    assert [r.label for r in result.rows] == ["y", "x", "z"]
    assert [r.count for r in result.rows] == [3, 0, 0]
    result = tally(NUMBER, [10, 20, 40])
    assert (result.minimum, result.maximum, result.median) == (10, 40, Decimal("20.00"))
    assert tally(SINGLE, []).rows[0].percent == 0
