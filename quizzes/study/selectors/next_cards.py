"""Reads for studying a deck: its context for one learner, what to show next (with the four button
intervals) and today's counts; the deck page's counts and forecast are ``selectors.deck_counts``.
Scoped like ``selectors.decks``: a deck the user may not study is 404.

Query budget: ``next_cards`` makes at most three queries whatever the deck size (the context,
today's counts, the cards; two when today's counts ride along with the context), each served by an
index: (user, reviewed_at) for the counts, (user, state, due, card) and (user, state, position) for
the cards. They are hand-written SQL (``fast.next_cards_sql``): they run on every card fetch.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from quizzes.models import CardSchedule, Deck, Role
from quizzes.study import learner_days, scheduling
from quizzes.study.deck_options import DeckOptions
from quizzes.study.fast import next_cards_sql as study_sql

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Learning cards due this soon are shown when nothing else is left (Anki's "learn ahead limit").
LEARN_AHEAD = timedelta(minutes=20)
DEFAULT_LIMIT = 10
MAX_LIMIT = 100


@dataclass(frozen=True)
class StudyContext:
    """A deck as one learner studies it: merged options, FSRS settings, their day's time zone."""

    deck: Deck
    role: str
    options: DeckOptions
    settings: scheduling.SchedulerSettings
    time_zone: str
    time_zone_set: bool
    days: learner_days.DayZone  # the zone of the learner's days, as the daily limits count them
    enrolled: bool
    next_due: datetime | None
    overrides: dict[str, Any] | None = None  # the learner's own options (None: the defaults)


@dataclass(frozen=True)
class Buttons:
    """What each grade (1 Again … 4 Easy) would do if given now: the interval, its label as the
    button shows it ("10m", "3d") and its whole seconds."""

    intervals: dict[int, timedelta]
    labels: dict[int, str]
    seconds: dict[int, int]


@dataclass(slots=True)  # not frozen: built for every card of every fetch, and frozen is slower
class StudyCard:
    """A card to show, with what each button (1 Again … 4 Easy) would do if pressed now."""

    card_id: int
    kind: str
    front: str
    back: str
    extra: str
    evidence_text: str
    evidence_start: int
    evidence_end: int
    source_id: int | None
    source_title: str
    state: str
    due: datetime | None
    reps: int
    lapses: int
    buttons: Buttons

    @property
    def intervals(self) -> dict[int, timedelta]:
        return self.buttons.intervals

    @property
    def labels(self) -> dict[int, str]:
        return self.buttons.labels


@dataclass(frozen=True)
class StudyBatch:
    context: StudyContext
    cards: list[StudyCard]
    now: datetime
    day: date
    day_ends_at: datetime
    new_today: int
    reviews_today: int
    new_left: int
    reviews_left: int
    counts: dict[str, int] = field(default_factory=dict)


def study_context(user: User, deck_id: int) -> StudyContext:
    """The deck with the user's options, FSRS parameters and time zone, in one query; Http404
    when the user may not study it (not a member, or a student and the deck is unpublished)."""
    return _study_context(user, deck_id)[0]


def _study_context(
    user: User, deck_id: int, done_since: datetime | None = None
) -> tuple[StudyContext, tuple[int, int] | None]:
    """``study_context``, and with ``done_since`` what ``study_sql.done_today`` counts since then,
    in the same query."""
    row = study_sql.context_row(user.pk, deck_id, done_since)
    if row is None:
        raise Http404("No such deck.")
    context = context_from(
        row["deck"],
        overrides=row["overrides"],
        parameters=row["parameters"],
        time_zone=row["time_zone"],
        day_zone=row["day_zone"],
        day_zone_until=row["day_zone_until"],
        enrolled=row["enrolled"],
        next_due=row["next_due"],
        role=row["role"],
    )
    return context, row["done"]


def context_from(
    deck: Deck | None,
    *,
    overrides: dict | None,
    parameters: list[float] | None,
    time_zone: str | None,
    day_zone: str = "",
    day_zone_until: datetime | None = None,
    enrolled: bool = True,
    next_due: datetime | None = None,
    role: str = Role.STUDENT,
) -> StudyContext:
    """Build a ``StudyContext`` from values already loaded (services use it inside a lock)."""
    defaults = {} if deck is None else vars(deck)
    options = DeckOptions.merged(defaults, overrides)
    return StudyContext(
        deck=deck,  # type: ignore[arg-type]
        role=role,
        overrides=overrides,
        options=options,
        # RETAIN_STUDY_FUZZ off (tests only) gives the plain FSRS intervals of the golden vector.
        settings=options.scheduler_settings(
            parameters, fuzz=getattr(settings, "RETAIN_STUDY_FUZZ", True)
        ),
        time_zone=time_zone or settings.TIME_ZONE,
        time_zone_set=bool(time_zone),
        days=learner_days.DayZone(time_zone or settings.TIME_ZONE, day_zone, day_zone_until),
        enrolled=enrolled,
        next_due=next_due,
    )


def card_state(schedule: CardSchedule) -> scheduling.CardState:
    """The FSRS state of a stored schedule."""
    return scheduling.CardState(schedule.card_id, *_schedule_state(schedule))


_schedule_state = operator.attrgetter(*scheduling.STATE_FIELDS)


def intervals_at(
    state: scheduling.CardState, now: datetime, settings_: scheduling.SchedulerSettings
) -> dict[int, timedelta]:
    """The four button intervals for a card graded at ``now`` (never before its last review:
    a client clock a little ahead may have recorded one in our future)."""
    return buttons_at(state, now, settings_).intervals


def buttons_at(
    state: scheduling.CardState, now: datetime, settings_: scheduling.SchedulerSettings
) -> Buttons:
    """``intervals_at`` with the labels and seconds the buttons show."""
    return _buttons(state, _elapsed_days(state.last_review, now), settings_)


def _elapsed_days(last_review: datetime | None, now: datetime) -> int:
    return -1 if last_review is None else max(0, (now - last_review).days)


@lru_cache(maxsize=8192)
def _buttons(
    state: scheduling.CardState, elapsed_days: int, settings_: scheduling.SchedulerSettings
) -> Buttons:
    # FSRS's intervals depend on "now" only through the whole days elapsed since the last
    # review (learning steps are fixed durations; fuzz is seeded by card and review count), so
    # the previews of one state on one day are computed once per process.
    if state.last_review is None:
        at = state.due or _EPOCH
    else:
        at = state.last_review + timedelta(days=elapsed_days)
    intervals = scheduling.preview(state, at, settings_)
    return Buttons(
        intervals=intervals,
        labels={rating: scheduling.format_interval(i) for rating, i in intervals.items()},
        seconds={rating: round(i.total_seconds()) for rating, i in intervals.items()},
    )


@lru_cache(maxsize=8192)
def _row_buttons(
    row_state: tuple[Any, ...], elapsed_days: int, settings_: scheduling.SchedulerSettings
) -> Buttons:
    # Keyed by the stored values, so a card seen again skips building (and checking) its state.
    state = scheduling.CardState(**dict(zip(_ROW_STATE, row_state, strict=True)))
    return _buttons(state, elapsed_days, settings_)


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

# Learner id → the zone of their days their last next-cards call found (a guess, always checked).
_TIME_ZONES: dict[int, learner_days.DayZone] = {}
_TIME_ZONES_KEPT = 100_000


def day_bounds(now: datetime, days: learner_days.DayZone) -> tuple[date, datetime, datetime]:
    """The learner's day at ``now`` (its date, start and end), as the daily limits count it."""
    return days.bounds(now)


def next_cards(
    user: User,
    deck_id: int,
    *,
    limit: int = DEFAULT_LIMIT,
    exclude: tuple[int, ...] | list[int] = (),
    now: datetime | None = None,
) -> StudyBatch:
    """The next cards to study in a deck, in order: learning cards that are due, reviews due today
    (up to the daily review limit), new cards (up to the daily new limit), then learning cards due
    within ``LEARN_AHEAD``. Suspended and buried cards are left out, and so are ``exclude`` (cards
    the client already holds or has graded but not yet synced). "Today" is the learner's day,
    from 04:00 in their time zone. At most three queries; Http404 for a deck the user may not
    study.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    now = now or timezone.now()
    # Today's counts need the learner's day, so their time zone, which the context query reads.
    # The zone this process saw last for the learner is almost always still theirs: count from
    # that day's start in the same query, and count again only if the zone turned out different.
    guess = _TIME_ZONES.get(user.pk)
    bounds = day_bounds(now, guess) if guess is not None else None
    context, done = _study_context(user, deck_id, bounds[1] if bounds else None)
    deck, options = context.deck, context.options
    if done is None or bounds is None or guess != context.days:
        bounds = day_bounds(now, context.days)
        done = study_sql.done_today(user.pk, deck.pk, bounds[1])
        if len(_TIME_ZONES) >= _TIME_ZONES_KEPT:
            _TIME_ZONES.clear()
        _TIME_ZONES[user.pk] = context.days
    day, _day_start, day_end = bounds
    new_done, reviews_done = done
    new_left = max(0, options.new_per_day - new_done)
    reviews_left = max(0, options.reviews_per_day - reviews_done)
    rows = study_sql.candidates(
        user_id=user.pk,
        deck_id=deck.pk,
        now=now,
        learn_ahead_until=now + LEARN_AHEAD,
        day_end=day_end,
        reviews_left=reviews_left,
        new_left=new_left,
        exclude=[int(card_id) for card_id in exclude],
        limit=limit,
    )
    return StudyBatch(
        context=context,
        cards=[_study_card(row, now, context) for row in rows],
        now=now,
        day=day,
        day_ends_at=day_end,
        new_today=new_done,
        reviews_today=reviews_done,
        new_left=new_left,
        reviews_left=reviews_left,
    )


_ROW_STATE = ("card_id", *scheduling.STATE_FIELDS)
_row_state = operator.itemgetter(*_ROW_STATE)


def _study_card(row: dict[str, Any], now: datetime, context: StudyContext) -> StudyCard:
    row_state = _row_state(row)
    buttons = _row_buttons(row_state, _elapsed_days(row["last_review"], now), context.settings)
    return StudyCard(
        card_id=row["card_id"],
        kind=row["kind"],
        front=row["front"],
        back=row["back"],
        extra=row["extra"],
        evidence_text=row["evidence_text"],
        evidence_start=row["evidence_start"],
        evidence_end=row["evidence_end"],
        source_id=row["source_id"],
        source_title=row["source_title"] or "",
        state=row["state"],
        due=row["due"],
        reps=row["reps"],
        lapses=row["lapses"],
        buttons=buttons,
    )
