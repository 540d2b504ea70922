"""Results of a priority vote: the count from stored ballots, the preview and the publication.

The count goes through the published file: the stored ballots become a counting
:class:`~votecount.Election`, the election is written as an anonymised pabulib
``.pb`` text, and the outcome is computed from that text read back. So the stored outcome is, by
construction, what the counting engine's ``votecount FILE.pb --method M`` (or the web app's
``flask priorities recount FILE.pb --method M``) prints for the downloaded file.

Anonymity of the file: ballots are ordered by the SHA-256 digest of their receipt code (random,
known to nobody but the voter), and numbered ``1``..``n`` in that order. Nothing in the file or
the stored outcome names a voter; a voter holding a receipt can still find their line (the
receipt check page shows it).

Everything is computed once and stored in :class:`VoteResult` (outcome, turnout, ``.pb`` text
and its SHA-256): the results page, the exports and the receipt check never recount.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import InvalidState
from app.common.sanitize import render_markdown
from app.extensions import db
from app.priorities import permissions, services, signals
from app.priorities.models import Ballot, Channel, Vote, VoteResult
from app.priorities.phases import VoteState, state_of
from app.priorities.rules import canonical_method
from votecount import (
    BallotKind,
    BudgetResult,
    Election,
    Option,
    PbFile,
    count,
    format_pb,
    parse_pb,
)


class PreviewMissing(InvalidState):
    """Results are published only after an official has computed and checked a preview."""


class PreviewOutdated(InvalidState):
    """The ballots differ from those of the preview the official checked (a ballot was added or
    changed, or another official computed a new preview): the preview must be computed again."""


@dataclass(frozen=True)
class Count:
    """One computed count, ready to be stored."""

    outcome: dict[str, Any]
    turnout: dict[str, Any]
    ballots_pb: str
    ballots_sha256: str
    most_votes: dict[str, Any] | None = None


def pb_filename(vote: Vote) -> str:
    """The name of the downloadable ``.pb`` file (also used in the recount command)."""
    return f"glosowanie-{vote.id}.pb"


def ballots_withheld(vote: Vote, result: VoteResult) -> bool:
    """Whether the ballots file (and the online/paper split) of this result stays unpublished:
    a secret vote with fewer ballots than its minimum (see
    :func:`app.priorities.permissions.ballots_withheld`)."""
    return permissions.ballots_withheld(
        vote.secrecy,
        int((result.turnout or {}).get("ballots", 0)),
        vote.min_ballots_for_publication,
    )


def recount_command(vote: Vote) -> str:
    """The exact command that recounts the downloaded file (the counting engine's own command,
    which needs nothing of the web app): the file's META ``rule`` names the exact variant, so no
    ``--method`` is needed."""
    return f"votecount {pb_filename(vote)}"


# ---------------------------------------------------------------------------------------------
# Building the election and the anonymised file


def ballots_in_file_order(vote_id: int) -> list[Ballot]:
    """The vote's ballots in the order of the ``.pb`` file (by receipt digest: non-identifying)."""
    return list(
        db.session.scalars(
            select(Ballot).where(Ballot.vote_id == vote_id).order_by(Ballot.receipt_digest)
        )
    )


def ballots_with_voters(vote_id: int) -> list[Ballot]:
    """Each voter unit's ballot with its organization or person, by voter (open votes only
    show them)."""
    return list(
        db.session.scalars(
            select(Ballot)
            .where(Ballot.vote_id == vote_id)
            .options(joinedload(Ballot.organization), joinedload(Ballot.voter))
            .order_by(Ballot.voter_key)
        ).unique()
    )


def file_position(ballot: Ballot) -> int:
    """The ballot's voter id in the vote's ``.pb`` file (1-based)."""
    before = db.session.scalar(
        select(func.count(Ballot.id)).where(
            Ballot.vote_id == ballot.vote_id, Ballot.receipt_digest < ballot.receipt_digest
        )
    )
    return int(before or 0) + 1


def engine_ballot(vote: Vote, content: Any) -> Any:
    """A stored ballot's canonical ``content`` as a counting-engine ballot."""
    kind = BallotKind(vote.ballot_type)
    if kind is BallotKind.POINTS:
        points = {str(key): int(value) for key, value in dict(content or {}).items()}
        order = [option.key for option in vote.options]
        return tuple((key, points[key]) for key in order if points.get(key, 0) > 0)
    if kind is BallotKind.APPROVAL:
        return frozenset(str(key) for key in content or ())
    return tuple(str(key) for key in content or ())


def build_election(vote: Vote, contents: list[Any]) -> Election:
    """The counting election of ``vote`` holding the ballot ``contents`` in the given order."""
    budget = vote.budget
    if budget is None and vote.ballot_type in (BallotKind.POINTS, BallotKind.APPROVAL):
        # pabulib needs a budget for these ballots; 0 splits nothing (and is not shown)
        budget = Decimal(0)
    return Election(
        kind=BallotKind(vote.ballot_type),
        options=tuple(
            Option(option.key, option.cost if option.cost is not None else Decimal(0))
            for option in vote.options
        ),
        ballots=tuple(engine_ballot(vote, content) for content in contents),
        budget=budget,
        rounding_unit=vote.rounding_unit or Decimal(1),
        max_points=vote.max_points,
        max_points_per_option=vote.max_points_per_option,
    )


def anonymised_pb(vote: Vote, election: Election) -> str:
    """The ``.pb`` text of ``election``: option titles, no voter names, voter ids 1..n."""
    meta = {
        "description": vote.title,
        "country": "Poland",
        "currency": "PLN",
        # the canonical name of the exact variant: a recount of the file alone applies it
        "rule": canonical_method(vote.method),
        "language": "pl",
    }
    pb = PbFile.from_election(election, meta)
    titles = {option.key: option.title for option in vote.options}
    projects = tuple(
        replace(project, fields=(("name", titles[project.id]),)) for project in pb.projects
    )
    return format_pb(replace(pb, projects=projects))


def support_of(vote: Vote, election: Election) -> dict[str, int]:
    """Per option: first preferences (ranked), approvals or points given (for the chart)."""
    support = {option.key: 0 for option in vote.options}
    for ballot in election.ballots:
        if election.kind is BallotKind.RANKED:
            if ballot:
                support[ballot[0]] += 1
        elif election.kind is BallotKind.APPROVAL:
            for key in ballot:
                support[key] += 1
        else:
            for key, points in ballot:
                support[key] += points
    return support


def count_vote(vote: Vote) -> Count:
    """Count the vote's stored ballots through the anonymised ``.pb`` file."""
    ballots = ballots_in_file_order(vote.id)
    election = build_election(vote, [ballot.content for ballot in ballots])
    text = anonymised_pb(vote, election)
    # count the file itself, exactly as a recount of the download does
    pb = parse_pb(text)
    counted = pb.to_election()
    # the rule the file names, under its name: what ``votecount FILE.pb`` prints (with --json)
    tally = count(counted, pb.rule)
    outcome = tally.as_dict(shares=True) if isinstance(tally, BudgetResult) else tally.as_dict()
    paper = sum(1 for ballot in ballots if ballot.channel == Channel.PAPER)
    turnout = {
        "eligible": services.eligible_voter_count(vote),
        "ballots": len(ballots),
        "online": len(ballots) - paper,
        "paper": paper,
        "voter_unit": vote.voter_unit,
        "support": support_of(vote, counted),
    }
    return Count(
        outcome=outcome,
        turnout=turnout,
        ballots_pb=text,
        ballots_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        most_votes=most_votes_outcome(counted, tally),
    )


#: The simple most-votes method the results page sets beside a budget rule's outcome.
MOST_VOTES = "greedy"


def most_votes_outcome(election: Election, tally: Any) -> dict[str, Any] | None:
    """What the simple most-votes method (``greedy``: most votes first, skip what does not fit)
    funds with the same ballots, for the side-by-side; ``None`` unless ``tally`` is another
    budget rule."""
    if not isinstance(tally, BudgetResult) or tally.variant == MOST_VOTES:
        return None
    greedy = count(election, MOST_VOTES).as_dict()
    return {key: greedy[key] for key in ("method", "selected", "total_cost", "leftover")}


# ---------------------------------------------------------------------------------------------
# Services (flush, never commit)


def lock_vote(vote_id: int) -> None:
    """Lock the vote's row until the transaction ends (PostgreSQL; SQLite writes one at a time),
    so that two officials publishing at once publish once: the second then sees it published."""
    db.session.execute(select(Vote.id).where(Vote.id == vote_id).with_for_update())


def _store(
    vote: Vote, official: User, statement_md: str | None, now: datetime, count: Count | None = None
) -> VoteResult:
    count = count or count_vote(vote)
    result = vote.result
    if result is None:
        result = VoteResult(vote=vote)
        db.session.add(result)
    result.outcome = count.outcome
    result.turnout = count.turnout
    result.ballots_pb = count.ballots_pb
    result.ballots_sha256 = count.ballots_sha256
    result.most_votes = count.most_votes
    result.computed_at = now
    result.computed_by_id = official.id
    if statement_md is not None:
        result.statement_md = statement_md
        result.statement_html = render_markdown(statement_md)
    return result


def compute_preview(
    vote: Vote, official: User, statement_md: str | None, now: datetime
) -> VoteResult:
    """Compute (or refresh) the unpublished result of a closed vote; store the statement.

    :raises InvalidState: the vote is not closed (still open, or already published).
    """
    if state_of(vote, now) is not VoteState.CLOSED:
        raise InvalidState("results can be computed only for a closed, unpublished vote")
    result = _store(vote, official, statement_md, now)
    db.session.flush()
    record_audit(
        official,
        Action.VOTE_RESULTS_PREVIEW,
        vote,
        label=vote.title,
        ballots=result.turnout["ballots"],
        sha256=result.ballots_sha256,
    )
    return result


def publish_results(
    vote: Vote, official: User, now: datetime, *, previewed_sha256: str
) -> VoteResult:
    """Publish the previewed result with the statement saved with it, after recounting the
    current ballots: they must be exactly those of the preview the official checked
    (``previewed_sha256``, the digest of its ballots file, shown on the confirmation page).

    :raises InvalidState: the vote is not closed, or its results are already published.
    :raises PreviewMissing: no preview has been computed.
    :raises PreviewOutdated: the ballots are not those of the checked preview.
    """
    if state_of(vote, now) is not VoteState.CLOSED:
        raise InvalidState("results can be published only once, after the vote closes")
    preview = vote.result
    if preview is None:
        raise PreviewMissing("compute a preview first")
    count = count_vote(vote)
    if not previewed_sha256 == preview.ballots_sha256 == count.ballots_sha256:
        raise PreviewOutdated("the ballots changed since the preview")
    previewed_at = preview.computed_at
    result = _store(vote, official, None, now, count)
    result.published_at = now
    result.published_by_id = official.id
    db.session.flush()
    record_audit(
        official,
        Action.VOTE_RESULTS_PUBLISH,
        vote,
        label=vote.title,
        ballots=result.turnout["ballots"],
        sha256=result.ballots_sha256,
        previewed_at=previewed_at.isoformat() if previewed_at else None,
        ballots_file_withheld=ballots_withheld(vote, result),
    )
    return result


def notify_results_published(vote: Vote, link: str) -> None:
    """Announce the published results with who voted: the organizations that cast a ballot
    and the people who voted for themselves (the listener decides whom to tell)."""
    voters = db.session.execute(
        select(Ballot.organization_id, Ballot.voter_id).where(Ballot.vote_id == vote.id)
    ).all()
    signals.results_published.send(
        vote,
        link=link,
        organization_ids=sorted({row.organization_id for row in voters if row.organization_id}),
        person_ids=sorted(
            {row.voter_id for row in voters if row.organization_id is None and row.voter_id}
        ),
    )
