"""``flask priorities recount``: the web app's command prints exactly what the engine's own
``votecount`` command prints, with click's exit statuses, and needs no app context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.priorities.cli import priorities_cli
from tests.votecount.samples import CUMULATIVE, FORMAT_EXAMPLE, ORDINAL
from votecount.cli import main


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    return path


def recount(path: Path, *args: str):
    return CliRunner().invoke(priorities_cli, ["recount", str(path), *args])


@pytest.mark.parametrize(
    ("text", "methods"),
    [
        (FORMAT_EXAMPLE, ["greedy", "mes", "mes-plain"]),
        (ORDINAL, ["borda", "schulze", "irv"]),
        (CUMULATIVE, ["points", "greedy", "mes"]),
    ],
)
@pytest.mark.parametrize("flags", [[], ["--json"]])
def test_prints_what_votecount_prints(capsys, tmp_path, text, methods, flags):
    path = write(tmp_path, text)
    for method in methods:
        assert main([str(path), "--method", method, *flags]) == 0
        expected = capsys.readouterr().out
        result = recount(path, "--method", method, *flags)
        assert result.exit_code == 0, result.output
        assert result.output == expected


def test_readable_summary(tmp_path):
    result = recount(write(tmp_path, ORDINAL), "--method", "borda")
    assert result.exit_code == 0
    assert "1. C, L  (score 5)  [tie]" in result.output


def test_malformed_file_is_a_clear_error_not_a_traceback(tmp_path):
    path = write(tmp_path, CUMULATIVE.replace("v2;b;1", "v2;c;1"))
    result = recount(path, "--method", "greedy")
    assert result.exit_code == 1
    assert "Error: " in result.output
    assert "line 13: the vote names an unknown project 'c'" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_method_that_does_not_fit_the_ballots(tmp_path):
    result = recount(write(tmp_path, FORMAT_EXAMPLE), "--method", "borda")
    assert result.exit_code == 1
    assert "method 'borda' counts ranked ballots, but these are approval" in result.output


def test_not_a_text_file(tmp_path):
    path = tmp_path / "vote.pb"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = recount(path, "--method", "mes")
    assert result.exit_code == 1
    assert "not a UTF-8 text file" in result.output


def test_unknown_method_and_missing_file(tmp_path):
    result = recount(write(tmp_path, FORMAT_EXAMPLE), "--method", "dhondt")
    assert result.exit_code == 2
    missing = recount(tmp_path / "nope.pb", "--method", "mes")
    assert missing.exit_code == 2


def test_runs_as_a_flask_command_without_app_context_or_database(tmp_path):
    from flask import Flask

    app = Flask("recount_test")  # no configuration, no database, no extensions
    app.cli.add_command(priorities_cli)
    path = write(tmp_path, ORDINAL)
    result = app.test_cli_runner().invoke(
        args=["priorities", "recount", str(path), "--method", "irv", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["winners"] == ["L"]
