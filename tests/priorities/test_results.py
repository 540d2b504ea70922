"""Results from stored ballots: each method family, recount of the download, publication."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.common.domain import InvalidState
from app.common.models import AuditEntry
from app.common.timeutil import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.priorities import results
from tests.factories import add_member, make_ballot, make_organization, make_user, make_vote
from tests.factories import cast_ballots as cast
from tests.factories import make_closed_vote as closed_vote
from tests.factories import option_keys as keys
from tests.priorities.publishing import publish_by_form
from votecount import parse_pb
from votecount.cli import main as votecount


def test_borda_from_stored_ballots(app):
    vote = closed_vote(method="borda")
    a, b, c = keys(vote)
    cast(vote, [[a, b, c], [a, c, b], [b, a]], paper={2})
    count = results.count_vote(vote)
    assert count.outcome["method"] == "borda"
    assert count.outcome["ranking"] == [[a], [b], [c]]
    assert count.outcome["scores"] == {a: 5, b: 3, c: 1}
    assert count.turnout["ballots"] == 3
    assert count.turnout["online"] == 2
    assert count.turnout["paper"] == 1
    assert count.turnout["support"] == {a: 2, b: 1, c: 0}


@pytest.mark.parametrize("method", ["schulze", "irv"])
def test_other_ranked_methods(app, method):
    vote = closed_vote(method=method)
    a, b, c = keys(vote)
    cast(vote, [[a, b, c], [a, c, b], [b, c, a], [c, b]])
    outcome = results.count_vote(vote).outcome
    assert outcome["method"] == method
    assert outcome["trace"]


def test_points_with_budget_split(app):
    vote = closed_vote(ballot_type="points", method="points", max_points=100, budget=Decimal(1000))
    a, b, c = keys(vote)
    cast(vote, [{a: 60, b: 40}, {c: 100}, {a: 50, b: 50, c: 0}])
    outcome = results.count_vote(vote).outcome
    assert outcome["totals"] == {a: 110, b: 90, c: 100}
    assert sum(Decimal(v) for v in outcome["allocation"].values()) == Decimal(1000)


@pytest.mark.parametrize(("method", "funded"), [("greedy", 2), ("mes", 1)])
def test_approval_with_costs(app, method, funded):
    vote = closed_vote(
        ballot_type="approval",
        method=method,
        budget=Decimal(800),
        options=[
            {"title": "Park", "cost": Decimal(500)},
            {"title": "Ławki", "cost": Decimal(300)},
            {"title": "Plac zabaw", "cost": Decimal(400)},
        ],
    )
    a, b, c = keys(vote)
    cast(vote, [[a, b], [c], [a]])
    outcome = results.count_vote(vote).outcome
    assert outcome["selected"][0] == a
    assert len(outcome["selected"]) == funded


def test_points_with_costs_greedy(app):
    vote = closed_vote(
        ballot_type="points",
        method="greedy",
        max_points=10,
        budget=Decimal(900),
        options=[
            {"title": "Park", "cost": Decimal(500)},
            {"title": "Ławki", "cost": Decimal(300)},
            {"title": "Plac zabaw", "cost": Decimal(400)},
        ],
    )
    a, b, c = keys(vote)
    cast(vote, [{a: 10}, {b: 6, c: 4}, {c: 10}])
    outcome = results.count_vote(vote).outcome
    assert outcome["selected"] == [c, a]


def test_pb_is_anonymous_and_in_receipt_order(app):
    vote = closed_vote()
    a, b, c = keys(vote)
    organizations = cast(vote, [[a], [b], [c]])
    text = results.count_vote(vote).ballots_pb
    for organization in organizations:
        assert organization.name not in text
        assert f"org:{organization.id}" not in text
    pb = parse_pb(text)
    assert [v.voter_id for v in pb.votes] == ["1", "2", "3"]
    ordered = results.ballots_in_file_order(vote.id)
    assert [list(v.vote) for v in pb.votes] == [b.content for b in ordered]
    assert [results.file_position(b) for b in ordered] == [1, 2, 3]


def test_publish_stores_audits_and_notifies(app):
    official = make_user(role=Role.OFFICIAL)
    vote = closed_vote()
    a, b, c = keys(vote)
    (organization,) = cast(vote, [[a, b]])
    second = add_member(organization).user
    with pytest.raises(results.PreviewMissing):
        results.publish_results(vote, official, utcnow(), previewed_sha256="")
    result = results.compute_preview(vote, official, "Wstępnie.", utcnow())
    db.session.commit()
    assert result.published_at is None
    checked = result.ballots_sha256
    make_ballot(vote, make_organization(), [c])  # e.g. a paper ballot typed in late
    with pytest.raises(results.PreviewOutdated):
        results.publish_results(vote, official, utcnow(), previewed_sha256=checked)
    db.session.rollback()
    assert vote.result.published_at is None
    result = results.compute_preview(vote, official, "**Dziękujemy**", utcnow())
    with pytest.raises(results.PreviewOutdated):  # the digest of the preview checked before
        results.publish_results(vote, official, utcnow(), previewed_sha256=checked)
    result = results.publish_results(
        vote, official, utcnow(), previewed_sha256=result.ballots_sha256
    )
    results.notify_results_published(vote, "http://localhost/votes/1/results")
    db.session.commit()
    assert result.published_at is not None
    assert result.turnout["ballots"] == 2
    assert "<strong>Dziękujemy</strong>" in result.statement_html  # saved with the preview
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "votes").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == [
        "vote.results_preview",
        "vote.results_preview",
        "vote.results_publish",
    ]
    assert entries[-1].details["sha256"] == result.ballots_sha256
    assert entries[-1].details["ballots_file_withheld"] is False
    notified = set(db.session.scalars(select(Notification.user_id)))
    assert {organization.memberships[0].user_id, second.id} <= notified
    with pytest.raises(InvalidState):
        results.publish_results(vote, official, utcnow(), previewed_sha256=result.ballots_sha256)
    with pytest.raises(InvalidState):
        results.compute_preview(vote, official, "", utcnow())


def test_no_results_while_open(app):
    official = make_user(role=Role.OFFICIAL)
    vote = make_vote()
    with pytest.raises(InvalidState):
        results.compute_preview(vote, official, "", utcnow())
    with pytest.raises(InvalidState):
        results.publish_results(vote, official, utcnow(), previewed_sha256="")


@pytest.mark.parametrize(
    ("fields", "contents"),
    [
        ({"method": "borda"}, lambda a, b, c: [[a, b, c], [b], [c, a], []]),
        ({"method": "schulze"}, lambda a, b, c: [[a, b, c], [b, c], [c, a, b], [a]]),
        ({"method": "irv"}, lambda a, b, c: [[a, b, c], [b, c], [c, a, b], [a], [b]]),
        (
            {
                "ballot_type": "points",
                "method": "points",
                "max_points": 100,
                "budget": Decimal("1250000"),
                "rounding_unit": Decimal("1000"),
            },
            lambda a, b, c: [{a: 70, b: 30}, {c: 100}, {a: 33, b: 33, c: 34}],
        ),
        (
            {"ballot_type": "approval", "method": "mes", "budget": Decimal(1000)},
            lambda a, b, c: [[a], [a, b], [c], [b, c]],
        ),
        (
            {"ballot_type": "approval", "method": "greedy", "budget": Decimal(1000)},
            lambda a, b, c: [[a], [a, b], [c], [b, c]],
        ),
    ],
)
def test_published_result_equals_recount_of_download(
    app, client, auth, tmp_path, capsys, fields, contents
):
    official = make_user(role=Role.OFFICIAL)
    options = [
        {"title": "Park; nad Dunajcem", "cost": Decimal(600)},
        {"title": "Ławki „miejskie”", "cost": Decimal(300)},
        {"title": "Plac zabaw", "cost": Decimal(400)},
    ]
    vote = closed_vote(options=options, **fields)
    cast(vote, contents(*keys(vote)))
    auth.login_as(official)
    response = publish_by_form(client, vote.id, "Gotowe.")
    assert response.status_code == 302
    auth.logout()
    download = client.get(f"/votes/{vote.id}/ballots.pb")
    assert download.status_code == 200
    assert "filename=glosowanie-" in download.headers["Content-Disposition"]
    path = tmp_path / f"glosowanie-{vote.id}.pb"
    path.write_bytes(download.data)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    # the file names its rule (META rule): the shown command needs no --method
    command = f"votecount {path.name}"
    assert f"{command}</code>" in page
    outcome = client.get(f"/votes/{vote.id}/results.json").get_json()["outcome"]
    recount = app.test_cli_runner().invoke(
        args=["priorities", "recount", str(path), "--json", "--shares"]
    )
    assert recount.exit_code == 0, recount.output
    recounted = json.loads(recount.output)
    assert recounted.pop("rule_source") == "file"
    assert recounted == outcome
    assert votecount([str(path), "--json", "--shares"]) == 0  # the shown command
    printed = json.loads(capsys.readouterr().out)
    printed.pop("rule_source")
    assert printed == outcome
