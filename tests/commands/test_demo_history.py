"""The demo's simulated history: weeks of study and quizzes made by the real services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizzes.demo_history import demo_history_simulate
from quizzes.models import Attempt, AttemptState, CardSchedule, DeckLearner, Response, Review
from quizzes.progress.selectors.dashboard import dashboard_for
from quizzes.study.services.review_log import schedule_rebuild
from tests.progress.fixtures import add_students, build_bank

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def claims_bank(course, instructor):
    return build_bank(course, instructor)


def simulate(course, users, **options):
    return demo_history_simulate(course=course, users=users, now=NOW, **options)


def test_it_makes_weeks_of_reviews_and_quiz_attempts_in_the_past(claims_bank, course, student):
    report = simulate(course, [student], days=21)

    assert report.students == ["student"]
    assert report.reviews == Review.objects.filter(user=student).count() > 20
    reviewed = list(Review.objects.filter(user=student).values_list("reviewed_at", flat=True))
    assert min(reviewed) >= NOW - timedelta(days=21)
    assert max(reviewed) < NOW
    assert len({at.date() for at in reviewed}) >= 10  # spread over many days
    attempts = Attempt.objects.filter(user=student, quiz=claims_bank.quiz).order_by("number")
    assert [a.state for a in attempts] == [AttemptState.SUBMITTED, AttemptState.SUBMITTED]
    assert report.attempts == 2
    assert all(a.submitted_at < NOW for a in attempts)
    assert not Response.objects.filter(attempt__in=attempts, score__isnull=True).exists()


def test_the_schedules_it_leaves_are_what_the_review_log_gives(claims_bank, course, student):
    simulate(course, [student], days=14)
    schedules = list(CardSchedule.objects.filter(user=student, reps__gt=0))
    assert schedules
    for stored in schedules:
        rebuilt = schedule_rebuild(user_id=student.pk, card_id=stored.card_id)
        assert (rebuilt.state, rebuilt.reps, rebuilt.due, rebuilt.stability) == (
            stored.state,
            stored.reps,
            stored.due,
            pytest.approx(stored.stability),
        )


def test_a_student_who_already_has_history_is_left_alone(claims_bank, course, student):
    simulate(course, [student], days=7)
    reviews = Review.objects.count()
    again = simulate(course, [student], days=7)
    assert (again.students, again.skipped) == ([], ["student"])
    assert Review.objects.count() == reviews


def test_it_is_the_same_history_for_the_same_seed(claims_bank, course, student):
    def history():
        return list(
            Review.objects.filter(user=student)
            .order_by("reviewed_at")
            .values_list("card_id", "rating", "reviewed_at")
        )

    simulate(course, [student], days=10, seed=7)
    first = history()
    Attempt.objects.filter(user=student).delete()
    Review.objects.filter(user=student).delete()
    CardSchedule.objects.filter(user=student).delete()
    DeckLearner.objects.filter(user=student).delete()
    simulate(course, [student], days=10, seed=7)
    assert history() == first


def test_students_differ_and_their_dashboards_look_lived_in(claims_bank, course, student):
    other = add_students(course, 1)[0]
    simulate(course, [student, other], days=21)
    ratings = {
        user.pk: list(Review.objects.filter(user=user).values_list("rating", flat=True))
        for user in (student, other)
    }
    assert ratings[student.pk] != ratings[other.pk]
    dashboard = dashboard_for(student, course.pk, now=NOW)
    assert dashboard.summary.started == dashboard.summary.total
    assert dashboard.study.days_studied_in_year >= 10
    assert len(dashboard.study.quizzes) == 2


def test_it_refuses_less_than_a_day(course, student):
    with pytest.raises(ValueError, match="at least one day"):
        simulate(course, [student], days=0)
