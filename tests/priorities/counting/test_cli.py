"""The recount command: summaries, the published JSON shapes, and clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.priorities.cli import priorities_cli

from .samples import CUMULATIVE, FORMAT_EXAMPLE, ORDINAL

ROOT = Path(__file__).resolve().parents[3]


def recount(tmp_path: Path, text: str, *args: str):
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(priorities_cli, ["recount", str(path), *args])


@pytest.mark.parametrize("method", ["greedy", "mes", "mes-plain"])
def test_budget_methods_json_shape(tmp_path, method):
    result = recount(tmp_path, FORMAT_EXAMPLE, "--method", method, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["method", "selected", "total_cost", "leftover", "ties", "trace"]
    assert data["method"] == method
    assert all(isinstance(data[key], str) for key in ("total_cost", "leftover"))
    assert int(data["total_cost"]) + int(data["leftover"]) == 2500
    assert all(step["step"] for step in data["trace"])


@pytest.mark.parametrize("method", ["borda", "schulze", "irv"])
def test_ranked_methods_json_shape(tmp_path, method):
    result = recount(tmp_path, ORDINAL, "--method", method, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["method", "winners", "ranking", "scores", "ties", "trace"]
    assert data["winners"] == sorted(data["winners"])
    assert data["ranking"][0] == data["winners"]
    assert set(data["scores"]) == {"L", "C", "R"}


def test_points_json_shape(tmp_path):
    result = recount(tmp_path, CUMULATIVE, "--method", "points", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["method", "totals", "allocation", "trace"]
    assert data["totals"] == {"a": 3, "b": 3}
    assert data["allocation"] == {"a": "50", "b": "50"}


def test_readable_summaries(tmp_path):
    budget = recount(tmp_path, FORMAT_EXAMPLE, "--method", "greedy")
    assert budget.exit_code == 0
    assert "Selected 2 option(s), total cost 2400, left over 100" in budget.output
    ranking = recount(tmp_path, ORDINAL, "--method", "borda")
    assert "Winner(s): C, L" in ranking.output  # 5 points each
    assert "1. C, L  (score 5)  [tie]" in ranking.output
    assert "ranking 1: C, L (shared)" in ranking.output
    points = recount(tmp_path, CUMULATIVE, "--method", "points")
    assert "Allocation of 100 in units of 1:" in points.output


def test_malformed_file_is_a_clear_error_not_a_traceback(tmp_path):
    result = recount(tmp_path, CUMULATIVE.replace("v2;b;1", "v2;c;1"), "--method", "greedy")
    assert result.exit_code == 1
    assert "line 13: the vote names an unknown project 'c'" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_method_that_does_not_fit_the_ballots(tmp_path):
    result = recount(tmp_path, FORMAT_EXAMPLE, "--method", "borda")
    assert result.exit_code == 1
    assert "method 'borda' counts ranked ballots, but these are approval" in result.output


def test_not_a_text_file(tmp_path):
    path = tmp_path / "vote.pb"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = CliRunner().invoke(priorities_cli, ["recount", str(path), "--method", "mes"])
    assert result.exit_code == 1
    assert "not a UTF-8 text file" in result.output


def test_unknown_method_and_missing_file(tmp_path):
    result = recount(tmp_path, FORMAT_EXAMPLE, "--method", "dhondt")
    assert result.exit_code == 2
    missing = CliRunner().invoke(priorities_cli, ["recount", "nope.pb", "--method", "mes"])
    assert missing.exit_code == 2


def test_python_dash_m_runs_the_same_command(tmp_path):
    path = tmp_path / "vote.pb"
    path.write_text(ORDINAL, encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "app.priorities.counting", str(path), "--method", "irv", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["winners"] == ["L"]


def test_runs_as_a_flask_command_without_app_context_or_database(tmp_path):
    from flask import Flask

    app = Flask("recount_test")  # no configuration, no database, no extensions
    app.cli.add_command(priorities_cli)
    path = tmp_path / "vote.pb"
    path.write_text(ORDINAL, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["priorities", "recount", str(path), "--method", "irv", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["winners"] == ["L"]
