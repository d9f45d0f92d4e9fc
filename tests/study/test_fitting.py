"""Personal FSRS parameters fitted from a learner's review log (``quizzes.study.fitting``)."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from quizzes.study.fitting import MIN_REVIEWS_FOR_FIT, fit_parameters
from quizzes.study.scheduling import CardState, SchedulerSettings, retrievability, review

START = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
NO_FUZZ = SchedulerSettings(enable_fuzz=False)


def synthetic_log(cards: int, reviews_per_card: int) -> list[tuple[int, int, datetime]]:
    """Reviews a simulated learner would make: recall drawn from FSRS's own prediction."""
    rng = random.Random(7)
    log = []
    for card_id in range(1, cards + 1):
        state, at = CardState(card_id=card_id), START + timedelta(hours=rng.randrange(500))
        for _ in range(reviews_per_card):
            recall = retrievability(state, at, NO_FUZZ) if state.state == "review" else 0.9
            rating = rng.choice((2, 3, 3, 4)) if rng.random() < recall else 1
            state = review(state, rating, at, NO_FUZZ).after
            log.append((card_id, rating, at))
            assert state.due is not None
            at = state.due + timedelta(hours=rng.randrange(72))
    return log


def test_fitting_needs_enough_reviews() -> None:
    assert fit_parameters(synthetic_log(10, 5)) is None


def test_fitting_without_the_optimizer_package_keeps_the_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # makes the import fail
    assert fit_parameters(synthetic_log(60, 10)) is None


def test_fitting_returns_parameters_the_scheduler_accepts() -> None:
    pytest.importorskip("fsrs_rs_python")
    log = synthetic_log(60, 10)
    assert len(log) >= MIN_REVIEWS_FOR_FIT
    fitted = fit_parameters(log)
    assert fitted is not None
    assert len(fitted) == 21
    assert fitted != fsrs.scheduler.DEFAULT_PARAMETERS
    assert fit_parameters(list(reversed(log))) == fitted  # deterministic, order-free
    config = SchedulerSettings(parameters=fitted)
    assert review(CardState(card_id=1), 3, START, config).after.state == "learning"
