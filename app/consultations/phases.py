"""The state of a consultation round and of its stages, derived from dates — pure module.

All instants are timezone-aware datetimes (the database stores UTC; the pages show
Europe/Warsaw). Naive datetimes are refused with ``ValueError`` because comparing them with aware
ones is either an error or silently wrong; SQLite drops the zone on the way back, so the storage
layer should pass values through :func:`ensure_utc` first.

Rules
-----
* A stage window is **half open**: it is *open* for ``opens_at <= now < closes_at``, *upcoming*
  before ``opens_at`` and *closed* from ``closes_at`` on (exactly at ``closes_at`` it is closed).
* The round state (:func:`round_state`), checked in this order:

  1. not announced (no ``announced_at``, or an announcement scheduled after ``now``) → DRAFT;
  2. results published (``results_published_at`` at or before ``now``) → RESULTS_PUBLISHED;
  3. no stages → ANNOUNCED;
  4. a stage is open → OPEN;
  5. no stage has opened yet → ANNOUNCED;
  6. every stage is closed → CLOSED;
  7. otherwise (one stage closed, a later one still upcoming: the round is in progress) → OPEN.

* Stage checks (:func:`check_stages`):

  - ENDS_BEFORE_START: ``closes_at`` must be strictly after ``opens_at``;
  - DUPLICATE_KIND: at most one stage of each kind;
  - TOO_SHORT_WITHOUT_JUSTIFICATION: a commenting stage shorter than ``min_commenting_days``
    needs a justification. Days are counted on the Warsaw wall clock, so a 7-day stage from
    Monday 00:00 to the next Monday 00:00 is 7 days also across a daylight-saving change (then
    it lasts 167 or 169 real hours);
  - RESULTS_BEFORE_VOTING_ENDS: if both exist, the results stage must not open before the voting
    stage closes. No other order between stages is required.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.consultations.states import StageKind

__all__ = [
    "DEFAULT_MIN_COMMENTING_DAYS",
    "DISPLAY_ZONE",
    "RoundState",
    "StageKind",
    "StageProblem",
    "StageStatus",
    "StageWindow",
    "check_stages",
    "ensure_utc",
    "find_stage_problems",
    "is_stage_open",
    "round_state",
    "stage_of",
]

DEFAULT_MIN_COMMENTING_DAYS = 7
DISPLAY_ZONE = "Europe/Warsaw"


class StageStatus(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


class RoundState(StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS_PUBLISHED = "results_published"


class StageProblem(StrEnum):
    ENDS_BEFORE_START = "ends_before_start"
    DUPLICATE_KIND = "duplicate_kind"
    TOO_SHORT_WITHOUT_JUSTIFICATION = "too_short_without_justification"
    RESULTS_BEFORE_VOTING_ENDS = "results_before_voting_ends"


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


def ensure_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a naive value is taken to be UTC already (as stored)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(frozen=True)
class StageWindow:
    """One stage of a round: open for ``opens_at <= now < closes_at``."""

    kind: StageKind
    opens_at: datetime
    closes_at: datetime

    def __post_init__(self) -> None:
        _require_aware(self.opens_at, "opens_at")
        _require_aware(self.closes_at, "closes_at")

    def status(self, now: datetime) -> StageStatus:
        _require_aware(now, "now")
        if now < self.opens_at:
            return StageStatus.UPCOMING
        if now < self.closes_at:
            return StageStatus.OPEN
        return StageStatus.CLOSED

    def is_open(self, now: datetime) -> bool:
        return self.status(now) is StageStatus.OPEN


def round_state(
    announced_at: datetime | None,
    stages: Sequence[StageWindow],
    results_published_at: datetime | None,
    now: datetime,
) -> RoundState:
    """The state of a round at ``now`` (rules in the module docstring)."""
    _require_aware(now, "now")
    if announced_at is not None:
        _require_aware(announced_at, "announced_at")
    if results_published_at is not None:
        _require_aware(results_published_at, "results_published_at")

    if announced_at is None or announced_at > now:
        return RoundState.DRAFT
    if results_published_at is not None and results_published_at <= now:
        return RoundState.RESULTS_PUBLISHED
    if not stages:
        return RoundState.ANNOUNCED
    statuses = {stage.status(now) for stage in stages}
    if StageStatus.OPEN in statuses:
        return RoundState.OPEN
    if statuses == {StageStatus.UPCOMING}:
        return RoundState.ANNOUNCED
    if statuses == {StageStatus.CLOSED}:
        return RoundState.CLOSED
    return RoundState.OPEN


def stage_of(stages: Sequence[StageWindow], kind: StageKind) -> StageWindow | None:
    """The first stage of ``kind`` (there should be at most one), or None."""
    return next((stage for stage in stages if stage.kind == kind), None)


def is_stage_open(stages: Sequence[StageWindow], kind: StageKind, now: datetime) -> bool:
    """Whether a stage of ``kind`` is open at ``now`` (False when the round has no such stage)."""
    return any(stage.kind == kind and stage.is_open(now) for stage in stages)


def _wall_clock_length(stage: StageWindow, zone: str) -> timedelta:
    tz = ZoneInfo(zone)
    opens = stage.opens_at.astimezone(tz).replace(tzinfo=None)
    closes = stage.closes_at.astimezone(tz).replace(tzinfo=None)
    return closes - opens


def find_stage_problems(
    stages: Sequence[StageWindow],
    min_commenting_days: int = DEFAULT_MIN_COMMENTING_DAYS,
    has_justification: bool = False,
    *,
    zone: str = DISPLAY_ZONE,
) -> list[tuple[StageProblem, StageKind]]:
    """Every problem with the stage of its kind (for pointing a form error at the right field).

    In stage order; a stage that ends before it starts is not also reported as too short.
    A RESULTS_BEFORE_VOTING_ENDS problem is reported on the results stage.
    """
    problems: list[tuple[StageProblem, StageKind]] = []
    seen: set[StageKind] = set()
    for stage in stages:
        if stage.kind in seen:
            problems.append((StageProblem.DUPLICATE_KIND, stage.kind))
        seen.add(stage.kind)
        if stage.closes_at <= stage.opens_at:
            problems.append((StageProblem.ENDS_BEFORE_START, stage.kind))
            continue
        if (
            stage.kind == StageKind.COMMENTING
            and not has_justification
            and min_commenting_days > 0
            and _wall_clock_length(stage, zone) < timedelta(days=min_commenting_days)
        ):
            problems.append((StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION, stage.kind))
    votings = [stage for stage in stages if stage.kind == StageKind.VOTING]
    for results in (stage for stage in stages if stage.kind == StageKind.RESULTS):
        if any(results.opens_at < voting.closes_at for voting in votings):
            problems.append((StageProblem.RESULTS_BEFORE_VOTING_ENDS, results.kind))
    return problems


def check_stages(
    stages: Sequence[StageWindow],
    min_commenting_days: int = DEFAULT_MIN_COMMENTING_DAYS,
    has_justification: bool = False,
    *,
    zone: str = DISPLAY_ZONE,
) -> list[StageProblem]:
    """The distinct problems of a timeline, in :class:`StageProblem` order; empty when valid."""
    found = {
        problem
        for problem, _ in find_stage_problems(
            stages, min_commenting_days, has_justification, zone=zone
        )
    }
    return [problem for problem in StageProblem if problem in found]
