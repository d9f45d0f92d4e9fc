"""The learner's study profile: their time zone, and FSRS fitted to their own reviews."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from quizzes.errors import StudyError
from quizzes.models import Card, CardSchedule, ItemStatus, LearnerProfile, Review
from quizzes.study import fitting
from quizzes.study.selectors.next_cards import study_context
from quizzes.study.services.decks import deck_add_cards
from quizzes.study.services.profile import (
    fit_message,
    learner_optimise,
    learner_optimise_if_due,
    profile_set_time_zone,
)
from tests.study.reviewing import grade

START = datetime(2025, 1, 6, 9, tzinfo=UTC)


def test_the_browsers_time_zone_is_the_default_and_the_learners_choice_wins(student):
    profile_set_time_zone(user=student, time_zone="Asia/Tokyo", only_if_unset=True)
    assert LearnerProfile.objects.get(user=student).time_zone == "Asia/Tokyo"
    profile_set_time_zone(user=student, time_zone="Europe/Paris")
    profile_set_time_zone(user=student, time_zone="America/Chicago", only_if_unset=True)
    assert LearnerProfile.objects.get(user=student).time_zone == "Europe/Paris"


def test_an_unknown_time_zone_is_refused(student):
    with pytest.raises(StudyError, match="not a time zone") as error:
        profile_set_time_zone(user=student, time_zone="Mars/Olympus")
    assert error.value.field == "time_zone"


def test_below_the_librarys_threshold_the_defaults_stay(enrolled, student, approved_cards):
    grade(student, approved_cards[4], 3, START)
    assert not learner_optimise_if_due(user=student)
    profile = learner_optimise(user_id=student.pk)
    assert profile.fsrs_parameters is None
    assert profile.fit_report["status"] == "waiting"
    assert "after 512 reviews" in fit_message(profile.fit_report)


def simulate_reviews(student, cards, count: int) -> None:
    """A plausible review history: each card reviewed when due, forgotten now and then."""
    rng = random.Random(7)
    rows, at = [], {card.pk: START for card in cards}
    stability = dict.fromkeys(at, 1.0)
    while len(rows) < count:
        card = rng.choice(cards)
        recalled = rng.random() < 0.88
        rating = rng.choice([2, 3, 3, 3, 4]) if recalled else 1
        rows.append(
            Review(
                id=uuid.uuid4(),
                user=student,
                card=card,
                rating=rating,
                reviewed_at=at[card.pk],
                state_before="review",
                schedule_before={},
                schedule_after={},
            )
        )
        stability[card.pk] = min(stability[card.pk] * 2.2, 120) if recalled else 1.0
        at[card.pk] += timedelta(days=max(1, round(stability[card.pk] * rng.uniform(0.8, 1.3))))
    Review.objects.bulk_create(rows)


def test_with_enough_reviews_the_learners_parameters_are_fitted_used_and_explained(
    enrolled, student, instructor, course, approved_cards, django_capture_on_commit_callbacks
):
    pytest.importorskip("fsrs_rs_python")
    more = [
        Card.objects.create(course=course, front=f"q{i}", back="a", status=ItemStatus.APPROVED)
        for i in range(40)
    ]
    deck_add_cards(deck=enrolled, user=instructor, card_ids=[card.pk for card in more])
    cards = approved_cards + more
    simulate_reviews(student, cards, fitting.MIN_REVIEWS_FOR_FIT + 100)
    with django_capture_on_commit_callbacks(execute=True):
        assert learner_optimise_if_due(user=student)
    profile = LearnerProfile.objects.get(user=student)
    assert profile.fit_report["status"] == "fitted", profile.fit_report
    assert len(profile.fsrs_parameters) == 21
    assert profile.fitted_reviews == fitting.MIN_REVIEWS_FOR_FIT + 100
    message = fit_message(profile.fit_report)
    assert "reviews a day" in message
    settings = study_context(student, enrolled.pk).settings
    assert settings.parameters == tuple(profile.fsrs_parameters)
    assert CardSchedule.objects.filter(user=student, reps__gt=0).count() == len(cards)
    assert not learner_optimise_if_due(user=student)  # nothing new since
