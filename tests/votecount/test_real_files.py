"""Real elections from pabulib (see ``data/README.md``): recounted from the file alone, they give
the outcome the file records; jumping over grid points gives what stepping gives on each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from votecount import count, read_pb
from votecount.cli import main, recount_file
from votecount.equal_shares import PABUTOOLS_ADD1, count_mes
from votecount.rules import equalshares_spec

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]

#: file -> the rule its META names (every one of these reproduces its ``selected`` column)
REPRODUCED = {
    "Poland_Wieliczka_2023_Green_Budget.pb": "equalshares/add1-comparison",
    "Poland_Swiecie_2023.pb": "equalshares/add1",
    "Netherlands_Assen_2024.pb": "equalshares/add1",
    "Poland_Warszawa_2020_Praga-Poludnie.pb": "greedy",
    "Poland_Czestochowa_2024_Mirow.pb": "greedy",
    "Poland_Czestochowa_2025_Grabowka.pb": "greedy-threshold",
    "Poland_Warszawa_2026_Tarchomin.pb": "greedy-threshold",
    "Poland_Gdynia_2020_Babie_Doly__small.pb": "greedy-no-skip",
    "Poland_Wroclaw_2018_Rejon_nr_2_250.pb": "greedy-no-skip",
}
NOT_REPRODUCED = "Poland_Warszawa_2020_Rembertow.pb"
REFUSED = "Poland_Poznan_2024_9_-_Stare_Miasto__large.pb"


def test_every_data_file_is_listed():
    files = {path.name for path in DATA.glob("*.pb")}
    assert files == set(REPRODUCED) | {NOT_REPRODUCED, REFUSED}
    assert sum(path.stat().st_size for path in DATA.glob("*.pb")) < 10_000_000


@pytest.mark.parametrize(("name", "rule_name"), sorted(REPRODUCED.items()))
def test_recount_from_the_file_alone_reproduces_the_official_outcome(name, rule_name):
    recount = recount_file(DATA / name)
    assert (recount.rule, recount.source) == (rule_name, "file")
    assert recount.official is not None
    assert recount.official.reproduced, (recount.official.missing, recount.official.extra)
    assert recount.result.variant == rule_name


def test_wieliczka_needs_the_search_to_go_on_after_an_exhaustive_outcome():
    election = read_pb(DATA / "Poland_Wieliczka_2023_Green_Budget.pb").to_election()
    official = count(election, "equalshares/add1-comparison")
    assert len(official.selected) == 30
    assert "46" in official.selected and not {"66", "67"} & set(official.selected)
    assert official.total_cost == 995079
    # pabutools' add1 (what "mes" meant and still means) stops at the first exhaustive outcome
    stopped = count(election, "mes")
    assert {"66", "67"} <= set(stopped.selected) and "46" not in stopped.selected
    assert count(election, "equalshares/add1-exhaustive").selected == stopped.selected
    # the comparison step kept MES
    (comparison,) = [step for step in official.trace if step.kind == "mes_comparison"]
    assert comparison.kept == "mes"
    # why project 21 (496 votes, 100 000 zl) lost: its supporters' shares went to others
    why = official.explanations["21"]
    assert (why.funded, why.reason, why.supporters) == (False, "shares_spent", 496)
    assert why.lost_to in official.selected
    assert why.money_left < 100000


def test_a_file_whose_tie_was_broken_otherwise_is_reported_not_reproduced():
    recount = recount_file(DATA / NOT_REPRODUCED)
    assert recount.rule == "greedy"
    assert not recount.official.reproduced
    assert (recount.official.missing, recount.official.extra) == (("2146", "1509"), ("2072",))
    assert recount.hint == "greedy-tie-file"
    assert recount_file(DATA / NOT_REPRODUCED, "greedy-tie-file").official.reproduced


def test_the_command_says_which_rule_it_applied_and_whether_it_reproduces(capsys):
    status = main([str(DATA / "Poland_Wieliczka_2023_Green_Budget.pb"), "--check"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith(
        "Rule: equalshares/add1-comparison, the rule the file names (META rule)\n"
    )
    assert "Official outcome (selected column, 30 option(s)): reproduced exactly" in out
    status = main([str(DATA / NOT_REPRODUCED), "--check"])
    out = capsys.readouterr().out
    assert status == 3
    assert "NOT reproduced" in out
    assert "--method greedy-tie-file" in out
    status = main([str(DATA / NOT_REPRODUCED), "--method", "greedy-tie-file", "--check"])
    assert status == 0
    assert "Rule: greedy-tie-file, given with --method" in capsys.readouterr().out


def test_an_unknown_rule_in_the_file_is_an_error_not_another_answer():
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "votecount", str(DATA / REFUSED)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.startswith("Error: ")
    assert "the file's META rule: rule 'greedy-custom' cannot be applied" in completed.stderr
    # a rule given with --method counts it (and says it does not reproduce the city's rule)
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "votecount", str(DATA / REFUSED), "--method", "greedy", "--json"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["variant"] == "greedy"
    assert "official" in data


def test_lenient_reading_is_reported():
    recount = recount_file(DATA / "Poland_Warszawa_2026_Tarchomin.pb")
    assert len(recount.warnings) == 2
    assert all("more than once: counted once" in warning for warning in recount.warnings)
    assert recount.warnings[0].startswith("line ")


def test_gdynia_marks_a_project_funded_outside_the_rule():
    recount = recount_file(DATA / "Poland_Gdynia_2020_Babie_Doly__small.pb")
    assert recount.official.reproduced
    assert recount.official.outside == (("5", "2"),)


# --- jumping over grid points gives what stepping gives, on every real file ----------------

SLOW = os.environ.get("VOTECOUNT_SLOW") == "1"


def _cases():
    for path in sorted(DATA.glob("*.pb")):
        rule_name = read_pb(path).rule
        names = [rule_name] if rule_name and rule_name.startswith("equalshares") else ["mes"]
        for name in names:
            marks = []
            if "Praga" in path.name and not SLOW:
                marks = [pytest.mark.skip(reason="minutes of stepping: VOTECOUNT_SLOW=1 runs it")]
            yield pytest.param(path.name, name, marks=marks, id=f"{path.stem}-{name}")


def _comparable(result):
    data = result.as_dict(shares=True)
    for step in data["trace"]:
        step.pop("computed", None)
    return data


@pytest.mark.parametrize(("name", "rule_name"), list(_cases()))
def test_jumping_gives_what_stepping_gives_on_real_files(name, rule_name):
    election = read_pb(DATA / name).to_election()
    spec = PABUTOOLS_ADD1 if rule_name == "mes" else equalshares_spec(rule_name)[0]
    jumping = count_mes(election, spec, rule_name, rule_name)
    stepping = count_mes(election, replace(spec, jump=False), rule_name, rule_name)
    assert _comparable(jumping) == _comparable(stepping)
