"""Reading and writing pabulib ``.pb`` files: the format's example, round trips, clear errors."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votecount import (
    BallotKind,
    PabulibError,
    PbFile,
    format_pb,
    greedy,
    parse_pb,
    read_pb,
    write_pb,
)
from votecount.pabulib import PbProject, PbVote

from .samples import CUMULATIVE, FORMAT_EXAMPLE
from .strategies import budget_elections, counting_settings, points_elections, ranked_elections


def test_reads_the_format_example():
    pb = parse_pb(FORMAT_EXAMPLE)
    assert pb.vote_type == "approval"
    assert pb.budget == Decimal(2500)
    assert pb.projects[0] == PbProject("1", Decimal(600), (("category", "culture, education"),))
    assert pb.votes[0] == PbVote("1", ("1", "2", "4"), None, (("age", "34"), ("sex", "f")))
    election = pb.to_election()
    assert election.kind is BallotKind.APPROVAL
    assert len(election.ballots) == 10
    assert greedy(election).selected == ("4", "5")


def test_format_keeps_extra_columns_and_quotes_when_needed():
    pb = parse_pb(FORMAT_EXAMPLE)
    renamed = PbFile(
        meta=pb.meta,
        projects=(PbProject("1", Decimal(600), (("name", 'Park "Zielony"; etap II'),)),),
        votes=(PbVote("v1", ("1",)),),
    )
    text = format_pb(renamed)
    assert '"Park ""Zielony""; etap II"' in text
    assert parse_pb(text) == renamed


def test_decimal_comma_and_byte_order_mark():
    text = FORMAT_EXAMPLE.replace("budget; 2500", "budget; 2500,50").replace(
        "2; 800;", "2; 800,25;"
    )
    pb = parse_pb("\ufeff" + text)
    assert pb.budget == Decimal("2500.50")
    assert pb.projects[1].cost == Decimal("800.25")


def test_empty_vote_is_an_empty_ballot_that_counts():
    text = FORMAT_EXAMPLE.replace("10; 44; m; 4,5", "10; 44; m; ")
    election = parse_pb(text).to_election()
    assert len(election.ballots) == 10
    assert election.ballots[-1] == frozenset()


def test_points_and_ordinal_files():
    cumulative = """META
key;value
budget;100
vote_type;cumulative
max_sum_points;5
PROJECTS
project_id;cost
a;60
b;50
VOTES
voter_id;vote;points
1;a,b;3,2.0
2;;
"""
    election = parse_pb(cumulative).to_election()
    assert election.ballots == ((("a", 3), ("b", 2)), ())
    assert election.max_points == 5
    ordinal = cumulative.replace("cumulative", "ordinal").replace(";points", "")
    ordinal = ordinal.replace("1;a,b;3,2.0", "1;b,a").replace("2;;", "2;")
    assert parse_pb(ordinal).to_election().ballots == (("b", "a"), ())


def test_read_and_write_files(tmp_path):
    path = tmp_path / "vote.pb"
    write_pb(parse_pb(FORMAT_EXAMPLE), path)
    assert read_pb(path) == parse_pb(FORMAT_EXAMPLE)


elections = st.one_of(ranked_elections(), budget_elections(), points_elections())


@counting_settings(max_examples=120)
@given(election=elections)
def test_round_trip(election):
    pb = PbFile.from_election(election, meta={"description": "test; with a semicolon"})
    again = parse_pb(format_pb(pb))
    assert again == pb
    assert again.to_election() == election


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("META\n", "", 1, "expected the META section title"),
        ("vote_type;cumulative", "vote_type;ranked", 4, "unsupported vote_type 'ranked'"),
        ("vote_type;cumulative\n", "", 5, "META has no vote_type"),
        ("budget;100", "budget;lots", 3, "budget 'lots' is not a number"),
        ("budget;100", "budget;1.000,50", 3, "ambiguous"),
        ("budget;100\n", "", 5, "META has no budget"),
        ("max_points;3", "max_points;2.5", 5, "max_points must be a whole number"),
        ("a;60;Park", "a;-60;Park", 8, "must be a number >= 0"),
        ("a;60;Park", "a;60", 8, "expected 3 fields (project_id;cost;name), found 2"),
        ("b;50;Road", "a;50;Road", 9, "project id 'a' appears twice"),
        ("project_id;cost;name", "id;cost;name", 7, "must have a 'project_id' column"),
        ("v2;b;1", "v2;c;1", 13, "unknown project 'c'"),
        ("v2;b;1", "v1;b;1", 13, "voter_id 'v1' appears twice (first on line 12)"),
        ("v2;b;1", "v2;b;1,2", 13, "names 1 projects but gives 2 points"),
        ("v2;b;1", "v2;b;1.5", 13, "points must be a whole number"),
        ("v2;b;1", "v2;b;-1", 13, "points must be a whole number"),
        ("v1;a,b;3,2", "v1;a,b;4,2", 12, "gets 4 points, more than 3"),
        ("voter_id;vote;points", "voter_id;vote", 11, "need a 'points' column"),
        ("PROJECTS", "VOTES", 6, "found section VOTES, expected the PROJECTS section"),
        ("VOTES\nvoter_id;vote;points\nv1;a,b;3,2\nv2;b;1\n", "", 9, "ends before the VOTES"),
    ],
)
def test_malformed_files_name_the_line_and_the_problem(old, new, line, message):
    assert old in CUMULATIVE
    with pytest.raises(PabulibError, match=re.escape(message)) as raised:
        parse_pb(CUMULATIVE.replace(old, new))
    assert raised.value.line == line
    assert str(raised.value).startswith(f"line {line}: ")


def test_choose_1_allows_one_project():
    text = CUMULATIVE.replace("cumulative", "choose-1").replace(";points", "")
    text = text.replace("v1;a,b;3,2", "v1;a,b").replace("v2;b;1", "v2;b")
    with pytest.raises(PabulibError, match="a choose-1 vote names 2 projects"):
        parse_pb(text)


def test_csv_level_errors_are_reported_too():
    with pytest.raises(PabulibError, match="line 3: unreadable line"):
        parse_pb("META\nkey;value\nbudget;" + "9" * 200_000 + "\n")


def test_lenient_where_the_meaning_is_clear():
    text = CUMULATIVE.replace("budget;100", "budget;100\ncomment;#1: one; two; three")
    text = text.replace("v1;a,b;3,2", "v1;a,a,b;1,2,2")
    pb = parse_pb(text)
    assert dict(pb.meta)["comment"] == "#1: one; two; three"
    assert pb.votes[0].vote == ("a", "b") and pb.votes[0].points == (3, 2)
    assert pb.warnings == (
        "line 4: the META value of 'comment' contains ';' (not quoted): read as one value",
        "line 13: the vote names 'a' more than once: its points are added up",
    )
    approval = FORMAT_EXAMPLE.replace("1; 34; f; 1,2,4", "1; 34; f; 1,2,2,4")
    pb = parse_pb(approval)
    assert pb.votes[0].vote == ("1", "2", "4")
    assert pb.warnings == ("line 23: the vote names '2' more than once: counted once",)
    assert pb == parse_pb(FORMAT_EXAMPLE)  # the warnings are not part of the file's data


def test_a_ranking_naming_a_project_twice_is_an_error():
    ordinal = CUMULATIVE.replace("cumulative", "ordinal").replace(";points", "")
    ordinal = ordinal.replace("v1;a,b;3,2", "v1;a,b,a").replace("v2;b;1", "v2;b")
    with pytest.raises(PabulibError, match="line 12: the vote ranks a project more than once"):
        parse_pb(ordinal)


def test_rule_threshold_and_official_outcome():
    text = FORMAT_EXAMPLE.replace("budget; 2500", "budget; 2500\nmin_project_score_threshold; 4")
    text = text.replace("project_id; cost; category", "project_id; cost; category; selected")
    for project in ("1; 600; culture, education", "2; 800; sport", "5; 1000; health, sport"):
        text = text.replace(project, f"{project}; 0")
    text = text.replace("4; 1400; culture", "4; 1400; culture; 1")
    text = text.replace("7; 1200; education", "7; 1200; education; 2")
    pb = parse_pb(text)
    assert pb.rule == "greedy"
    assert pb.to_election().min_score == 4
    official = pb.official_selection()
    assert (official.selected, official.other) == (("4",), (("7", "2"),))
    assert parse_pb(FORMAT_EXAMPLE).official_selection() is None
    bad = FORMAT_EXAMPLE.replace("budget; 2500", "budget; 2500\nmin_project_score_threshold; x")
    with pytest.raises(PabulibError, match="min_project_score_threshold 'x' is not a number"):
        parse_pb(bad)
