"""The idempotency race: many tabs or retries post the same review at once (PostgreSQL)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection

from quizzes.models import CardSchedule, Review
from quizzes.study.services.reviews import review_record

THREADS = 16


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_threads_posting_one_review_id_record_one_review_and_change_the_schedule_once(
    enrolled, student, approved_cards
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: run with DATABASE_URL=postgres://…")
    card = approved_cards[4]
    review_id = uuid.uuid4()
    at = datetime(2026, 2, 2, 12, tzinfo=UTC)
    barrier = threading.Barrier(THREADS)
    created: list[bool] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            barrier.wait()
            outcome = review_record(
                user=student,
                card_id=card.pk,
                rating=3,
                review_id=review_id,
                reviewed_at=at,
                duration_ms=1200,
                now=at,
            )
            created.append(outcome.created)
        except BaseException as error:  # reported below, after the threads join
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(created) == [False] * (THREADS - 1) + [True]
    assert Review.objects.filter(pk=review_id).count() == 1
    assert CardSchedule.objects.get(user=student, card=card).reps == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_siblings_graded_at_the_same_moment_do_not_deadlock(enrolled, student, approved_cards):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: run with DATABASE_URL=postgres://…")
    at = datetime(2026, 2, 2, 12, tzinfo=UTC)
    pair = [approved_cards[0], approved_cards[1]]  # a term's basic and reverse cards
    errors: list[BaseException] = []
    for _ in range(5):
        barrier = threading.Barrier(2)

        def grade(card, barrier=barrier, at=at) -> None:
            try:
                barrier.wait()
                review_record(
                    user=student,
                    card_id=card.pk,
                    rating=3,
                    review_id=uuid.uuid4(),
                    reviewed_at=at,
                    now=at,
                )
            except BaseException as error:  # reported below, after the threads join
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=grade, args=(card,)) for card in pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        at = at.replace(minute=at.minute + 1)
    assert not errors
    assert Review.objects.filter(user=student).count() == 10
