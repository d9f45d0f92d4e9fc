"""Personal FSRS parameters, fitted from one learner's review log with the light Rust optimizer
``fsrs-rs-python`` when it is installed (the ``fsrs[optimizer]`` extra would pull a CUDA build of
torch into every install). Pure Python."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from quizzes.study.scheduling import PARAMETER_BOUNDS, as_utc, check_rating

# The fsrs package's Optimizer returns its default parameters below 512 reviews; we use the same
# bar for fsrs-rs-python (which would fit from fewer, but noisily).
MIN_REVIEWS_FOR_FIT = 512


def fit_parameters(
    review_logs: Iterable[tuple[int, int, datetime]], *, relearning_steps: int = 1
) -> tuple[float, ...] | None:
    """Fit one learner's FSRS parameters from ``(card_id, rating, reviewed_at)`` rows.

    Uses ``fsrs-rs-python`` (imported lazily). Returns ``None`` - keep the defaults - when there
    are fewer than ``MIN_REVIEWS_FOR_FIT`` reviews, when the package is not installed, or when
    the optimizer learned nothing (it returned the defaults). Elapsed time between reviews is
    counted in whole 24-hour days, as the scheduler counts it. The result is clamped into the
    bounds fsrs accepts, so it can go straight into ``SchedulerSettings(parameters=...)``.
    Raises ``ValueError`` for a bad rating or a naive datetime.
    """
    rows = [(card_id, rating, as_utc(at, "reviewed_at")) for card_id, rating, at in review_logs]
    for _, rating, _ in rows:
        check_rating(rating)
    if len(rows) < MIN_REVIEWS_FOR_FIT:
        return None
    try:
        import fsrs_rs_python as fsrs_rs  # optional: imported only when fitting
    except ImportError:
        return None

    by_card: dict[int, list[tuple[datetime, int]]] = {}
    for card_id, rating, at in rows:
        by_card.setdefault(card_id, []).append((at, rating))
    # One training item per review that comes a day or more after the previous one, holding the
    # card's history up to it (fsrs-rs's own Anki converter does the same).
    items: list[tuple[datetime, int, fsrs_rs.FSRSItem]] = []
    for card_id, history in by_card.items():
        history.sort()
        steps = [fsrs_rs.FSRSReview(history[0][1], 0)]
        for (before, _), (at, rating) in itertools.pairwise(history):
            steps.append(fsrs_rs.FSRSReview(rating, (at - before).days))
            if (at - before).days > 0:
                items.append((at, card_id, fsrs_rs.FSRSItem(list(steps))))
    # Oldest first: the optimizer weighs recent items more by their position.
    items.sort(key=lambda item: item[:2])
    fitted = fsrs_rs.FSRS(fsrs_rs.DEFAULT_PARAMETERS).compute_parameters(
        [item for _, _, item in items], num_relearning_steps=relearning_steps
    )
    if max(abs(a - b) for a, b in zip(fitted, fsrs_rs.DEFAULT_PARAMETERS, strict=True)) < 1e-6:
        return None
    # fsrs-rs clips with its own (f32) bounds; clamp into fsrs's so the Scheduler accepts them.
    return tuple(
        min(max(float(p), low), high)
        for p, (low, high) in zip(fitted, PARAMETER_BOUNDS, strict=True)
    )
