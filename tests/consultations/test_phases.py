"""Round state and stage rules from dates, including the exact boundary instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.consultations.phases import (
    RoundState,
    StageKind,
    StageProblem,
    StageStatus,
    StageWindow,
    check_stages,
    ensure_utc,
    find_stage_problems,
    is_stage_open,
    round_state,
    stage_of,
)

T0 = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def window(kind: StageKind, start_days: float, length_days: float) -> StageWindow:
    opens = T0 + timedelta(days=start_days)
    return StageWindow(kind, opens, opens + timedelta(days=length_days))


COMMENTING = window(StageKind.COMMENTING, 0, 14)  # day 0 … 14
VOTING = window(StageKind.VOTING, 20, 7)  # day 20 … 27
RESULTS = window(StageKind.RESULTS, 27, 30)  # day 27 … 57


# --------------------------------------------------------------------------- stage status


def test_stage_status_boundaries() -> None:
    assert COMMENTING.status(COMMENTING.opens_at - SECOND) is StageStatus.UPCOMING
    assert COMMENTING.status(COMMENTING.opens_at) is StageStatus.OPEN
    assert COMMENTING.status(COMMENTING.closes_at - SECOND) is StageStatus.OPEN
    assert COMMENTING.status(COMMENTING.closes_at) is StageStatus.CLOSED
    assert COMMENTING.is_open(COMMENTING.opens_at)
    assert not COMMENTING.is_open(COMMENTING.closes_at)


def test_status_compares_instants_across_zones() -> None:
    warsaw_summer = timezone(timedelta(hours=2))
    local_open = COMMENTING.opens_at.astimezone(warsaw_summer)
    assert COMMENTING.status(local_open) is StageStatus.OPEN
    assert COMMENTING.status(local_open - SECOND) is StageStatus.UPCOMING


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 10, 1, 8, 0)  # deliberately naive
    with pytest.raises(ValueError, match="timezone-aware"):
        StageWindow(StageKind.VOTING, naive, naive + timedelta(days=1))
    with pytest.raises(ValueError, match="now"):
        COMMENTING.status(naive)
    with pytest.raises(ValueError, match="announced_at"):
        round_state(naive, [COMMENTING], None, T0)


def test_ensure_utc() -> None:
    naive = datetime(2026, 10, 1, 8, 0)  # as SQLite returns it
    assert ensure_utc(naive) == T0
    assert ensure_utc(naive).tzinfo is UTC
    assert ensure_utc(T0.astimezone(timezone(timedelta(hours=2)))).hour == 8


# --------------------------------------------------------------------------- round state

ANNOUNCED = T0 - timedelta(days=5)
STAGES = [COMMENTING, VOTING, RESULTS]


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (ANNOUNCED, RoundState.ANNOUNCED),
        (COMMENTING.opens_at - SECOND, RoundState.ANNOUNCED),
        (COMMENTING.opens_at, RoundState.OPEN),
        (COMMENTING.closes_at - SECOND, RoundState.OPEN),
        (COMMENTING.closes_at, RoundState.OPEN),  # between stages: in progress
        (VOTING.opens_at - SECOND, RoundState.OPEN),
        (VOTING.opens_at, RoundState.OPEN),
        (RESULTS.opens_at, RoundState.OPEN),
        (RESULTS.closes_at - SECOND, RoundState.OPEN),
        (RESULTS.closes_at, RoundState.CLOSED),
        (RESULTS.closes_at + timedelta(days=100), RoundState.CLOSED),
    ],
)
def test_round_state_follows_the_timeline(now: datetime, state: RoundState) -> None:
    assert round_state(ANNOUNCED, STAGES, None, now) is state


def test_not_announced_is_draft_whatever_the_dates() -> None:
    assert round_state(None, STAGES, None, COMMENTING.opens_at) is RoundState.DRAFT
    assert round_state(None, [], None, T0) is RoundState.DRAFT
    assert round_state(None, STAGES, T0, T0 + timedelta(days=60)) is RoundState.DRAFT


def test_announcement_scheduled_in_the_future_is_still_draft() -> None:
    assert round_state(T0, STAGES, None, T0 - SECOND) is RoundState.DRAFT
    assert round_state(T0, STAGES, None, T0) is RoundState.OPEN


def test_results_published_wins_from_its_instant_on() -> None:
    published = VOTING.closes_at + timedelta(hours=1)
    assert round_state(ANNOUNCED, STAGES, published, published - SECOND) is RoundState.OPEN
    assert round_state(ANNOUNCED, STAGES, published, published) is RoundState.RESULTS_PUBLISHED
    assert (
        round_state(ANNOUNCED, STAGES, published, RESULTS.closes_at + SECOND)
        is RoundState.RESULTS_PUBLISHED
    )


def test_announced_round_without_stages() -> None:
    assert round_state(ANNOUNCED, [], None, T0) is RoundState.ANNOUNCED
    assert round_state(ANNOUNCED, [], T0, T0) is RoundState.RESULTS_PUBLISHED


def test_single_stage_round() -> None:
    assert round_state(ANNOUNCED, [COMMENTING], None, COMMENTING.closes_at) is RoundState.CLOSED


def test_overlapping_stages_are_open_together() -> None:
    proposals = window(StageKind.PROPOSALS, 5, 20)
    now = T0 + timedelta(days=10)
    stages = [COMMENTING, proposals]
    assert round_state(ANNOUNCED, stages, None, now) is RoundState.OPEN
    assert is_stage_open(stages, StageKind.COMMENTING, now)
    assert is_stage_open(stages, StageKind.PROPOSALS, now)


# --------------------------------------------------------------------------- lookups


def test_stage_of_and_is_stage_open() -> None:
    assert stage_of(STAGES, StageKind.VOTING) == VOTING
    assert stage_of(STAGES, StageKind.PROPOSALS) is None
    assert not is_stage_open(STAGES, StageKind.PROPOSALS, T0)
    assert is_stage_open(STAGES, StageKind.VOTING, VOTING.opens_at)
    assert not is_stage_open(STAGES, StageKind.VOTING, VOTING.closes_at)
    assert not is_stage_open(STAGES, StageKind.VOTING, VOTING.opens_at - SECOND)
    assert not is_stage_open(STAGES, StageKind.COMMENTING, VOTING.opens_at)


# --------------------------------------------------------------------------- checks


def test_valid_timeline_has_no_problems() -> None:
    assert check_stages(STAGES, 7, False) == []
    assert check_stages([], 7, False) == []


def test_ends_before_start() -> None:
    backwards = StageWindow(StageKind.PROPOSALS, T0, T0 - SECOND)
    zero = StageWindow(StageKind.VOTING, T0, T0)
    assert check_stages([backwards], 7, False) == [StageProblem.ENDS_BEFORE_START]
    assert check_stages([zero], 7, False) == [StageProblem.ENDS_BEFORE_START]


def test_backwards_commenting_stage_is_not_also_too_short() -> None:
    backwards = StageWindow(StageKind.COMMENTING, T0, T0 - SECOND)
    assert check_stages([backwards], 7, False) == [StageProblem.ENDS_BEFORE_START]


def test_duplicate_kind() -> None:
    again = window(StageKind.COMMENTING, 30, 10)
    assert check_stages([COMMENTING, again], 7, False) == [StageProblem.DUPLICATE_KIND]
    assert find_stage_problems([COMMENTING, again], 7, False) == [
        (StageProblem.DUPLICATE_KIND, StageKind.COMMENTING)
    ]


def test_short_commenting_needs_justification_exactly_at_the_minimum() -> None:
    exactly = window(StageKind.COMMENTING, 0, 7)
    short = StageWindow(StageKind.COMMENTING, exactly.opens_at, exactly.closes_at - SECOND)
    assert check_stages([exactly], 7, False) == []
    assert check_stages([short], 7, False) == [StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION]
    assert check_stages([short], 7, True) == []
    assert check_stages([short], 0, False) == []


def test_other_short_stages_need_no_justification() -> None:
    assert check_stages([window(StageKind.VOTING, 0, 1)], 7, False) == []


def test_minimum_is_counted_in_warsaw_calendar_days_across_dst() -> None:
    # 2027-03-28 clocks go forward in Poland: Monday 00:00 → Monday 00:00 is 167 real hours
    opens = datetime(2027, 3, 22, 0, 0, tzinfo=timezone(timedelta(hours=1))).astimezone(UTC)
    closes = datetime(2027, 3, 29, 0, 0, tzinfo=timezone(timedelta(hours=2))).astimezone(UTC)
    stage = StageWindow(StageKind.COMMENTING, opens, closes)
    assert closes - opens == timedelta(hours=167)
    assert check_stages([stage], 7, False) == []
    assert check_stages([stage], 7, False, zone="UTC") == [
        StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION
    ]


def test_results_must_not_open_before_voting_closes() -> None:
    early = StageWindow(StageKind.RESULTS, VOTING.closes_at - SECOND, VOTING.closes_at + SECOND)
    at_close = StageWindow(StageKind.RESULTS, VOTING.closes_at, VOTING.closes_at + SECOND)
    assert check_stages([VOTING, early], 7, False) == [StageProblem.RESULTS_BEFORE_VOTING_ENDS]
    assert check_stages([VOTING, at_close], 7, False) == []
    assert check_stages([early], 7, False) == []  # no voting stage: nothing to compare


def test_other_orders_are_allowed() -> None:
    voting_first = window(StageKind.VOTING, 0, 3)
    commenting_after = window(StageKind.COMMENTING, 10, 14)
    proposals_overlapping = window(StageKind.PROPOSALS, 1, 30)
    stages = [commenting_after, proposals_overlapping, voting_first]
    assert check_stages(stages, 7, False) == []


def test_all_problems_in_enum_order() -> None:
    stages = [
        StageWindow(StageKind.RESULTS, VOTING.opens_at, VOTING.opens_at + SECOND),
        window(StageKind.COMMENTING, 0, 2),
        VOTING,
        window(StageKind.VOTING, 40, 1),
        StageWindow(StageKind.PROPOSALS, T0, T0 - SECOND),
    ]
    assert check_stages(stages, 7, False) == list(StageProblem)
    assert find_stage_problems(stages, 7, False) == [
        (StageProblem.TOO_SHORT_WITHOUT_JUSTIFICATION, StageKind.COMMENTING),
        (StageProblem.DUPLICATE_KIND, StageKind.VOTING),
        (StageProblem.ENDS_BEFORE_START, StageKind.PROPOSALS),
        (StageProblem.RESULTS_BEFORE_VOTING_ENDS, StageKind.RESULTS),
    ]
