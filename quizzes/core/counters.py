"""Counting in the shared cache, so N server processes allow what one does.

The cache is Django's ``default`` (``settings.CACHES``): the database cache unless ``REDIS_URL``
is set. Two kinds of count live here:

* ``window_hit`` — requests in a sliding window (the API throttles), estimated from two counters;
  ``BatchedWindow`` counts the same window for the busiest throttle (every signed-in API request)
  with one visit to the cache per ``batch`` requests of a process.
* ``FailureLimit`` — failures of one kind (a wrong password, a wrong join code) per key, over a
  window that each counted failure restarts: once a key reaches the limit it is blocked until the
  window has passed since its last failure (the cool-off).

On Redis a count is one atomic ``INCR`` (``cache.add`` makes the key the first time). Django's
database cache has no atomic increment (its ``incr`` is a read and a write, and resets the key's
lifetime to the default), so there a count is a read and a write with the right lifetime: two
processes counting at the same instant may both write the same number, so the limits are a brake
on guessing, not an exact fence (see docs/security.md).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache


def _cache() -> BaseCache:
    return caches["default"]  # the backend itself (``cache`` is a proxy: isinstance fails on it)


def _incr(key: str, timeout: int) -> int:
    """Add one to ``key`` (a new key lives ``timeout`` seconds); the new count."""
    cache = _cache()
    if isinstance(cache, RedisCache):
        try:
            return cache.incr(key)
        except ValueError:  # no such key yet (or it just expired)
            if cache.add(key, 1, timeout=timeout):
                return 1
            return cache.incr(key)
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, timeout=timeout)
    return count


def key_part(value: str) -> str:
    """A cache-safe, fixed-length stand-in for any client-supplied value (a username)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def window_hit(scope: str, ident: str, *, limit: int, seconds: int) -> float | None:
    """Count one request of ``ident`` in ``scope`` if it keeps within ``limit`` per ``seconds``:
    None then; otherwise (the request is refused and not counted) the seconds to wait.

    A sliding window, estimated from two fixed ones (the current and the previous, weighted by
    how much of it still lies within the last ``seconds``): a burst across a window's edge gets
    ``limit``, not twice that.
    """
    cache = _cache()
    now = time.time()
    window = int(now // seconds)
    elapsed = (now - window * seconds) / seconds  # 0..1 into the current window
    current_key, previous_key = (
        f"rate:{scope}:{ident}:{window}",
        f"rate:{scope}:{ident}:{window - 1}",
    )
    found = cache.get_many([current_key, previous_key])
    current, previous = int(found.get(current_key, 0)), int(found.get(previous_key, 0))
    if previous * (1 - elapsed) + current + 1 <= limit:
        if isinstance(cache, RedisCache):
            _incr(current_key, timeout=2 * seconds)
        else:
            cache.set(current_key, current + 1, timeout=2 * seconds)
        return None
    return _window_wait(current, previous, elapsed, limit, seconds)


def _window_wait(current: int, previous: int, elapsed: float, limit: int, seconds: int) -> float:
    """Seconds until one more request fits a full window (``window_hit``'s estimate)."""
    if current + 1 > limit or not previous:
        return (1 - elapsed) * seconds  # this window is full: the next one
    needed = 1 - (limit - current - 1) / previous
    return max(0.0, needed - elapsed) * seconds + 0.001


@dataclass
class BatchedWindow:
    """``window_hit`` for a throttle that every request of a signed-in user meets (the study hot
    path included), where a cache read and write per request would cost more than the request.

    Each process counts locally and visits the shared cache — reads both windows' counts, adds
    what it counted since the last visit — once per ``batch`` requests of an ident, and on every
    request once the estimate passes ``near`` of the limit. So a student far from the limit costs
    one cache visit per ``batch`` requests, while near it the count is as exact as
    ``window_hit``'s; N processes can let through at most N × ``batch`` more than the limit.
    """

    batch: int = 20
    near: float = 0.8
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # (scope, ident) -> [window, unsynced hits, current seen, previous seen]
    _state: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def forget(self) -> None:
        """Drop what this process counted but has not sent (the shared counts stay)."""
        with self._lock:
            self._state.clear()

    def hit(self, scope: str, ident: str, *, limit: int, seconds: int) -> float | None:
        now = time.time()
        window = int(now // seconds)
        elapsed = (now - window * seconds) / seconds
        with self._lock:
            state = self._state.get((scope, ident))
            if state is None or state[0] != window:
                # A new window: what was current is now previous (as last seen).
                seen = state[2] + state[1] if state is not None and state[0] == window - 1 else 0
                state = self._state[(scope, ident)] = [window, 0, 0, seen]
                if len(self._state) > 100_000:  # old idents: forget all, recount from the cache
                    self._state = {(scope, ident): state}
            _, unsynced, current, previous = state
            estimate = previous * (1 - elapsed) + current + unsynced + 1
            if unsynced + 1 < self.batch and estimate <= self.near * limit:
                state[1] = unsynced + 1
                return None
        # Visit the cache: add what this process counted, read what every process did.
        cache = _cache()
        current_key, previous_key = (
            f"rate:{scope}:{ident}:{window}",
            f"rate:{scope}:{ident}:{window - 1}",
        )
        found = cache.get_many([current_key, previous_key])
        current, previous = int(found.get(current_key, 0)), int(found.get(previous_key, 0))
        allowed = previous * (1 - elapsed) + current + unsynced + 1 <= limit
        counted = unsynced + (1 if allowed else 0)
        if counted:
            cache.set(current_key, current + counted, timeout=2 * seconds)
        with self._lock:
            state = self._state.get((scope, ident))
            if state is not None and state[0] == window:
                state[1], state[2], state[3] = 0, current + counted, previous
        return None if allowed else _window_wait(current, previous, elapsed, limit, seconds)


@dataclass(frozen=True)
class FailureLimit:
    """At most ``limit`` failures per key, counted until ``seconds`` pass without one."""

    scope: str
    limit: int
    seconds: int

    def _key(self, ident: str) -> str:
        return f"fail:{self.scope}:{key_part(ident)}"

    def count(self, ident: str) -> int:
        return int(_cache().get(self._key(ident), 0))

    def retry_after(self, ident: str) -> int | None:
        """Seconds until ``ident`` may try again; None when it is not blocked."""
        key = self._key(ident)
        found = _cache().get_many([key, f"{key}:last"])
        if int(found.get(key, 0)) < self.limit:
            return None
        last = float(found.get(f"{key}:last", time.time()))
        return max(1, int(last + self.seconds - time.time()) + 1)

    def record(self, ident: str) -> int:
        """Count a failure of ``ident`` (and restart its window); the count so far."""
        key = self._key(ident)
        cache = _cache()
        count = _incr(key, timeout=self.seconds)
        if isinstance(cache, RedisCache):  # INCR keeps the old lifetime: restart it
            cache.touch(key, timeout=self.seconds)
        cache.set(f"{key}:last", time.time(), timeout=self.seconds)
        return count

    def reset(self, ident: str) -> None:
        key = self._key(ident)
        _cache().delete_many([key, f"{key}:last"])
