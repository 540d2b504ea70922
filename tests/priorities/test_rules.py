"""The ballot and setup rules, as pure functions (no app, no database)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from app.priorities.rules import (
    BallotProblem,
    BallotRules,
    OptionSpec,
    SetupProblem,
    SetupSpec,
    check_ballot,
    opening_problems,
    parse_approval,
    parse_points,
    parse_ranked,
    setup_problems,
)

KEYS = ("1", "2", "3", "4")
RANKED = BallotRules("ranked", "borda", KEYS)
POINTS = BallotRules("points", "points", KEYS, max_points=10, max_points_per_option=6)
APPROVAL = BallotRules(
    "approval",
    "greedy",
    KEYS,
    budget=Decimal(100),
    min_choices=1,
    max_choices=3,
    costs={"1": Decimal(40), "2": Decimal(50), "3": Decimal(30), "4": Decimal(10)},
)


def codes(problems):
    return [p.code for p in problems]


def test_ranked_full_and_partial_rankings_are_valid():
    assert parse_ranked({"1": "2", "2": "1", "3": "3", "4": "4"}, RANKED) == (
        ["2", "1", "3", "4"],
        [],
    )
    assert parse_ranked({"1": "", "2": "1", "3": " 2 ", "4": ""}, RANKED) == (["2", "3"], [])


@pytest.mark.parametrize(
    ("ranks", "code"),
    [
        ({"1": "", "2": "", "3": "", "4": ""}, BallotProblem.EMPTY),
        ({"1": "1", "2": "1"}, BallotProblem.RANK_REPEATED),
        ({"1": "1", "2": "3"}, BallotProblem.RANK_GAP),
        ({"1": "2"}, BallotProblem.RANK_GAP),
        ({"1": "5"}, BallotProblem.RANK_OUT_OF_RANGE),
        ({"1": "0"}, BallotProblem.RANK_OUT_OF_RANGE),
        ({"1": "-1"}, BallotProblem.RANK_OUT_OF_RANGE),
        ({"1": "1.5"}, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"1": "first"}, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"99": "1"}, BallotProblem.UNKNOWN_OPTION),
    ],
)
def test_ranked_bad_input(ranks, code):
    content, problems = parse_ranked(ranks, RANKED)
    assert content == []
    assert code in codes(problems)


def test_rank_problems_name_the_option_and_rank():
    _content, problems = parse_ranked({"1": "1", "2": "1"}, RANKED)
    assert problems[0].option == "2"
    assert problems[0].params == {"rank": 1}
    _content, problems = parse_ranked({"1": "1", "3": "3"}, RANKED)
    assert problems[0].params == {"rank": 2}


def test_points_valid_drops_zeros_and_keeps_ballot_order():
    assert parse_points({"3": "4", "1": "6", "2": "0", "4": ""}, POINTS) == (
        {"1": 6, "3": 4},
        [],
    )


@pytest.mark.parametrize(
    ("points", "code"),
    [
        ({"1": "6", "2": "5"}, BallotProblem.OVER_TOTAL),
        ({"1": "7"}, BallotProblem.OVER_CAP),
        ({"1": "-1"}, BallotProblem.NEGATIVE),
        ({"1": "2.5"}, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"1": "abc"}, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"1": "0", "2": ""}, BallotProblem.EMPTY),
        ({"9": "3"}, BallotProblem.UNKNOWN_OPTION),
    ],
)
def test_points_bad_input(points, code):
    content, problems = parse_points(points, POINTS)
    assert content == {}
    assert code in codes(problems)


def test_over_total_reports_the_numbers():
    _content, problems = parse_points({"1": "6", "2": "5"}, POINTS)
    assert problems[0].params == {"total": 11, "maximum": 10}


def test_approval_valid_is_sorted_by_ballot_order():
    assert parse_approval(["4", "1"], APPROVAL) == (["1", "4"], [])


@pytest.mark.parametrize(
    ("chosen", "code"),
    [
        ([], BallotProblem.TOO_FEW),
        (["1", "2", "3", "4"], BallotProblem.TOO_MANY),
        (["1", "2", "3"], BallotProblem.OVER_BUDGET),
        (["1", "1"], BallotProblem.DUPLICATE_OPTION),
        (["1", "77"], BallotProblem.UNKNOWN_OPTION),
    ],
)
def test_approval_bad_input(chosen, code):
    content, problems = parse_approval(chosen, APPROVAL)
    assert content == []
    assert code in codes(problems)


def test_approval_without_minimum_refuses_an_empty_ballot():
    rules = BallotRules("approval", "greedy", KEYS, budget=Decimal(100))
    assert codes(parse_approval([], rules)[1]) == [BallotProblem.EMPTY]


def test_over_budget_reports_total_and_budget():
    _content, problems = parse_approval(["1", "2", "3"], APPROVAL)
    assert problems[0].params == {"total": Decimal(120), "budget": Decimal(100)}


@pytest.mark.parametrize(
    ("content", "rules", "code"),
    [
        (["1", "1"], RANKED, BallotProblem.DUPLICATE_OPTION),
        (["1", "x"], RANKED, BallotProblem.UNKNOWN_OPTION),
        ([], RANKED, BallotProblem.EMPTY),
        ("1,2", RANKED, BallotProblem.UNKNOWN_OPTION),
        ({"1": 1.5}, POINTS, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"1": True}, POINTS, BallotProblem.NOT_A_WHOLE_NUMBER),
        ({"1": -2}, POINTS, BallotProblem.NEGATIVE),
        ({"1": 6, "2": 6}, POINTS, BallotProblem.OVER_TOTAL),
        (["1", "2"], POINTS, BallotProblem.UNKNOWN_OPTION),
        (["1", "2", "3"], APPROVAL, BallotProblem.OVER_BUDGET),
    ],
)
def test_check_ballot_refuses_forged_content(content, rules, code):
    assert code in codes(check_ballot(content, rules))


def test_check_ballot_accepts_canonical_content():
    assert check_ballot(["3", "1"], RANKED) == []
    assert check_ballot({"1": 6, "2": 4}, POINTS) == []
    assert check_ballot(["1", "2"], APPROVAL) == []


def test_budget_is_not_a_limit_for_methods_without_costs():
    rules = BallotRules(
        "points", "points", KEYS, max_points=10, budget=Decimal(1), costs={"1": Decimal(5)}
    )
    assert check_ballot({"1": 10}, rules) == []


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (SetupSpec("ranked", "greedy"), SetupProblem.METHOD_DOES_NOT_FIT),
        (SetupSpec("approval", "borda"), SetupProblem.METHOD_DOES_NOT_FIT),
        (SetupSpec("points", "points"), SetupProblem.POINTS_REQUIRED),
        (
            SetupSpec("points", "points", max_points=10, max_points_per_option=11),
            SetupProblem.CAP_OVER_TOTAL,
        ),
        (SetupSpec("approval", "mes"), SetupProblem.BUDGET_REQUIRED),
        (SetupSpec("points", "greedy", max_points=10), SetupProblem.BUDGET_REQUIRED),
        (
            SetupSpec("ranked", "borda", rounding_unit=Decimal(0)),
            SetupProblem.ROUNDING_UNIT_POSITIVE,
        ),
        (
            SetupSpec("approval", "greedy", budget=Decimal(5), min_choices=3, max_choices=2),
            SetupProblem.CHOICES_RANGE,
        ),
        (SetupSpec("ballot", "borda"), SetupProblem.UNKNOWN_BALLOT_TYPE),
    ],
)
def test_setup_problems(spec, code):
    assert code in codes(setup_problems(spec))


def test_a_good_setup_has_no_problems():
    assert setup_problems(SetupSpec("ranked", "schulze")) == []
    assert setup_problems(SetupSpec("points", "points", max_points=100)) == []
    assert setup_problems(SetupSpec("approval", "mes", budget=Decimal(1000))) == []


def test_window_must_close_after_opening():
    from datetime import UTC, datetime

    moment = datetime(2027, 1, 1, tzinfo=UTC)
    spec = SetupSpec("ranked", "borda", opens_at=moment, closes_at=moment)
    assert codes(setup_problems(spec)) == [SetupProblem.CLOSES_BEFORE_OPENING]


def test_opening_needs_two_options_and_costs_for_cost_methods():
    spec = SetupSpec("approval", "greedy", budget=Decimal(100), min_choices=3)
    problems = opening_problems(spec, [OptionSpec("1", "Park", None)])
    assert SetupProblem.TOO_FEW_OPTIONS in codes(problems)
    assert SetupProblem.COST_REQUIRED in codes(problems)
    problems = opening_problems(spec, [OptionSpec("1", "A", Decimal(1)), OptionSpec("2", "B", 2)])
    assert codes(problems) == [SetupProblem.MIN_CHOICES_OVER_OPTIONS]
    ranked = SetupSpec("ranked", "borda")
    assert opening_problems(ranked, [OptionSpec("1", "A"), OptionSpec("2", "B")]) == []


PROBE = """
import sys, types
app = types.ModuleType("app")
app.__path__ = [sys.argv[1] + "/app"]
sys.modules["app"] = app
import app.priorities.rules, app.priorities.permissions
print(sorted({m.split(".")[0] for m in sys.modules} & {"flask", "sqlalchemy", "werkzeug"}
             | ({"app.extensions"} & set(sys.modules))))
"""


def test_rules_and_permissions_import_no_flask_or_database():
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-I", "-c", PROBE, root], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
