"""The recount command (``votecount`` / ``python -m votecount``): summaries, the published JSON
shapes, clean errors, and the same output in a child process as in this one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from votecount.cli import main

from .samples import CUMULATIVE, FORMAT_EXAMPLE, ORDINAL

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``main(args)`` in this process: exit status, standard output, standard error."""
    try:
        status = main(list(args))
    except SystemExit as exit_:  # argparse exits on a wrong command line
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def recount(capsys, tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    return run(capsys, str(path), *args)


@pytest.mark.parametrize("method", ["greedy", "mes", "mes-plain"])
def test_budget_methods_json_shape(capsys, tmp_path, method):
    status, out, err = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", method, "--json")
    assert status == 0, err
    data = json.loads(out)
    shape = ["method", "variant", "selected", "total_cost", "leftover", "ties", "trace"]
    shape += ["explanations"] + (["voter_budget"] if method != "greedy" else [])
    assert list(data) == shape
    assert data["method"] == method
    assert all(isinstance(data[key], str) for key in ("total_cost", "leftover"))
    assert int(data["total_cost"]) + int(data["leftover"]) == 2500
    assert all(step["step"] for step in data["trace"])


@pytest.mark.parametrize("method", ["borda", "schulze", "irv"])
def test_ranked_methods_json_shape(capsys, tmp_path, method):
    status, out, err = recount(capsys, tmp_path, ORDINAL, "--method", method, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert list(data) == ["method", "winners", "ranking", "scores", "ties", "trace", "explanations"]
    assert data["winners"] == sorted(data["winners"])
    assert data["ranking"][0] == data["winners"]
    assert set(data["scores"]) == {"L", "C", "R"}


def test_points_json_shape(capsys, tmp_path):
    status, out, err = recount(capsys, tmp_path, CUMULATIVE, "--method", "points", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert list(data) == ["method", "totals", "allocation", "trace"]
    assert data["totals"] == {"a": 3, "b": 3}
    assert data["allocation"] == {"a": "50", "b": "50"}


def test_readable_summaries(capsys, tmp_path):
    status, budget, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", "greedy")
    assert status == 0
    assert "Selected 2 option(s), total cost 2400, left over 100" in budget
    _, ranking, _ = recount(capsys, tmp_path, ORDINAL, "--method", "borda")
    assert "Winner(s): C, L" in ranking  # 5 points each
    assert "1. C, L  (score 5)  [tie]" in ranking
    assert "ranking 1: C, L (shared)" in ranking
    _, points, _ = recount(capsys, tmp_path, CUMULATIVE, "--method", "points")
    assert "Allocation of 100 in units of 1:" in points


def test_malformed_file_is_a_clear_error_not_a_traceback(capsys, tmp_path):
    broken = CUMULATIVE.replace("v2;b;1", "v2;c;1")
    status, out, err = recount(capsys, tmp_path, broken, "--method", "greedy")
    assert status == 1
    assert out == ""
    assert err.startswith("Error: ")
    assert "line 13: the vote names an unknown project 'c'" in err
    assert "Traceback" not in err


def test_method_that_does_not_fit_the_ballots(capsys, tmp_path):
    status, _, err = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", "borda")
    assert status == 1
    assert "method 'borda' counts ranked ballots, but these are approval" in err


def test_not_a_text_file(capsys, tmp_path):
    path = tmp_path / "vote.pb"
    path.write_bytes(b"\xff\xfe\x00garbage")
    status, _, err = run(capsys, str(path), "--method", "mes")
    assert status == 1
    assert "not a UTF-8 text file" in err


def test_unknown_method_missing_file_and_directory(capsys, tmp_path):
    status, _, err = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", "dhondt")
    assert status == 2
    assert "argument --method: unknown rule 'dhondt' (known rules: borda, " in err
    status, _, err = run(capsys, str(tmp_path / "nope.pb"), "--method", "mes")
    assert status == 2
    assert "does not exist" in err
    status, _, err = run(capsys, str(tmp_path), "--method", "mes")
    assert status == 2
    assert "is a directory" in err


@pytest.mark.parametrize(
    ("text", "method", "flags"),
    [
        (ORDINAL, "irv", ["--json"]),
        (ORDINAL, "schulze", []),
        (FORMAT_EXAMPLE, "mes", ["--json"]),
        (CUMULATIVE, "points", []),
    ],
)
def test_python_dash_m_prints_what_main_prints(capsys, tmp_path, text, method, flags):
    path = tmp_path / "vote.pb"
    path.write_text(text, encoding="utf-8")
    status, expected, _ = run(capsys, str(path), "--method", method, *flags)
    assert status == 0
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "votecount", str(path), "--method", method, *flags],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == expected


def test_python_dash_m_reports_errors_with_a_status(tmp_path):
    path = tmp_path / "vote.pb"
    path.write_text(FORMAT_EXAMPLE, encoding="utf-8")
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "votecount", str(path), "--method", "borda"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.startswith("Error: ")
    assert "Traceback" not in completed.stderr


def test_without_method_the_files_rule_is_applied(capsys, tmp_path):
    # the format example names "greedy" in its META
    status, out, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE)
    assert status == 0
    assert out.startswith("Rule: greedy, the rule the file names (META rule)\nMethod: greedy\n")
    status, out, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", "mes")
    assert out.startswith(
        "Rule: mes-pabutools-add1 ('mes' is another name for it), given with --method\n"
    )
    status, out, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--json")
    data = json.loads(out)
    assert (data["method"], data["variant"], data["rule_source"]) == ("greedy", "greedy", "file")
    assert "official" not in data  # the file records no outcome


def test_a_file_without_a_rule_or_with_an_unknown_one(capsys, tmp_path):
    status, out, err = recount(capsys, tmp_path, CUMULATIVE)
    assert (status, out) == (1, "")
    assert "the file does not name its rule (META rule); choose one with --method" in err
    unknown = FORMAT_EXAMPLE.replace("rule; greedy", "rule; dhondt")
    status, out, err = recount(capsys, tmp_path, unknown)
    assert (status, out) == (1, "")
    assert err.startswith("Error: ")
    assert "the file's META rule: unknown rule 'dhondt' (known rules: " in err
    assert "Traceback" not in err


def test_the_official_outcome_is_compared(capsys, tmp_path):
    text = FORMAT_EXAMPLE.replace(
        "project_id; cost; category", "project_id; cost; category; selected"
    )
    for project, mark in (
        ("1; 600; culture, education", "0"),
        ("2; 800; sport", "0"),
        ("4; 1400; culture", "1"),
        ("5; 1000; health, sport", "1"),
        ("7; 1200; education", "0"),
    ):
        text = text.replace(project, f"{project}; {mark}")
    status, out, _ = recount(capsys, tmp_path, text, "--check")
    assert status == 0
    assert "Official outcome (selected column, 2 option(s)): reproduced exactly" in out
    status, out, _ = recount(capsys, tmp_path, text, "--method", "mes-plain", "--check")
    assert status == 3
    assert "NOT reproduced" in out
    status, out, _ = recount(capsys, tmp_path, text, "--method", "mes-plain", "--json")
    official = json.loads(out)["official"]
    assert official["reproduced"] is False and official["selected"] == ["4", "5"]
    status, _, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--check")
    assert status == 3  # nothing recorded to reproduce


def test_shares_in_json(capsys, tmp_path):
    status, out, _ = recount(
        capsys, tmp_path, FORMAT_EXAMPLE, "--method", "mes", "--json", "--shares"
    )
    data = json.loads(out)
    assert data["shares"]["ballots"] == 10
    assert set(data["shares"]["payments"]) == set(data["selected"])
    status, out, _ = recount(capsys, tmp_path, FORMAT_EXAMPLE, "--method", "mes", "--json")
    assert "shares" not in json.loads(out)


def test_list_rules(capsys):
    status, out, _ = run(capsys, "--list-rules")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "borda: Borda count of the rankings."
    assert any(
        line.startswith("equalshares/add1-comparison: Method of Equal Shares") for line in lines
    )
    status, _, err = run(capsys)
    assert status == 2
    assert "the following arguments are required: FILE" in err
