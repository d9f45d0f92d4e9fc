"""What goes to the LMS gradebook, and how sending it is going.

A placement's score is a percentage (the line item's scoreMaximum is 100):

* a quiz: the student's grade by the quiz's grading method (``quiz_grade``), once an attempt is
  submitted;
* a deck graded on **mastery**: the share of the deck's key claims the student has mastered
  (``quizzes.progress`` weighs quiz answers and card memory), among the claims its approved cards
  test;
* a deck graded on **reviews**: reviews of the deck's cards made by the due date, against the
  number expected (100 once reached).

Scores are rounded to two decimals, so the same performance always gives the same value and an
unchanged score is recognised as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet

from quizzes.models import (
    Card,
    Course,
    DeckRule,
    LtiGradeSync,
    LtiPlacement,
    PlacementKind,
    Review,
)
from quizzes.progress.selectors.evidence import course_topics, mastery_table
from quizzes.quiz.selectors.quizzes import quiz_grade


@dataclass(frozen=True)
class PlacementScore:
    percent: float
    completed: bool  # AGS activityProgress: Completed, else InProgress


def placement_score(placement: LtiPlacement, user: User, *, now: datetime) -> PlacementScore | None:
    """The score ``user`` has earned on ``placement`` now, or None (nothing to send yet)."""
    if placement.kind == PlacementKind.QUIZ and placement.quiz is not None:
        grade = quiz_grade(placement.quiz, user)
        return None if grade is None else PlacementScore(round(grade, 2), completed=True)
    if placement.kind == PlacementKind.DECK and placement.deck_id is not None:
        if placement.deck_rule == DeckRule.REVIEWS:
            return _reviews_score(placement, user)
        return _mastery_score(placement, user, now=now)
    return None


def _deck_cards(placement: LtiPlacement) -> QuerySet[Card]:
    return Card.objects.filter(deck_links__deck_id=placement.deck_id or 0)


def _reviews_score(placement: LtiPlacement, user: User) -> PlacementScore | None:
    target = placement.reviews_target or 0
    if target < 1 or placement.reviews_due_at is None:
        return None
    done = Review.objects.filter(
        user=user,
        card__in=_deck_cards(placement),
        reviewed_at__lte=placement.reviews_due_at,
        undone_at__isnull=True,
    ).count()
    share = min(done, target) / target
    return PlacementScore(round(100 * share, 2), completed=done >= target)


def _mastery_score(placement: LtiPlacement, user: User, *, now: datetime) -> PlacementScore | None:
    course: Course = placement.course
    claim_ids = set(
        _deck_cards(placement).filter(claim__isnull=False).values_list("claim_id", flat=True)
    )
    topics = [t for t in course_topics(course) if t.kind == "claim" and t.id in claim_ids]
    if not topics:
        return None
    table = mastery_table(course, [user.pk], now=now, topics=topics)
    mastered = sum(1 for item in table[user.pk].values() if item.state == "mastered")
    return PlacementScore(round(100 * mastered / len(topics), 2), completed=mastered == len(topics))


def grade_syncs(course: Course) -> QuerySet[LtiGradeSync]:
    """Every student's gradebook sync in the course, for the instructor's status table."""
    return (
        LtiGradeSync.objects.filter(placement__course=course)
        .select_related("user", "placement", "line_item")
        .order_by("placement__title", "user__last_name", "user__first_name", "user__username")
    )
