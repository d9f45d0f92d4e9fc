"""The review log as the truth behind a schedule: replay a card's live reviews into its schedule
(after a late review, or ``manage.py rebuild_schedules``) and undo a learner's latest review."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.db.models import F, FilteredRelation, Q
from django.http import Http404
from django.utils import timezone

from quizzes.errors import ConflictError
from quizzes.models import CardSchedule, Review
from quizzes.study import learner_days, scheduling
from quizzes.study.fast import review_sql
from quizzes.study.selectors.next_cards import StudyContext
from quizzes.study.services.schedule_state import (
    FLAGS,
    FSRS_FIELDS,
    apply_state,
    leech_check,
    restore,
    schedule_context,
    snapshot,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from quizzes.study.fast.review_sql import ReadSchedule, ScheduleWithOptions


def replay_log(schedule: CardSchedule, context: StudyContext, lapses_before: int) -> bool:
    """Replay the card's live reviews in log order from a new card, rewrite each review's
    before/after snapshot and the schedule (flags kept). Returns True if it became a leech."""
    reviews = list(
        Review.objects.filter(
            user_id=schedule.user_id, card_id=schedule.card_id, undone_at__isnull=True
        )
    )
    reviews.sort(key=lambda r: (r.reviewed_at, r.rating, str(r.pk)))
    flags = {name: getattr(schedule, name) for name in FLAGS}
    state = scheduling.CardState(card_id=schedule.card_id)
    for review in reviews:
        apply_state(schedule, state)
        review.state_before = state.state
        review.schedule_before = snapshot(schedule)
        state = scheduling.review(state, review.rating, review.reviewed_at, context.settings).after
        apply_state(schedule, state)
        review.schedule_after = snapshot(schedule)
    Review.objects.bulk_update(reviews, ["state_before", "schedule_before", "schedule_after"])
    for name, value in flags.items():
        setattr(schedule, name, value)
    became_leech = leech_check(schedule, lapses_before, context)
    if became_leech and reviews:
        reviews[-1].schedule_after = snapshot(schedule)
        Review.objects.bulk_update(reviews[-1:], ["schedule_after"])
    schedule.save(update_fields=[*FSRS_FIELDS, "suspended", "leech"])
    return became_leech


@transaction.atomic
def schedule_rebuild(*, user_id: int, card_id: int) -> ScheduleWithOptions | None:
    """Replay one learner's schedule for one card from the log (``manage.py rebuild_schedules``).
    Suspension, leech and burial are kept. Returns the schedule, or None if there is none."""
    schedule = (
        CardSchedule.objects.select_for_update(of=("self",))
        .filter(user_id=user_id, card_id=card_id)
        .select_related("deck")
        .annotate(
            mine=FilteredRelation("deck__learners", condition=Q(deck__learners__user=user_id)),
            learner_options=F("mine__options"),
            time_zone=F("user__learner_profile__time_zone"),
            parameters=F("user__learner_profile__fsrs_parameters"),
        )
        .first()
    )
    if schedule is None:
        return None
    with_options = cast("ScheduleWithOptions", schedule)  # annotated with what the type names
    replay_log(with_options, schedule_context(with_options), schedule.lapses)
    return with_options


@transaction.atomic
def review_undo(*, user: User, review_id: uuid.UUID, now: datetime | None = None) -> Review:
    """Undo the learner's latest review of a card: the schedule goes back to what it was before
    it, siblings it buried come back. The review stays in the log, marked undone (so a late
    replay of it is not applied again). Undoing an undone review changes nothing.

    Raises ``Http404`` for another user's or an unknown review, and ``ConflictError`` (409) when
    a later review of the same card exists (undo that one first).
    """
    review = Review.objects.filter(pk=review_id, user=user).first()
    if review is None:
        raise Http404("No such review.")
    if review.undone_at is not None:
        return review
    schedule = review_sql.read_schedule(user.pk, review.card_id, lock=True)
    if schedule is None:
        raise Http404("No such card in your decks.")
    latest = (
        Review.objects.filter(user=user, card_id=review.card_id, undone_at__isnull=True)
        .order_by("-reviewed_at", "-rating", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest != review.pk:
        raise ConflictError("Only your latest review of this card can be undone.", field="id")
    restore(schedule, review.schedule_before)
    schedule.save(update_fields=[*FSRS_FIELDS, *FLAGS])
    review.undone_at = now or timezone.now()
    review.save(update_fields=["undone_at"])
    if schedule.has_siblings:
        _unbury_siblings(user, schedule, review, schedule_context(schedule))
    return review


def _unbury_siblings(
    user: User, schedule: ReadSchedule, review: Review, context: StudyContext
) -> None:
    """Lift the burial this review caused, unless another live review of the family that day
    still holds it."""
    until = learner_days.next_day_start(review.reviewed_at, context.time_zone)
    start = learner_days.day_start(
        learner_days.learner_day(review.reviewed_at, context.time_zone), context.time_zone
    )
    held = Review.objects.filter(
        user=user,
        card__sibling_key=schedule.sibling_key,
        reviewed_at__gte=start,
        reviewed_at__lt=until,
        undone_at__isnull=True,
    ).exists()
    if not held:
        CardSchedule.objects.filter(
            user=user, card__sibling_key=schedule.sibling_key, buried_until=until
        ).update(buried_until=None)
