"""Counts for a deck's page, for one learner: today's standing (due, learning, new left, suspended,
leeches) and how many cards fall due on each of the next 30 days, by the learner's day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone

from quizzes.models import CardSchedule, DeckCard, ItemStatus, Review, ScheduleState
from quizzes.study import learner_days
from quizzes.study.selectors.next_cards import StudyContext, day_bounds, study_context

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FORECAST_DAYS = 30
LEARNING = (ScheduleState.LEARNING, ScheduleState.RELEARNING)


@dataclass(frozen=True)
class DeckProgress:
    """One learner's standing in a deck today."""

    due_today: int
    learning: int
    new_available: int
    new_left: int
    reviews_left: int
    suspended: int
    leeches: int
    total: int
    day_ends_at: datetime


def deck_progress(
    user: User, context: StudyContext, *, now: datetime | None = None
) -> DeckProgress:
    """Counts for the deck page: due today, learning, new cards left today, suspended, leeches."""
    now = now or timezone.now()
    deck, options = context.deck, context.options
    _day, day_start, day_end = day_bounds(now, context.days)
    done = Review.objects.filter(
        user=user, deck_id=deck.pk, reviewed_at__gte=day_start, undone_at__isnull=True
    ).aggregate(
        new=Count("pk", filter=Q(state_before=ScheduleState.NEW)),
        reviews=Count("pk", filter=Q(state_before=ScheduleState.REVIEW)),
    )
    live = Q(suspended=False) & ~Q(buried_until__gt=now)
    counts = CardSchedule.objects.filter(
        user=user,
        card__status=ItemStatus.APPROVED,
        card_id__in=DeckCard.objects.filter(deck=deck).values("card_id"),
    ).aggregate(
        n_due=Count("pk", filter=live & Q(state=ScheduleState.REVIEW, due__lt=day_end)),
        n_learning=Count("pk", filter=live & Q(state__in=LEARNING, due__lt=day_end)),
        n_new=Count("pk", filter=live & Q(state=ScheduleState.NEW)),
        n_suspended=Count("pk", filter=Q(suspended=True)),
        n_leeches=Count("pk", filter=Q(leech=True)),
        n_total=Count("pk"),
    )
    new_left = max(0, options.new_per_day - done["new"])
    reviews_left = max(0, options.reviews_per_day - done["reviews"])
    return DeckProgress(
        due_today=min(counts["n_due"], reviews_left),
        learning=counts["n_learning"],
        new_available=counts["n_new"],
        new_left=min(counts["n_new"], new_left),
        reviews_left=reviews_left,
        suspended=counts["n_suspended"],
        leeches=counts["n_leeches"],
        total=counts["n_total"],
        day_ends_at=day_end,
    )


def cards_set_aside(
    user: User, deck_id: int, card_ids: list[int], *, now: datetime | None = None
) -> list[int]:
    """Which of ``card_ids`` (cards a study session holds) the learner may no longer study now:
    suspended, buried (a sibling was graded today) or gone from the deck. One query."""
    if not card_ids:
        return []
    now = now or timezone.now()
    live = CardSchedule.objects.filter(
        user=user,
        card_id__in=DeckCard.objects.filter(deck_id=deck_id, card_id__in=card_ids).values(
            "card_id"
        ),
        card__status=ItemStatus.APPROVED,
        suspended=False,
    ).exclude(buried_until__gt=now)
    return sorted(set(card_ids) - set(live.values_list("card_id", flat=True)))


@dataclass(frozen=True)
class ForecastDay:
    day: date
    due: int


def forecast(
    user: User, deck_id: int, *, days: int = FORECAST_DAYS, now: datetime | None = None
) -> list[ForecastDay]:
    """How many of the deck's cards fall due on each of the learner's next ``days`` days (today
    first; overdue cards count today). New cards are not counted. Two queries."""
    now = now or timezone.now()
    context = study_context(user, deck_id)
    today = learner_days.learner_day(now, context.time_zone)
    end = learner_days.day_start(today + timedelta(days=days), context.time_zone)
    dues = CardSchedule.objects.filter(
        user=user,
        suspended=False,
        card__status=ItemStatus.APPROVED,
        card_id__in=DeckCard.objects.filter(deck=context.deck).values("card_id"),
        due__lt=end,
    ).exclude(state=ScheduleState.NEW)
    counts = dict.fromkeys(range(days), 0)
    for due in dues.values_list("due", flat=True):
        if due is None:  # a new card's; the filter on due leaves none
            continue
        offset = (learner_days.learner_day(due, context.time_zone) - today).days
        counts[max(0, offset)] += 1
    return [ForecastDay(day=today + timedelta(days=i), due=counts[i]) for i in range(days)]
