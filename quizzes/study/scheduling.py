"""FSRS scheduling for Retain: the only module that imports ``fsrs``.

Everything here is plain Python over frozen dataclasses, so services can call it inside a
transaction and tests can call it without a database.

* ``review`` applies one rating to a ``CardState`` (what ``CardSchedule`` stores) and counts reps
  and lapses; ``preview`` gives the four button intervals; ``rebuild`` replays a review log.
* Fuzz is ours, not the library's: fsrs draws fuzz from the module-global ``random()``, which is
  neither reproducible nor isolated. We run fsrs with fuzz off and spread review intervals over
  Anki's ranges with a ``random.Random`` seeded from (card id, review count), so a preview, the
  review itself and a rebuild from the log all land on the same day.
* fsrs knows only 24-hour periods; the learner's day (from 04:00 local) is ``learner_days``'.
  Personal parameters are fitted in ``fitting`` (``PARAMETER_BOUNDS`` are fsrs's own).

All datetimes going in must be aware; they are converted to ``datetime.timezone.utc`` because fsrs
rejects every other tzinfo, ``ZoneInfo("UTC")`` included. Naive datetimes raise ``ValueError``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal, cast

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

__all__ = [
    "PARAMETER_BOUNDS",
    "STATE_FIELDS",
    "CardState",
    "ReviewResult",
    "SchedulerSettings",
    "StateName",
    "check_rating",
    "format_interval",
    "preview",
    "rebuild",
    "retrievability",
    "review",
]

StateName = Literal["new", "learning", "review", "relearning"]
RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy
# (lowest, highest) for each of the 21 parameters, as fsrs's Scheduler accepts them.
PARAMETER_BOUNDS = tuple(zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True))

_TO_FSRS: dict[str, State] = {
    "new": State.Learning,
    "learning": State.Learning,
    "review": State.Review,
    "relearning": State.Relearning,
}
_FROM_FSRS: dict[State, StateName] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}

# Anki's fuzz ranges (also fsrs's FUZZ_RANGES): (start days, end days, share of the interval).
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, math.inf, 0.05))


def check_rating(rating: object) -> None:
    """Raise ``ValueError`` unless ``rating`` is 1 (Again) … 4 (Easy)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise ValueError(f"rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy): {rating!r}")


def as_utc(moment: datetime, name: str = "datetime") -> datetime:
    """Return ``moment`` in ``datetime.timezone.utc``; raise ``ValueError`` if it is naive."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class SchedulerSettings:
    """Deck options that shape scheduling (a student's override or the instructor's default).

    Lists are accepted for the tuple fields and stored as tuples (hashable, so the fsrs
    ``Scheduler`` built from them is cached). Raises ``ValueError`` with a message a person can
    act on when a value is out of range.
    """

    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    parameters: tuple[float, ...] | None = None
    enable_fuzz: bool = True

    def __post_init__(self) -> None:
        retention = self.desired_retention
        if isinstance(retention, bool) or not isinstance(retention, int | float):
            raise ValueError(f"desired retention must be a number, got {retention!r}")
        if not 0.70 <= retention <= 0.97:
            raise ValueError(f"desired retention must be between 0.70 and 0.97, got {retention}")
        for name in ("learning_steps", "relearning_steps"):
            steps = tuple(getattr(self, name))
            if any(not isinstance(s, timedelta) or s <= timedelta(0) for s in steps):
                raise ValueError(f"{name.replace('_', ' ')} must be positive durations")
            object.__setattr__(self, name, steps)
        interval = self.maximum_interval
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
            raise ValueError(f"maximum interval must be a whole number of days >= 1: {interval!r}")
        if self.parameters is not None:
            params = tuple(float(p) for p in self.parameters)
            if len(params) != len(DEFAULT_PARAMETERS):
                raise ValueError(
                    f"FSRS needs {len(DEFAULT_PARAMETERS)} parameters, got {len(params)}"
                )
            Scheduler(parameters=params)  # raises ValueError naming each parameter out of bounds
            object.__setattr__(self, "parameters", params)


@dataclass(frozen=True)
class CardState:
    """One learner's schedule for one card, as ``CardSchedule`` stores it.

    ``state == "new"`` means never reviewed: no stability, difficulty or last review (fsrs has no
    New state; it starts such a card in Learning step 0). ``due`` of a new card is optional.
    Datetimes are normalised to UTC. Raises ``ValueError`` for inconsistent combinations.
    """

    card_id: int
    state: StateName = "new"
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def __post_init__(self) -> None:
        if self.state not in _TO_FSRS:
            raise ValueError(f"unknown card state {self.state!r}")
        for name in ("due", "last_review"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, as_utc(value, name))
        if self.state == "new":
            if self.last_review is not None or self.stability is not None:
                raise ValueError("a new card has no last review and no stability")
        elif None in (self.stability, self.difficulty, self.due, self.last_review):
            raise ValueError(f"a {self.state} card needs stability, difficulty, due, last review")
        elif (self.step is None) != (self.state == "review"):
            raise ValueError(f"a {self.state} card has a step only in (re)learning: {self.step!r}")
        if self.reps < 0 or self.lapses < 0:
            raise ValueError("reps and lapses cannot be negative")


# The schedule fields FSRS owns, as ``CardSchedule`` stores them (its card id aside): the one list
# the ORM code (``services.schedule_state``) and the hand-written SQL (``fast``) both use.
STATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CardState) if f.name != "card_id")


@dataclass(frozen=True)
class ReviewResult:
    """Outcome of one review: the new state and what a review log row wants to keep.

    ``interval`` is ``after.due - reviewed_at``; ``elapsed_days`` the whole days since the previous
    review (``None`` for a card's first review); ``retrievability`` the predicted recall just
    before this review (0 for a new card).
    """

    before: CardState
    after: CardState
    rating: int
    reviewed_at: datetime
    interval: timedelta
    elapsed_days: int | None
    retrievability: float
    fuzzed: bool = False


@lru_cache(maxsize=64)
def _scheduler(settings: SchedulerSettings) -> Scheduler:
    # Library fuzz stays off: ours is seeded (see _fuzz_days).
    return Scheduler(
        parameters=settings.parameters or DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


def _to_card(state: CardState, now: datetime) -> Card:
    return Card(
        card_id=state.card_id,
        state=_TO_FSRS[state.state],
        step=0 if state.state == "new" else state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or now,
        last_review=state.last_review,
    )


def _fuzz_days(days: int, *, card_id: int, reps: int, maximum: int) -> int:
    """Spread a review interval over Anki's fuzz range, reproducibly.

    The seed is (card id, review count after this review): the same review always gets the same
    interval, while siblings reviewed together drift apart. Intervals under 2.5 days are kept.
    """
    if days < 2.5:
        return days
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(days), end) - start, 0.0)
    high = min(round(days + delta), maximum)
    low = min(max(2, round(days - delta)), high)
    # A local generator, never the global one; not for security, hence S311 is irrelevant.
    rng = random.Random(f"retain-fuzz:{card_id}:{reps}")  # noqa: S311
    return rng.randint(low, high)


def review(
    state: CardState, rating: int, reviewed_at: datetime, settings: SchedulerSettings
) -> ReviewResult:
    """Apply ``rating`` (1 Again, 2 Hard, 3 Good, 4 Easy) at ``reviewed_at``.

    Returns the new state with ``reps`` + 1, ``lapses`` + 1 for Again on a review-state card, and
    ``due`` fuzzed (when ``settings.enable_fuzz``) for review-state outcomes. With fuzz off the
    result equals plain fsrs. Raises ``ValueError`` for a rating outside 1..4, a naive datetime,
    or a review earlier than the card's last review (replay the log with ``rebuild`` instead).
    """
    check_rating(rating)
    at = as_utc(reviewed_at, "reviewed_at")
    if state.last_review is not None and at < state.last_review:
        raise ValueError(
            f"review at {at.isoformat()} is earlier than the last review "
            f"{state.last_review.isoformat()}; rebuild the schedule from the log instead"
        )
    scheduler = _scheduler(settings)
    card = _to_card(state, at)
    recall = scheduler.get_card_retrievability(card, at) if state.state != "new" else 0.0
    new_card, _ = scheduler.review_card(card, Rating(rating), at)

    reps = state.reps + 1
    due = new_card.due
    fuzzed = False
    if settings.enable_fuzz and new_card.state == State.Review:
        days = (due - at).days
        fuzzed_days = _fuzz_days(
            days, card_id=state.card_id, reps=reps, maximum=settings.maximum_interval
        )
        fuzzed = fuzzed_days != days
        due = at + timedelta(days=fuzzed_days)

    after = CardState(
        card_id=state.card_id,
        state=_FROM_FSRS[new_card.state],
        step=new_card.step,
        stability=new_card.stability,
        difficulty=new_card.difficulty,
        due=due,
        last_review=at,
        reps=reps,
        lapses=state.lapses + (1 if state.state == "review" and rating == 1 else 0),
    )
    return ReviewResult(
        before=state,
        after=after,
        rating=rating,
        reviewed_at=at,
        interval=due - at,
        elapsed_days=(at - state.last_review).days if state.last_review else None,
        retrievability=float(recall),
        fuzzed=fuzzed,
    )


def preview(state: CardState, now: datetime, settings: SchedulerSettings) -> dict[int, timedelta]:
    """The interval each button (1..4) would give if pressed at ``now``, fuzz included.

    Same failures as ``review``.
    """
    return {rating: review(state, rating, now, settings).interval for rating in RATINGS}


def format_interval(interval: timedelta) -> str:
    """Anki-style short label: "<1m", "1m", "10m", "3h", "3d", "2mo", "1.5mo", "1.5y".

    Minutes, hours and days are whole; a month is 30 days and a year 365, with one decimal
    (".0" dropped). Raises ``ValueError`` for a negative interval.
    """
    seconds = interval.total_seconds()
    if seconds < 0:
        raise ValueError(f"an interval cannot be negative, got {interval}")
    if seconds < 30:
        return "<1m"
    for unit_seconds, suffix, limit in ((60, "m", 60), (3600, "h", 24)):
        value = round(seconds / unit_seconds)
        if value < limit:
            return f"{value}{suffix}"
    days = seconds / 86400
    if round(days) < 30:
        return f"{round(days)}d"
    if days < 365:
        return _one_decimal(days / 30) + "mo"
    return _one_decimal(days / 365) + "y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def rebuild(
    card_id: int, reviews: Iterable[tuple[object, ...]], settings: SchedulerSettings
) -> CardState:
    """Replay a card's review log from scratch and return the resulting state.

    ``reviews`` holds ``(rating, reviewed_at)`` or ``(review_id, rating, reviewed_at)`` tuples in
    any order. They are applied in ``reviewed_at`` order, ties broken by rating then by id, and a
    review id seen twice counts once (the first in that order), so any order or duplication of
    the same log gives the same state. Reviewing in order with ``review`` gives the same result.
    Raises ``ValueError`` for a malformed tuple, a bad rating or a naive datetime.
    """
    keyed: list[tuple[datetime, int, str | None]] = []
    for entry in reviews:
        *head, rating, reviewed_at = entry if 2 <= len(entry) <= 3 else (None, None)
        if not isinstance(reviewed_at, datetime):
            raise ValueError(f"expected (rating, reviewed_at) or (id, rating, at), got {entry!r}")
        check_rating(rating)
        review_id = str(head[0]) if head else None
        keyed.append((as_utc(reviewed_at, "reviewed_at"), cast(int, rating), review_id))
    keyed.sort(key=lambda key: (key[0], key[1], key[2] or ""))

    state, seen = CardState(card_id=card_id), set()
    for at, rating, review_id in keyed:
        if review_id is not None and review_id in seen:
            continue
        seen.add(review_id)
        state = review(state, rating, at, settings).after
    return state


def retrievability(state: CardState, now: datetime, settings: SchedulerSettings) -> float:
    """Predicted probability of recalling the card at ``now`` (FSRS forgetting curve).

    0.0 for a new card. Like fsrs, elapsed time counts in whole days, so it is 1.0 on the day of
    a review. Raises ``ValueError`` for a naive ``now``.
    """
    at = as_utc(now, "now")
    if state.state == "new":
        return 0.0
    return float(_scheduler(settings).get_card_retrievability(_to_card(state, at), at))
