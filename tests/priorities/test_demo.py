"""Demo votes: one of each kind, one open with ballots, two published and consistent, and a
small secret vote whose result is published with its ballots file withheld."""

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
    all_votes = db.session.scalars(select(Vote).order_by(Vote.id)).all()
    assert len(all_votes) == 4
    votes = {}
    for vote in all_votes:  # the first of each kind; the fourth is the small secret vote
        votes.setdefault(vote.ballot_type, vote)
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


def test_seed_demo_publishes_a_secret_vote_with_too_few_ballots_withheld(runner, client):
    """Issue 12 item 3 in the demo: the result of a secret vote with three ballots (fewer than
    the five its secrecy needs) is published; the ballots file is withheld, with the reason."""
    outcome = runner.invoke(args=["seed-demo"])
    assert outcome.exit_code == 0, outcome.output
    vote = db.session.scalar(select(Vote).where(Vote.title == "Kolejność zadań na rzecz seniorów"))
    assert vote.secrecy == "secret" and vote.min_ballots_for_publication == 5
    assert state_of(vote, utcnow()) == "published"
    assert vote.result.turnout["ballots"] == 3
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Liczenie krok po kroku" in page  # the result itself is public
    assert (
        "Plik z kartami nie jest publikowany: oddano 3 karty, a tajność głosowania wymaga co "
        "najmniej 5." in page
    )
    assert f"/votes/{vote.id}/ballots.pb" not in page
    assert client.get(f"/votes/{vote.id}/ballots.pb").status_code == 403
