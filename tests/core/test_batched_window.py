"""The per-user API throttle counts in batches: few visits to the shared cache while a learner is
far from the limit, exact near it, and several processes together allow about what one does."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.core.counters import BatchedWindow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_learner_far_from_the_limit_visits_the_cache_once_per_batch():
    window = BatchedWindow(batch=20)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(40):
            assert window.hit("user", "7", limit=1200, seconds=60) is None
    visits = [q for q in queries.captured_queries if "retain_cache" in q["sql"]]
    assert 0 < len(visits) <= 2 * 5  # two visits (a read and a write: a few statements each)


def test_two_processes_together_allow_the_limit_and_at_most_a_batch_each_more():
    processes = [BatchedWindow(batch=5), BatchedWindow(batch=5)]
    allowed = sum(
        processes[i % 2].hit("user", "7", limit=100, seconds=3600) is None for i in range(400)
    )
    assert 100 <= allowed <= 100 + 2 * 5


def test_near_the_limit_every_request_is_counted_exactly_and_refusals_say_how_long():
    window = BatchedWindow(batch=20)
    results = [window.hit("user", "9", limit=10, seconds=3600) for _ in range(12)]
    assert results[:10] == [None] * 10
    assert all(wait is not None and wait > 0 for wait in results[10:])
