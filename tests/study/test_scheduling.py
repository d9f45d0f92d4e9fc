from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.study.scheduling import (
    CardState,
    SchedulerSettings,
    format_interval,
    preview,
    rebuild,
    retrievability,
    review,
)

START = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
NO_FUZZ = SchedulerSettings(enable_fuzz=False)
FUZZ = SchedulerSettings()


def replay(ratings: list[int], config: SchedulerSettings, card_id: int = 1) -> list[CardState]:
    """Review a new card with each rating at the moment the previous one made it due."""
    state, at, states = CardState(card_id=card_id), START, []
    for rating in ratings:
        state = review(state, rating, at, config).after
        states.append(state)
        assert state.due is not None
        at = state.due
    return states


# --- review --------------------------------------------------------------------------------


def test_golden_vector_through_review_with_fuzz_off() -> None:
    ratings = [3] * 6 + [1] * 2 + [3] * 5
    state, at, intervals = CardState(card_id=1), START, []
    for rating in ratings:
        result = review(state, rating, at, NO_FUZZ)
        intervals.append(result.interval.days)
        state, at = result.after, result.reviewed_at + result.interval
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    # one lapse: the first Again hits a review card, the second a relearning one
    assert (state.state, state.reps, state.lapses) == ("review", 13, 1)


def test_fuzz_off_matches_plain_fsrs_exactly() -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=7, due=START)
    state, at = CardState(card_id=7), START
    for rating in [3, 3, 2, 4, 1, 3, 2, 3, 4, 3]:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
        state = review(state, rating, at, NO_FUZZ).after
        assert (state.stability, state.difficulty, state.due, state.step) == (
            card.stability,
            card.difficulty,
            card.due,
            card.step,
        )
        at = card.due + timedelta(hours=5)


def test_the_first_review_leaves_the_new_state() -> None:
    result = review(CardState(card_id=3), 3, START, FUZZ)
    assert result.before.state == "new"
    assert (result.after.state, result.after.step, result.after.reps) == ("learning", 1, 1)
    assert (result.elapsed_days, result.retrievability) == (None, 0.0)


def test_fuzz_is_reproducible_and_seeded_per_card_and_review() -> None:
    ratings = [3, 3, 3, 3, 3]
    assert replay(ratings, FUZZ, card_id=11) == replay(ratings, FUZZ, card_id=11)
    last_dues = {replay(ratings, FUZZ, card_id=card_id)[-1].due for card_id in range(40)}
    assert len(last_dues) > 1  # different cards drift apart


def test_fuzz_stays_in_ankis_range_and_spares_learning_steps() -> None:
    base = replay([3, 3, 3], NO_FUZZ)[-1]  # a review card, due 11 days after its last review
    assert base.due is not None
    assert review(base, 3, base.due, NO_FUZZ).interval == timedelta(days=46)
    # Anki's spread for 46 days: 1 + 0.15*4.5 + 0.1*13 + 0.05*26 = 4.275 -> 42..50 days
    seen = set()
    for card_id in range(200):
        card = replace(base, card_id=card_id)
        assert review(card, 1, base.due, FUZZ).interval == timedelta(minutes=10)  # relearning
        seen.add(review(card, 3, base.due, FUZZ).interval.days)
    assert seen == set(range(42, 51))
    new_card = CardState(card_id=4)
    assert review(new_card, 3, START, FUZZ).interval == timedelta(minutes=10)  # learning step


def test_fuzz_does_not_touch_the_global_random_state() -> None:
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    replay([3, 3, 3, 3], FUZZ)
    assert random.random() == expected


def test_a_lapse_is_again_on_a_review_card_only() -> None:
    states = replay([1, 3, 3, 1, 1, 3], NO_FUZZ)
    assert [s.state for s in states] == [
        "learning",
        "learning",
        "review",
        "relearning",
        "relearning",
        "review",
    ]
    assert [s.lapses for s in states] == [0, 0, 0, 1, 1, 1]
    assert [s.reps for s in states] == [1, 2, 3, 4, 5, 6]


def test_datetimes_in_any_aware_zone_become_utc() -> None:
    for zone in (ZoneInfo("UTC"), ZoneInfo("Europe/Berlin")):
        result = review(CardState(card_id=1), 3, START.astimezone(zone), FUZZ)
        assert result.reviewed_at.tzinfo is UTC
        assert result.after.due == START + timedelta(minutes=10)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        review(CardState(card_id=1), 3, datetime(2024, 1, 1), FUZZ)  # noqa: DTZ001


@pytest.mark.parametrize("rating", [0, 5, True, "3", None])
def test_ratings_outside_1_to_4_are_refused(rating: object) -> None:
    with pytest.raises(ValueError, match="rating must be"):
        review(CardState(card_id=1), rating, START, FUZZ)  # type: ignore[arg-type]


def test_a_review_before_the_last_one_is_refused() -> None:
    state = replay([3], FUZZ)[0]
    with pytest.raises(ValueError, match="rebuild"):
        review(state, 3, START - timedelta(seconds=1), FUZZ)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"desired_retention": 0.69}, "between 0.70 and 0.97"),
        ({"desired_retention": 0.98}, "between 0.70 and 0.97"),
        ({"learning_steps": (timedelta(0),)}, "learning steps must be positive"),
        ({"relearning_steps": ["10m"]}, "relearning steps must be positive"),
        ({"maximum_interval": 0}, "maximum interval"),
        ({"parameters": (0.2,) * 19}, "needs 21 parameters"),
        ({"parameters": (500.0,) * 21}, "out of bounds"),
    ],
)
def test_settings_are_validated(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SchedulerSettings(**changes)  # type: ignore[arg-type]


def test_settings_accept_lists_and_fitted_parameters() -> None:
    config = SchedulerSettings(
        learning_steps=[timedelta(minutes=5)],  # type: ignore[arg-type]
        parameters=list(fsrs.scheduler.DEFAULT_PARAMETERS),  # type: ignore[arg-type]
    )
    assert config.learning_steps == (timedelta(minutes=5),)
    assert config.parameters == fsrs.scheduler.DEFAULT_PARAMETERS


def test_card_state_is_checked() -> None:
    with pytest.raises(ValueError, match="needs stability"):
        CardState(card_id=1, state="review")
    reviewed = {"stability": 3.0, "difficulty": 5.0, "due": START, "last_review": START}
    with pytest.raises(ValueError, match="has a step only"):
        CardState(card_id=1, state="relearning", step=None, **reviewed)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="has a step only"):
        CardState(card_id=1, state="review", step=0, **reviewed)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown card state"):
        CardState(card_id=1, state="suspended")  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------------

ratings_st = st.lists(st.integers(1, 4), min_size=1, max_size=14)
gaps_st = st.lists(st.integers(0, 400 * 24 * 60), min_size=14, max_size=14)  # minutes


@settings(max_examples=150, deadline=None)
@given(
    ratings=ratings_st,
    gaps=gaps_st,
    maximum=st.integers(1, 400),
    fuzz=st.booleans(),
    card_id=st.integers(1, 10**9),
)
def test_review_intervals_stay_within_bounds(
    ratings: list[int], gaps: list[int], maximum: int, fuzz: bool, card_id: int
) -> None:
    config = SchedulerSettings(maximum_interval=maximum, enable_fuzz=fuzz)
    state, at = CardState(card_id=card_id), START
    for rating, gap in zip(ratings, gaps, strict=False):
        result = review(state, rating, at, config)
        assert result.after.due is not None
        assert result.after.due >= at
        if result.after.state == "review":
            assert timedelta(0) < result.interval <= timedelta(days=maximum)
        state, at = result.after, at + timedelta(minutes=gap)


@settings(max_examples=100, deadline=None)
@given(
    ratings=ratings_st,
    gaps=gaps_st,
    data=st.data(),
)
def test_any_order_or_duplication_of_a_log_rebuilds_the_same_schedule(
    ratings: list[int], gaps: list[int], data: st.DataObject
) -> None:
    log, at = [], START
    for index, (rating, gap) in enumerate(zip(ratings, gaps, strict=False)):
        log.append((f"review-{index}", rating, at))
        at += timedelta(minutes=gap)
    shuffled = data.draw(st.permutations(log))
    duplicates = data.draw(st.lists(st.sampled_from(log), max_size=5))
    assert rebuild(5, shuffled + duplicates, FUZZ) == replay_in_time_order(log)


def replay_in_time_order(log: list[tuple[str, int, datetime]]) -> CardState:
    """Review one by one in the order rebuild documents: time, then rating, then id."""
    state = CardState(card_id=5)
    for _, rating, at in sorted(log, key=lambda entry: (entry[2], entry[1], entry[0])):
        state = review(state, rating, at, FUZZ).after
    return state


def test_rebuild_breaks_time_ties_the_same_way_whatever_the_input_order() -> None:
    log = [("b", 1, START), ("a", 3, START), ("c", 3, START + timedelta(days=1))]
    assert rebuild(9, log, FUZZ) == rebuild(9, list(reversed(log)), FUZZ)
    assert rebuild(9, [], FUZZ) == CardState(card_id=9)


def test_rebuild_accepts_pairs_without_ids() -> None:
    pairs = [(3, START + timedelta(minutes=10)), (3, START)]
    assert rebuild(1, pairs, NO_FUZZ) == replay([3, 3], NO_FUZZ)[-1]


@pytest.mark.parametrize(
    "entry",
    [(3,), ("id", 3, START, "extra"), (START, 3), ("id", 3, "2024-01-01"), ("id", 3.0, START)],
)
def test_rebuild_refuses_malformed_entries(entry: tuple[object, ...]) -> None:
    with pytest.raises(ValueError, match=r"expected|rating must be"):
        rebuild(1, [entry], FUZZ)


# --- preview and labels --------------------------------------------------------------------


def test_preview_of_a_new_card() -> None:
    intervals = preview(CardState(card_id=1), START, NO_FUZZ)
    labels = {rating: format_interval(interval) for rating, interval in intervals.items()}
    assert labels == {1: "1m", 2: "6m", 3: "10m", 4: "8d"}
    fuzzed = preview(CardState(card_id=1), START, FUZZ)
    assert {r: fuzzed[r] for r in (1, 2, 3)} == {r: intervals[r] for r in (1, 2, 3)}
    assert 6 <= fuzzed[4].days <= 10  # 8 days +/- Anki's spread (1 + 0.15 * 5.5 = 1.825)


def test_preview_shows_what_review_will_give_fuzz_included() -> None:
    state = replay([3, 3, 3], FUZZ, card_id=21)[-1]
    assert state.due is not None
    shown = preview(state, state.due, FUZZ)
    for rating, interval in shown.items():
        assert review(state, rating, state.due, FUZZ).interval == interval
    assert shown[1] == timedelta(minutes=10)
    assert shown[2] < shown[3] < shown[4]


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(seconds=10), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=40), "1h"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=3), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_format_interval(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label


def test_format_interval_refuses_negative_intervals() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_interval(timedelta(minutes=-1))


# --- retrievability ------------------------------------------------------------------------


def test_retrievability_follows_the_forgetting_curve() -> None:
    state = replay([3, 3, 3], NO_FUZZ)[-1]  # review card due 11 days after its last review
    assert state.last_review is not None
    assert state.due is not None
    assert retrievability(CardState(card_id=2), START, NO_FUZZ) == 0.0
    assert retrievability(state, state.last_review, NO_FUZZ) == 1.0
    at_due = retrievability(state, state.due, NO_FUZZ)
    assert at_due == pytest.approx(0.9, abs=0.01)  # the desired retention
    assert retrievability(state, state.due + timedelta(days=60), NO_FUZZ) < at_due
