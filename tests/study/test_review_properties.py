"""Properties of reviewing through the service, checked on generated review logs (Hypothesis)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import CardSchedule
from quizzes.study.services.decks import deck_learner_options_set
from quizzes.study.services.reviews import MAX_REVIEW_AGE
from tests.study.reviewing import grade

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")

ratings = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=12)
gaps = st.lists(st.integers(min_value=1, max_value=60 * 24 * 40), min_size=12, max_size=12)
fixture_safe = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class Rollback(Exception):
    pass


def in_rollback(check):
    """Run ``check`` in a transaction that is rolled back, so each example starts afresh."""
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@fixture_safe
@given(ratings=ratings, gaps=gaps, maximum=st.sampled_from([7, 30, 36500]))
def test_each_review_schedules_the_card_after_it_and_within_the_maximum_interval(
    enrolled, student, approved_cards, ratings, gaps, maximum
):
    def check():
        deck_learner_options_set(deck=enrolled, user=student, options={"maximum_interval": maximum})
        at = START
        for rating, gap in zip(ratings, gaps, strict=False):
            outcome = grade(student, approved_cards[4], rating, at)
            due = datetime.fromisoformat(outcome.after["due"])
            assert due > at
            assert due - at <= timedelta(days=maximum)
            at += timedelta(minutes=gap)

    in_rollback(check)


@fixture_safe
@given(
    log=st.lists(
        # Spread over the oldest a review may be dated: older ones are refused.
        st.tuples(
            st.integers(min_value=0, max_value=MAX_REVIEW_AGE // timedelta(minutes=1)),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda entry: entry[0],
    ),
    data=st.data(),
)
def test_any_order_or_duplication_of_queued_reviews_gives_the_same_schedule(
    enrolled, student, instructor, approved_cards, log, data
):
    card = approved_cards[4]
    reviews = [(uuid.uuid4(), START + timedelta(minutes=m), r) for m, r in sorted(log)]
    arrivals = data.draw(st.permutations(reviews + data.draw(st.lists(st.sampled_from(reviews)))))
    last = max(at for _, at, _ in reviews)

    def check():
        for _, at, rating in reviews:  # the teacher's reviews arrive in order
            grade(instructor, card, rating, at, review_id=uuid.uuid4(), now=last)
        for review_id, at, rating in arrivals:  # the student's queue arrives in any order
            grade(student, card, rating, at, review_id=review_id, now=last)
        mine = CardSchedule.objects.get(user=student, card=card)
        theirs = CardSchedule.objects.get(user=instructor, card=card)
        assert [getattr(mine, f) for f in FIELDS] == [getattr(theirs, f) for f in FIELDS]

    in_rollback(check)
