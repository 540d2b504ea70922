"""Demo votes: one of each kind, one open with ballots, two published and consistent."""

from __future__ import annotations

from sqlalchemy import func, select

from app.common.timeutil import utcnow
from app.extensions import db
from app.priorities.models import Ballot, Vote
from app.priorities.phases import state_of
from votecount import count, parse_pb


def test_seed_demo_creates_one_vote_of_each_kind(runner, client):
    outcome = runner.invoke(args=["seed-demo"])
    assert outcome.exit_code == 0, outcome.output
    votes = {vote.ballot_type: vote for vote in db.session.scalars(select(Vote))}
    assert set(votes) == {"ranked", "points", "approval"}
    now = utcnow()
    assert state_of(votes["ranked"], now) == "open"
    assert db.session.scalar(
        select(func.count(Ballot.id)).where(Ballot.vote_id == votes["ranked"].id)
    )
    for kind in ("points", "approval"):
        vote = votes[kind]
        assert state_of(vote, now) == "published"
        assert vote.result.statement_html
        pb = parse_pb(vote.result.ballots_pb)  # the file alone: the rule its META names
        recount = count(pb.to_election(), pb.rule)
        shares = {"shares": True} if kind == "approval" else {}
        assert recount.as_dict(**shares) == vote.result.outcome
        assert client.get(f"/votes/{vote.id}/results").status_code == 200
    approval = votes["approval"]
    assert approval.method == "equalshares/add1"
    page = client.get(f"/votes/{approval.id}/results").get_data(as_text=True)
    assert "Dlaczego każda opcja została sfinansowana albo nie" in page
    assert "Porównanie z prostą metodą „najwięcej głosów”" in page
    assert vote.result.turnout["paper"] == 1
    pending = client.get(f"/votes/{votes['ranked'].id}/results")  # open: not published yet
    assert pending.status_code == 200
    assert "Wyniki zostaną opublikowane po zakończeniu głosowania" in pending.get_data(as_text=True)
