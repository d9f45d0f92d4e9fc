"""Moving the clock on for the cool-offs: the shared cache's expiry and the counters' clock."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone


@pytest.fixture
def later(monkeypatch):
    """``later(minutes)``: from now on the cache and the counters live that many minutes ahead."""
    if isinstance(caches["default"], RedisCache):
        pytest.skip("the clock is moved for the database cache; Redis expires keys in real time")

    def move(minutes: float) -> None:
        ahead = timedelta(minutes=minutes)
        now, clock = timezone.now, time.time
        monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: now() + ahead)
        monkeypatch.setattr(
            "quizzes.core.counters.time.time", lambda: clock() + ahead.total_seconds()
        )

    return move
