"""A learner's study record: due today, forecast, calendar and streak by their 04:00 day, true
retention, quiz history — in two time zones around the day boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from quizzes.models import CardSchedule, LearnerProfile, Review, ScheduleState
from quizzes.progress.selectors.study_record import streak, study_record
from quizzes.study.services.review_log import review_undo
from tests.progress.conftest import NOW
from tests.progress.fixtures import review, take_quiz

pytestmark = pytest.mark.django_db


def record(course, user, *, zone="UTC", now=NOW):
    return study_record(course.pk, user.pk, time_zone=zone, now=now)


def studied(claims_bank, student, at):
    """One card graded Good at ``at``: a new card becomes a learning card (due in 10 minutes)."""
    card = next(iter(claims_bank.cards.values()))
    return review(student, card, 3, at, claims_bank.deck)


@pytest.mark.parametrize(
    ("zone", "now", "due_today", "due_tomorrow"),
    [
        # New York, 10 March 2026 at 20:00 local (UTC-4): the day ends at 04:00 on the 11th local.
        (
            "America/New_York",
            datetime(2026, 3, 11, 0, 0, tzinfo=UTC),
            datetime(2026, 3, 11, 7, 59, tzinfo=UTC),
            datetime(2026, 3, 11, 8, 1, tzinfo=UTC),
        ),
        # Tokyo, 11 March 2026 at 02:00 local (UTC+9): still the 10th's day until 04:00.
        (
            "Asia/Tokyo",
            datetime(2026, 3, 10, 17, 0, tzinfo=UTC),
            datetime(2026, 3, 10, 18, 59, tzinfo=UTC),
            datetime(2026, 3, 10, 19, 1, tzinfo=UTC),
        ),
    ],
)
def test_cards_due_today_count_until_04_00_in_the_learners_time_zone(
    claims_bank, course, student, zone, now, due_today, due_tomorrow
):
    cards = list(claims_bank.cards.values())
    for card in cards[:2]:
        review(student, card, 4, now - timedelta(days=3), claims_bank.deck)  # Easy: a review card
    first, second = CardSchedule.objects.filter(user=student, state=ScheduleState.REVIEW)
    CardSchedule.objects.filter(pk=first.pk).update(due=due_today)
    CardSchedule.objects.filter(pk=second.pk).update(due=due_tomorrow)

    result = record(course, student, zone=zone, now=now)
    assert result.due_today == 1
    assert [day.due for day in result.forecast[:2]] == [1, 1]
    assert result.new_waiting == len(cards) - 2


def test_the_forecast_covers_30_days_from_today_and_counts_overdue_cards_today(
    claims_bank, course, student
):
    cards = list(claims_bank.cards.values())
    for card in cards[:3]:
        review(student, card, 4, NOW - timedelta(days=20), claims_bank.deck)
    a, b, c = CardSchedule.objects.filter(user=student, state=ScheduleState.REVIEW)
    CardSchedule.objects.filter(pk=a.pk).update(due=NOW - timedelta(days=5))  # overdue
    CardSchedule.objects.filter(pk=b.pk).update(due=NOW + timedelta(days=6))
    CardSchedule.objects.filter(pk=c.pk).update(due=NOW + timedelta(days=45))  # beyond
    CardSchedule.objects.filter(user=student, card=cards[3]).update(suspended=True)

    forecast = record(course, student).forecast
    assert len(forecast) == 30
    assert forecast[0].day == date(2026, 3, 10)
    assert {day.day: day.due for day in forecast if day.due} == {
        date(2026, 3, 10): 1,
        date(2026, 3, 16): 1,
    }


def test_a_review_before_04_00_counts_for_the_day_before(claims_bank, course, student):
    LearnerProfile.objects.create(user=student, time_zone="Europe/Paris")
    studied(claims_bank, student, datetime(2026, 3, 9, 2, 30, tzinfo=UTC))  # 03:30 in Paris
    calendar = record(course, student, zone="Europe/Paris").calendar
    assert list(calendar) == [date(2026, 3, 8)]
    assert calendar[date(2026, 3, 8)].reviews == 1


def test_the_calendar_counts_reviews_and_answered_questions_for_a_year(
    claims_bank, course, student
):
    studied(claims_bank, student, NOW - timedelta(days=400))  # out of the year
    studied(claims_bank, student, NOW - timedelta(days=2))
    take_quiz(claims_bank.quiz, student, at=NOW - timedelta(days=1))
    result = record(course, student)
    assert result.calendar_start == date(2025, 3, 11)
    assert {day: (a.reviews, a.answers) for day, a in result.calendar.items()} == {
        date(2026, 3, 8): (1, 0),
        date(2026, 3, 9): (0, 5),
    }
    assert result.days_studied_in_year == 2


def test_undone_reviews_do_not_count(claims_bank, course, student):
    outcome = studied(claims_bank, student, NOW - timedelta(hours=1))
    review_undo(user=student, review_id=outcome.review.pk, now=NOW)
    assert record(course, student).calendar == {}


def test_the_streak_counts_consecutive_study_days_up_to_today():
    today = date(2026, 3, 10)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 4)}
    assert streak(days, today) == 3
    # Not yet studied today: yesterday's streak still stands until the day is over.
    assert streak(days - {today}, today) == 2
    assert streak({today - timedelta(days=2)}, today) == 0
    assert streak(set(), today) == 0


def test_the_streak_follows_the_learners_days(claims_bank, course, student):
    for day in (3, 2, 1):
        studied(claims_bank, student, NOW - timedelta(days=day))
    result = record(course, student)
    assert (result.streak, result.studied_today) == (3, False)
    assert result.last_active == NOW - timedelta(days=1)


def test_true_retention_is_the_share_of_review_cards_not_failed_in_30_days(
    claims_bank, course, student
):
    cards = list(claims_bank.cards.values())
    for card in cards[:4]:
        review(student, card, 4, NOW - timedelta(days=60), claims_bank.deck)  # new → review state
    for card, rating, days in ((cards[0], 3, 5), (cards[1], 1, 4), (cards[2], 2, 3)):
        review(student, card, rating, NOW - timedelta(days=days), claims_bank.deck)
    review(student, cards[3], 3, NOW - timedelta(days=40), claims_bank.deck)  # too long ago

    retention = record(course, student).retention
    assert (retention.reviews, retention.passed) == (3, 2)  # the first reviews were of new cards
    assert retention.rate == pytest.approx(2 / 3)
    assert Review.objects.filter(user=student).count() == 8


def test_quiz_history_hides_the_score_while_the_review_policy_does(claims_bank, course, student):
    take_quiz(claims_bank.quiz, student, at=NOW - timedelta(days=2))
    shown = record(course, student).quizzes
    assert [(q.quiz_title, q.number, q.percent, q.answered) for q in shown] == [
        ("Six claims quiz", 1, 100.0, 5)
    ]
    claims_bank.quiz.review_after_submit_score = False
    claims_bank.quiz.save()
    assert record(course, student).quizzes[0].percent is None
