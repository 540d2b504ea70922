"""Priority votes: setting a vote up, opening and closing it early, casting and replacing ballots.

Services take model objects and plain values, flush but never commit, and raise
``DomainError`` subclasses; the views commit once and send mail after the commit.

One ballot per voter unit: :func:`cast_ballot` inserts the voter unit's row with ``INSERT … ON
CONFLICT DO NOTHING``; when the row exists (an earlier ballot, or a concurrent request that
inserted first — PostgreSQL makes the insert wait for that transaction), it locks the row
(``SELECT … FOR UPDATE``) and rewrites it, keeping the replaced receipt's digest. Together with the
``(vote_id, voter_key)`` unique constraint this leaves exactly one row per voter unit under any
number of simultaneous submissions, and every replaced receipt is kept as a digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.auth.models import User
from app.common.audit import Action, record_audit
from app.common.domain import DomainError, InvalidState, NotAllowed
from app.common.sanitize import render_markdown
from app.consultations.models import Consultation, StageKind
from app.extensions import db
from app.organizations.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationStatus,
)
from app.organizations.queries import area_by_code
from app.priorities import permissions, rules
from app.priorities.models import (
    Ballot,
    BallotType,
    Channel,
    ReplacedReceipt,
    Secrecy,
    Vote,
    VoteOption,
    VoteResult,
    VoterUnit,
)
from app.priorities.phases import VoteState, state_of
from app.priorities.proposal_options import option_from_proposal
from app.priorities.receipts import new_receipt_code, receipt_digest
from app.proposals.models import Proposal, ProposalStatus


class Locked(InvalidState):
    """The vote has opened: its method, rules and options can no longer change."""


class VoteNotOpen(InvalidState):
    """Ballots are accepted only while the vote is open."""

    def __init__(self, refusal: permissions.BallotRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


class InvalidSetup(DomainError):
    """The vote's setup breaks a rule of :mod:`app.priorities.rules`."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        super().__init__(", ".join(str(p.code) for p in problems))
        self.problems = problems


class InvalidBallot(DomainError):
    """The ballot breaks a rule of :mod:`app.priorities.rules`; nothing was stored."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        super().__init__(", ".join(str(p.code) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class VoteData:
    title: str
    explanation: str
    ballot_type: str
    method: str
    voter_unit: str = VoterUnit.ORGANIZATION
    secrecy: str = Secrecy.SECRET
    #: Secret votes: the fewest ballots with which the ballots file is published.
    min_ballots_for_publication: int = 5
    max_points: int | None = None
    max_points_per_option: int | None = None
    budget: Decimal | None = None
    rounding_unit: Decimal = Decimal(1)
    min_choices: int | None = None
    max_choices: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    def spec(self) -> rules.SetupSpec:
        return rules.SetupSpec(
            ballot_type=self.ballot_type,
            method=self.method,
            max_points=self.max_points,
            max_points_per_option=self.max_points_per_option,
            budget=self.budget,
            rounding_unit=self.rounding_unit,
            min_choices=self.min_choices,
            max_choices=self.max_choices,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
        )


@dataclass(frozen=True)
class OptionData:
    title: str
    description: str = ""
    area_id: int | None = None
    cost: Decimal | None = None


@dataclass
class CastResult:
    """What :func:`cast_ballot` did; ``code`` is the receipt, shown once and never stored."""

    ballot: Ballot
    code: str
    replaced: bool
    previous_channel: str | None = None
    #: Other approved representatives of the organization, to be told by e-mail.
    others: list[User] = field(default_factory=list)


# --- setup --------------------------------------------------------------------------------


def spec_of(vote: Vote) -> rules.SetupSpec:
    return rules.SetupSpec(
        ballot_type=vote.ballot_type,
        method=vote.method,
        max_points=vote.max_points,
        max_points_per_option=vote.max_points_per_option,
        budget=vote.budget,
        rounding_unit=vote.rounding_unit,
        min_choices=vote.min_choices,
        max_choices=vote.max_choices,
        opens_at=vote.opens_at,
        closes_at=vote.closes_at,
    )


def option_specs(vote: Vote) -> list[rules.OptionSpec]:
    return [rules.OptionSpec(o.key, o.title, o.cost) for o in vote.options]


def opening_problems(vote: Vote) -> list[rules.Problem]:
    """What must be fixed before ``vote`` may open (empty: ready)."""
    return rules.opening_problems(spec_of(vote), option_specs(vote))


def default_window(consultation: Consultation) -> tuple[datetime, datetime]:
    """The round's voting stage window, the default of a new vote's window."""
    stage = consultation.stage(StageKind.VOTING)
    if stage is None:
        raise InvalidState("the round has no voting stage")
    return stage.opens_at, stage.closes_at


def _apply(vote: Vote, data: VoteData) -> None:
    problems = rules.setup_problems(data.spec())
    if problems:
        raise InvalidSetup(problems)
    vote.title = data.title.strip()
    vote.explanation_md = data.explanation
    vote.explanation_html = render_markdown(data.explanation)
    vote.ballot_type = data.ballot_type
    vote.method = data.method
    vote.voter_unit = data.voter_unit
    vote.secrecy = data.secrecy
    vote.min_ballots_for_publication = max(1, data.min_ballots_for_publication)
    points = data.ballot_type == BallotType.POINTS
    vote.max_points = data.max_points if points else None
    vote.max_points_per_option = data.max_points_per_option if points else None
    uses_budget = rules.uses_budget(data.method) or points
    vote.budget = data.budget if uses_budget else None
    vote.rounding_unit = data.rounding_unit or Decimal(1)
    approval = data.ballot_type == BallotType.APPROVAL
    vote.min_choices = data.min_choices if approval else None
    vote.max_choices = data.max_choices if approval else None
    if data.opens_at is not None:
        vote.opens_at = data.opens_at
    if data.closes_at is not None:
        vote.closes_at = data.closes_at


def create_vote(actor: User, consultation: Consultation, data: VoteData, now: datetime) -> Vote:
    """Set up a vote in the round's voting stage; its window defaults to the stage's.

    :raises InvalidState: the round has no voting stage.
    :raises InvalidSetup: the method does not fit the ballot type, a budget is missing, ...
    """
    opens_at, closes_at = default_window(consultation)
    vote = Vote(consultation=consultation, created_by=actor, opens_at=opens_at, closes_at=closes_at)
    _apply(vote, data)
    if vote.opens_at <= now:
        raise InvalidSetup([rules.Problem(rules.SetupProblem.CLOSES_BEFORE_OPENING)])
    db.session.add(vote)
    db.session.flush()
    record_audit(actor, Action.VOTE_CREATE, vote, label=vote.title, method=vote.method)
    return vote


def _require_editable(vote: Vote, now: datetime) -> None:
    if not permissions.is_editable(vote, now):
        raise Locked("the vote has opened")


def update_vote(actor: User, vote: Vote, data: VoteData, now: datetime) -> None:
    """Change the rules of a vote that has not opened yet.

    :raises Locked: voting has opened.
    """
    _require_editable(vote, now)
    _apply(vote, data)
    if vote.opens_at <= now:
        raise InvalidSetup([rules.Problem(rules.SetupProblem.CLOSES_BEFORE_OPENING)])
    record_audit(actor, Action.VOTE_UPDATE, vote, label=vote.title, method=vote.method)


def _fill_option(option: VoteOption, data: OptionData) -> None:
    option.title = data.title.strip()
    option.description_md = data.description
    option.description_html = render_markdown(data.description)
    option.area_id = data.area_id
    option.cost = data.cost


def _audit_options(actor: User, vote: Vote, change: str, title: str) -> None:
    record_audit(actor, Action.VOTE_OPTIONS, vote, label=vote.title, change=change, option=title)


def add_option(actor: User, vote: Vote, data: OptionData, now: datetime) -> VoteOption:
    _require_editable(vote, now)
    option = VoteOption(position=len(vote.options))
    _fill_option(option, data)
    vote.options.append(option)
    db.session.flush()
    _audit_options(actor, vote, "add", option.title)
    return option


def update_option(
    actor: User, vote: Vote, option: VoteOption, data: OptionData, now: datetime
) -> None:
    _require_editable(vote, now)
    _fill_option(option, data)
    _audit_options(actor, vote, "edit", option.title)


def remove_option(actor: User, vote: Vote, option: VoteOption, now: datetime) -> None:
    _require_editable(vote, now)
    vote.options.remove(option)
    for position, other in enumerate(vote.options):
        other.position = position
    db.session.flush()
    _audit_options(actor, vote, "remove", option.title)


def move_option(actor: User, vote: Vote, option: VoteOption, step: int, now: datetime) -> None:
    """Move an option up (``step`` -1) or down (+1) on the ballot."""
    _require_editable(vote, now)
    ordered = list(vote.options)
    index = ordered.index(option)
    target = min(max(index + step, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered):
        other.position = position
    db.session.flush()
    db.session.refresh(vote, ["options"])
    _audit_options(actor, vote, "move", option.title)


def importable_proposals(vote: Vote) -> list[Proposal]:
    """The round's accepted proposals that are not options of ``vote`` yet."""
    linked = {o.proposal_id for o in vote.options if o.proposal_id is not None}
    proposals = db.session.scalars(
        select(Proposal)
        .where(
            Proposal.consultation_id == vote.consultation_id,
            Proposal.status == ProposalStatus.ACCEPTED,
        )
        .order_by(Proposal.id)
    )
    return [p for p in proposals if p.id not in linked]


def import_proposals(
    actor: User, vote: Vote, proposals: Iterable[Proposal], now: datetime
) -> list[VoteOption]:
    """Add the round's accepted proposals as options, linked back (no proposal twice)."""
    _require_editable(vote, now)
    linked = {o.proposal_id for o in vote.options if o.proposal_id is not None}
    added = []
    for proposal in proposals:
        if proposal.id in linked or proposal.consultation_id != vote.consultation_id:
            continue
        draft = option_from_proposal(proposal)
        area = area_by_code(draft.area_code)
        option = VoteOption(position=len(vote.options), proposal_id=proposal.id)
        _fill_option(
            option,
            OptionData(draft.title, draft.description, area.id if area else None, draft.cost),
        )
        vote.options.append(option)
        linked.add(proposal.id)
        added.append(option)
    db.session.flush()
    for option in added:
        _audit_options(actor, vote, "import", option.title)
    return added


def open_early(actor: User, vote: Vote, now: datetime) -> None:
    """Open voting now instead of at ``opens_at``.

    :raises InvalidState: the vote is not being set up.
    :raises InvalidSetup: the vote is not ready (too few options, missing costs, ...).
    """
    if state_of(vote, now) != VoteState.SETUP:
        raise InvalidState("not in setup")
    problems = opening_problems(vote)
    if problems:
        raise InvalidSetup(problems)
    previous = vote.opens_at
    vote.opens_at = now
    record_audit(
        actor, Action.VOTE_OPEN_EARLY, vote, label=vote.title, planned=previous.isoformat()
    )


def lock_window(vote: Vote) -> None:
    """Wait for the ballots in flight, and hold new ones, until the transaction ends.

    Call it before reading the clock for :func:`close_early`, so that every accepted ballot
    was cast before the closing time it records.
    """
    _window_lock(vote.id, exclusive=True)


def close_early(actor: User, vote: Vote, now: datetime) -> None:
    """Stop accepting ballots now instead of at ``closes_at`` (take :func:`lock_window` first).

    :raises InvalidState: the vote is not open.
    """
    if state_of(vote, now) != VoteState.OPEN:
        raise InvalidState("not open")
    _window_lock(vote.id, exclusive=True)
    previous = vote.closes_at
    vote.closes_at = now
    record_audit(
        actor, Action.VOTE_CLOSE_EARLY, vote, label=vote.title, planned=previous.isoformat()
    )


# --- voter units and ballots --------------------------------------------------------------


def voter_key(organization: Organization | None = None, person: User | None = None) -> str:
    """``org:<id>`` or ``person:<id>``: the voter unit as stored on a ballot."""
    if organization is not None:
        return f"org:{organization.id}"
    if person is not None:
        return f"person:{person.id}"
    raise ValueError("a voter unit is an organization or a person")


def current_ballot(
    vote: Vote, organization: Organization | None = None, person: User | None = None
) -> Ballot | None:
    """The voter unit's current ballot in ``vote``, or None."""
    key = voter_key(organization, person)
    return db.session.scalar(
        select(Ballot).where(Ballot.vote_id == vote.id, Ballot.voter_key == key)
    )


def ballot_count(vote: Vote) -> int:
    return db.session.scalar(select(func.count()).where(Ballot.vote_id == vote.id)) or 0


def eligible_voter_count(vote: Vote) -> int:
    """Voter units entitled to vote: verified organizations, or confirmed active people."""
    if vote.voter_unit == VoterUnit.PERSON:
        return (
            db.session.scalar(
                select(func.count())
                .select_from(User)
                .where(User.confirmed_at.is_not(None), User.is_active_account.is_(True))
            )
            or 0
        )
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Organization)
            .where(Organization.status == OrganizationStatus.VERIFIED)
        )
        or 0
    )


def representatives(organization: Organization) -> list[User]:
    """The organization's approved representatives with a confirmed address."""
    users = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organization_id == organization.id,
            Membership.status == MembershipStatus.APPROVED,
            User.confirmed_at.is_not(None),
        )
        .order_by(User.id)
    )
    return list(users)


def _insert(values: dict):
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(Ballot)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["vote_id", "voter_key"])
        .returning(Ballot)
    )


def _locked_ballot(vote_id: int, key: str) -> Ballot | None:
    return db.session.scalar(
        select(Ballot)
        .where(Ballot.vote_id == vote_id, Ballot.voter_key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


#: The namespace of the votes' advisory locks ("vote" in ASCII).
_VOTE_LOCKS = 0x766F7465


def _window_lock(vote_id: int, exclusive: bool) -> None:
    """Ballots hold a shared transaction lock of the vote's window and "close early" an
    exclusive one, so closing waits for the ballots in flight and none lands after it.

    An advisory lock, not ``SELECT … FOR SHARE`` of the vote's row: many ballots sharing a row
    lock make PostgreSQL rewrite that row (multixacts) for each of them. SQLite serialises
    writers anyway.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    db.session.execute(
        text(f"SELECT {function}(:space, :vote)"), {"space": _VOTE_LOCKS, "vote": vote_id}
    )


def _locked_window(vote: Vote, now: datetime) -> permissions.BallotRefusal | None:
    """The vote's window and publication, read under the shared window lock."""
    _window_lock(vote.id, exclusive=False)
    window = db.session.execute(
        select(Vote.opens_at, Vote.closes_at, VoteResult.published_at)
        .outerjoin(VoteResult, VoteResult.vote_id == Vote.id)
        .where(Vote.id == vote.id)
    ).one()
    if now < window.opens_at:
        return permissions.BallotRefusal.NOT_OPEN_YET
    if now >= window.closes_at or window.published_at is not None:
        return permissions.BallotRefusal.CLOSED
    return None


def cast_ballot(
    vote: Vote,
    content: list | dict,
    cast_by: User,
    now: datetime,
    organization: Organization | None = None,
    person: User | None = None,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
) -> CastResult:
    """Store the voter unit's ballot, replacing its earlier one (one row per voter unit).

    Online ballots need ``cast_by`` to act for ``organization`` (or be ``person``); paper
    ballots are entered by an official (see :func:`enter_paper_ballot`).

    :raises VoteNotOpen: the vote is not open at ``now``.
    :raises NotAllowed: ``cast_by`` may not vote for this voter unit.
    :raises InvalidBallot: the content breaks the vote's rules; nothing is stored.
    """
    if channel == Channel.ONLINE:
        allowed = (
            permissions.can_vote_for(cast_by, vote, organization)
            if organization is not None
            else person is cast_by and permissions.can_vote_as_person(cast_by, vote)
        )
    else:
        allowed = (
            permissions.can_manage_votes(cast_by)
            and organization is not None
            and vote.voter_unit == VoterUnit.ORGANIZATION
            and organization.status == OrganizationStatus.VERIFIED
        )
    if not allowed:
        raise NotAllowed("not a voter of this unit")
    refusal = _locked_window(vote, now)
    if refusal is not None:
        raise VoteNotOpen(refusal)
    problems = rules.check_ballot(content, rules.rules_of(vote))
    if problems:
        raise InvalidBallot(problems)

    key = voter_key(organization, person)
    code = new_receipt_code()
    values = {
        "content": content,
        "channel": str(channel),
        "cast_by_id": cast_by.id,
        "paper_received_on": received_on,
        "receipt_digest": receipt_digest(code),
        "cast_at": now,
    }
    ballot = previous_channel = None
    for _attempt in range(5):
        # the first ballot of a voter unit: one statement, no row to lock
        ballot = db.session.scalar(
            _insert(
                {
                    **values,
                    "vote_id": vote.id,
                    "voter_key": key,
                    "organization_id": organization.id if organization else None,
                    "voter_id": person.id if person else None,
                    "replacements": 0,
                }
            )
        )
        if ballot is not None:
            break
        # the voter unit has a ballot (perhaps inserted by a concurrent request a moment ago):
        # lock its row, keep the old receipt's digest, rewrite it
        ballot = _locked_ballot(vote.id, key)
        if ballot is not None:
            previous_channel = ballot.channel
            db.session.add(
                ReplacedReceipt(
                    receipt_digest=ballot.receipt_digest, vote_id=vote.id, replaced_at=now
                )
            )
            for name, value in values.items():
                setattr(ballot, name, value)
            ballot.replacements += 1
            db.session.flush()
            break
    if ballot is None:
        raise InvalidState("could not store the ballot")
    replaced = previous_channel is not None
    others = []
    if organization is not None:
        if replaced or channel == Channel.PAPER:
            others = [u for u in representatives(organization) if u.id != cast_by.id]
        if channel == Channel.ONLINE:
            # that the organization voted, never how
            record_audit(cast_by, Action.BALLOT_CAST, organization, vote=vote.id)
    return CastResult(ballot, code, replaced, previous_channel, others)


def enter_paper_ballot(
    actor: User,
    vote: Vote,
    organization: Organization,
    content: list | dict,
    received_on: date,
    now: datetime,
) -> CastResult:
    """An official enters a ballot received on paper; it replaces any earlier ballot."""
    result = cast_ballot(
        vote,
        content,
        actor,
        now,
        organization=organization,
        channel=Channel.PAPER,
        received_on=received_on,
    )
    record_audit(
        actor,
        Action.BALLOT_PAPER,
        organization,
        vote=vote.id,
        received_on=received_on.isoformat(),
        replaced=result.replaced,
    )
    return result
