"""Recording a review, idempotently (undo and rebuilds from the log: ``services.review_log``).

The review log is the truth. A review carries a client-generated UUID and is stored once: a replay
with the same payload gets the stored outcome, one with another payload a ``ReviewConflict``
(422). Reviews that arrive late (an offline queue) are slotted into the log by review time and the
card's schedule is replayed from the log, so the order reviews arrive in never matters.

Recording a review in order costs at most four queries: read the schedule (with its deck, the
learner's overrides and profile joined), insert the review (an id already taken inserts nothing,
and the stored review is looked up for the replay instead), update the schedule if it still holds
what was read, bury the siblings (only when some are not buried yet). The new schedule is worked
out between the read and the writes, outside any lock; if the schedule changed meanwhile, the
writes are rolled back and the review is recorded again with the schedule locked first.

A recorded review (not a replay) is announced as ``review-recorded`` (``quizzes.activity``) once
its transaction commits: grade passback and xAPI listen there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from quizzes.activity import activity_record
from quizzes.errors import CardWithdrawn, RetainError, ReviewConflict, StudyError
from quizzes.models import Card, CardSchedule, ItemStatus, Review, ScheduleState, Tag
from quizzes.study import learner_days, scheduling
from quizzes.study.fast import review_sql
from quizzes.study.selectors.decks import decks_for
from quizzes.study.selectors.next_cards import Buttons, StudyContext, buttons_at, card_state
from quizzes.study.services.decks import deck_enrol
from quizzes.study.services.review_log import replay_log
from quizzes.study.services.schedule_state import (
    WRITTEN,
    apply_state,
    leech_check,
    schedule_context,
    snapshot,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from quizzes.study.fast.review_sql import ReadSchedule

# A client clock may run a little ahead of ours; further ahead is a wrong clock, not a review.
MAX_CLOCK_AHEAD = timedelta(minutes=5)
# How far back a review may be dated. An offline queue (a phone on a trip) holds days of reviews,
# and late ones are slotted into the log by time; older than this is a wrong clock or a forged
# date, which would reschedule the card from a past that never happened (a 1970 review moved a
# card due in 2 days to 94).
MAX_REVIEW_AGE = timedelta(days=30)
MAX_DURATION_MS = 24 * 3600 * 1000
LEECH_TAG = "leech"


@dataclass(frozen=True)
class ReviewOutcome:
    """What recording a review did. ``created`` is False for a replay (the stored outcome).

    ``became_leech`` is True when this review suspended the card as a leech (tell the learner);
    ``buttons`` are the grade buttons for when the card comes back today (learning steps),
    else None.
    """

    review: Review
    created: bool
    became_leech: bool
    buttons: Buttons | None

    @property
    def after(self) -> dict[str, Any]:
        return self.review.schedule_after

    @property
    def message(self) -> str:
        if self.review.undone_at is not None:
            return "This review was undone."
        if self.became_leech:
            return (
                f"You have forgotten this card {self.after['lapses']} times: it is now a leech "
                "and suspended. Rewrite it in your own words or ask your instructor about it."
            )
        return ""


@dataclass(frozen=True)
class _Request:
    """A review as the learner sent it."""

    user: User
    card_id: int
    rating: int
    review_id: uuid.UUID
    reviewed_at: datetime
    duration_ms: int
    deck_id: int | None


def _check_payload(rating: int, reviewed_at: datetime, duration_ms: int, now: datetime) -> None:
    if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
        raise StudyError(
            "Grade the card 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).", field="rating"
        )
    if reviewed_at.tzinfo is None:
        raise StudyError("Give the review time with its time zone.", field="reviewed_at")
    if reviewed_at > now + MAX_CLOCK_AHEAD:
        raise StudyError(
            "The review time is in the future: check this device's clock.", field="reviewed_at"
        )
    if reviewed_at < now - MAX_REVIEW_AGE:
        raise StudyError(
            f"The review time is more than {MAX_REVIEW_AGE.days} days ago: reviews that old are "
            "not recorded (check this device's clock).",
            field="reviewed_at",
        )
    if not 0 <= duration_ms <= MAX_DURATION_MS:
        raise StudyError("The review duration must be 0 to 24 hours.", field="duration_ms")


def review_record(
    *,
    user: User,
    card_id: int,
    rating: int,
    review_id: uuid.UUID,
    reviewed_at: datetime,
    duration_ms: int = 0,
    deck_id: int | None = None,
    now: datetime | None = None,
) -> ReviewOutcome:
    """Record that ``user`` graded ``card_id`` with ``rating`` at ``reviewed_at``.

    Idempotent by ``review_id``: the same payload again returns the stored outcome
    (``created=False``); the same id with another payload raises ``ReviewConflict``. A review
    older than the card's last one is slotted in by time and the schedule replayed from the log.
    Siblings (cards of the same term or claim) are buried until the learner's next day; reaching
    the deck's leech threshold suspends the card. ``deck_id`` names the deck studied (for daily
    limits; default: the deck scheduling the card): it must be a deck the user may study that
    holds the card. Raises ``StudyError`` for a bad rating, time (in the future beyond
    ``MAX_CLOCK_AHEAD``, older than ``MAX_REVIEW_AGE``), duration or deck, ``CardWithdrawn`` for
    a card its instructor rejected or archived, and ``Http404`` for a card the user studies in
    no deck.
    """
    _check_payload(rating, reviewed_at, duration_ms, now or timezone.now())
    request = _Request(user, card_id, rating, review_id, reviewed_at, duration_ms, deck_id)
    # Worked out from a plain read, then written only if the schedule still holds what was read:
    # the lock (SQLite's one write lock, PostgreSQL's row lock) is held for the writes alone.
    # Anything else (the card changed meanwhile, the learner's first card of a deck, a review
    # older than the card's last one) goes the locked way.
    schedule = review_sql.read_schedule(user.pk, card_id, lock=False, deck_id=deck_id)
    if schedule is not None:
        _check_studied(schedule, request)
    if schedule is not None and _in_order(schedule, reviewed_at):
        planned = _plan(schedule, request)
        try:
            with transaction.atomic():
                if not review_sql.insert_review(planned.review):  # the id is taken
                    return _replay(request)
                if not review_sql.update_schedule(schedule, planned.changed, planned.read):
                    raise _Changed  # rolls the insert back
                _finish(planned, request)
        except _Changed:
            pass
        else:
            return planned.outcome()
    return _record_locked(request)


def review_record_batch(
    *, user: User, reviews: Iterable[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], ReviewOutcome | RetainError | Http404]]:
    """Record reviews sent together (an offline queue): each is ``review_record``'s arguments
    (``card_id``, ``rating``, ``review_id``, ``reviewed_at``, …). They are applied in review-time
    order, each on its own, so one refused leaves the others recorded. Returns, in that order,
    each review's arguments with its outcome or the error that refused it."""
    results: list[tuple[Mapping[str, Any], ReviewOutcome | RetainError | Http404]] = []
    for arguments in sorted(reviews, key=lambda review: review["reviewed_at"]):
        try:
            with transaction.atomic():
                outcome = review_record(user=user, **arguments)
        except (RetainError, Http404) as error:
            results.append((arguments, error))
        else:
            results.append((arguments, outcome))
    return results


class _Changed(Exception):
    """The schedule changed between the plain read and the write."""


def _not_your_deck(request: _Request) -> StudyError:
    # One message whether the deck does not exist, is another course's, is unpublished or does
    # not hold the card: the answer must not tell which decks exist.
    return StudyError(
        f"Deck {request.deck_id} is not a deck you study that holds card {request.card_id}.",
        field="deck",
    )


def _check_studied(schedule: ReadSchedule, request: _Request) -> None:
    """The card is still studied (approved) and the deck named, if any, is one the learner may
    study that holds it."""
    if schedule.card_status != ItemStatus.APPROVED:
        raise CardWithdrawn(
            "Your instructor has withdrawn this card from study: it cannot be reviewed.",
            field="card",
        )
    if request.deck_id is not None and not schedule.deck_studied:
        raise _not_your_deck(request)


def _in_order(schedule: CardSchedule, reviewed_at: datetime) -> bool:
    return schedule.last_review is None or reviewed_at > schedule.last_review


@dataclass
class _Planned:
    """A review worked out against one read of the card's schedule."""

    schedule: ReadSchedule  # as it will be after the review (for one in order)
    context: StudyContext
    review: Review
    read: dict[str, Any]  # what the schedule held before
    changed: tuple[str, ...] = ()  # the columns the review changes (one in order)
    became_leech: bool = False

    def outcome(self) -> ReviewOutcome:
        return ReviewOutcome(
            review=self.review,
            created=True,
            became_leech=self.became_leech,
            buttons=_comeback_buttons(self.schedule, self.context),
        )


def _plan(schedule: ReadSchedule, request: _Request) -> _Planned:
    """The review row and, for a review in order, the new schedule (applied to ``schedule``)."""
    context = schedule_context(schedule)
    review = Review(
        id=request.review_id,
        user=request.user,
        card_id=request.card_id,
        deck_id=request.deck_id or schedule.deck_id,
        rating=request.rating,
        reviewed_at=request.reviewed_at,
        duration_ms=request.duration_ms,
        state_before=schedule.state,
        schedule_before=snapshot(schedule),
    )
    read = {name: getattr(schedule, name) for name in WRITTEN}
    planned = _Planned(schedule=schedule, context=context, review=review, read=read)
    if not _in_order(schedule, request.reviewed_at):
        review.schedule_after = {}  # filled in by the replay of the log
        return planned
    result = scheduling.review(
        card_state(schedule), request.rating, request.reviewed_at, context.settings
    )
    apply_state(schedule, result.after)
    planned.became_leech = leech_check(schedule, read["lapses"], context)
    review.schedule_after = snapshot(schedule)
    # Only the columns that changed: SQLite rewrites each index holding a column it sets.
    planned.changed = tuple(name for name in WRITTEN if getattr(schedule, name) != read[name])
    return planned


def _finish(planned: _Planned, request: _Request) -> None:
    """What follows a recorded review: siblings buried, a new leech tagged, the card shown, and
    the review announced to the activity listeners (grade passback, xAPI) once it commits."""
    schedule = planned.schedule
    activity_record(
        kind="review-recorded",
        user_id=request.user.pk,
        course_id=schedule.card_course_id,
        object_id=request.review_id,
        at=request.reviewed_at,
        card_id=request.card_id,
        deck_id=planned.review.deck_id,
        rating=request.rating,
    )
    if schedule.has_siblings:
        _bury_siblings(request.user, schedule, request.reviewed_at, planned.context)
    if planned.became_leech:
        _tag_leech(schedule)
    if schedule.card_shown_at is None:
        review_sql.mark_card_shown(schedule.card_id, request.reviewed_at)


def _record_locked(request: _Request) -> ReviewOutcome:
    """``review_record`` with the schedule locked first (enrolling the learner if needed)."""
    with transaction.atomic():
        schedule = review_sql.read_schedule(
            request.user.pk, request.card_id, lock=True, deck_id=request.deck_id
        ) or _enrolled_schedule(request)
        if schedule is None:
            raise Http404("No such card in your decks.")
        _check_studied(schedule, request)
        in_order = _in_order(schedule, request.reviewed_at)
        planned = _plan(schedule, request)
        if not review_sql.insert_review(planned.review):  # the id is taken: nothing written yet
            return _replay(request)
        if in_order:
            review_sql.update_schedule(schedule, planned.changed)
        else:
            planned.became_leech = replay_log(schedule, planned.context, planned.read["lapses"])
            planned.review.refresh_from_db(
                fields=["state_before", "schedule_before", "schedule_after"]
            )
        _finish(planned, request)
    return planned.outcome()


def _enrolled_schedule(request: _Request) -> ReadSchedule | None:
    """Enrol the learner in a deck holding the card (the deck named, if one is) and lock the
    schedule. None when no deck the learner may study holds the card."""
    decks = decks_for(request.user).filter(deck_cards__card_id=request.card_id)
    if request.deck_id is not None:
        decks = decks.filter(pk=request.deck_id)
    deck = decks.order_by("pk").first()
    if deck is None:
        if request.deck_id is not None:
            raise _not_your_deck(request)
        return None
    deck_enrol(deck=deck, user=request.user)
    return review_sql.read_schedule(
        request.user.pk, request.card_id, lock=True, deck_id=request.deck_id
    )


def _replay(request: _Request) -> ReviewOutcome:
    """The stored outcome of a review sent again; ``ReviewConflict`` if the id was used for
    another review (or by another learner)."""
    existing = review_sql.find_review(request.review_id)
    if existing is None or existing.user_id != request.user.pk:
        raise ReviewConflict(
            "This review id is already taken. Generate a new id for each review.", field="id"
        )
    sent = (request.card_id, request.rating, request.reviewed_at, request.duration_ms)
    if (existing.card_id, existing.rating, existing.reviewed_at, existing.duration_ms) != sent:
        raise ReviewConflict(
            f"Review {existing.pk} was already recorded with other values (card "
            f"{existing.card_id}, rating {existing.rating}, at "
            f"{existing.reviewed_at.isoformat()}). Generate a new id for a new review.",
            field="id",
        )
    became_leech = bool(existing.schedule_after.get("leech")) and not bool(
        existing.schedule_before.get("leech")
    )
    return ReviewOutcome(review=existing, created=False, became_leech=became_leech, buttons=None)


def _tag_leech(schedule: CardSchedule) -> None:
    # The bank card carries the tag too, so instructors see which cards learners struggle with.
    card = Card.objects.only("course_id").get(pk=schedule.card_id)
    tag, _ = Tag.objects.get_or_create(course_id=card.course_id, name=LEECH_TAG)
    card.tags.add(tag)


def _bury_siblings(
    user: User, schedule: ReadSchedule, reviewed_at: datetime, context: StudyContext
) -> None:
    until = learner_days.next_day_start(reviewed_at, context.time_zone)
    buried = schedule.siblings_buried_until
    if buried is None or buried < until:  # else an earlier review today buried them all
        review_sql.bury_siblings(user.pk, schedule.card_id, schedule.sibling_key, until)


def _comeback_buttons(schedule: CardSchedule, context: StudyContext) -> Buttons | None:
    """The grade buttons for when a (re)learning card comes back the same day, so a client that
    shows it again needs no round trip."""
    if schedule.suspended or schedule.state not in (
        ScheduleState.LEARNING,
        ScheduleState.RELEARNING,
    ):
        return None
    if (
        schedule.due is None
        or schedule.last_review is None
        or schedule.due >= learner_days.next_day_start(schedule.last_review, context.time_zone)
    ):
        return None
    return buttons_at(card_state(schedule), schedule.due, context.settings)
