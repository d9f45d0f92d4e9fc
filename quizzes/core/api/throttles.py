"""The API's throttles: counted per signed-in user or per client address (``core.clients``) in
the shared cache (``core.counters``), so every server process counts the same requests.

Rates are DRF's ``DEFAULT_THROTTLE_RATES`` by scope ("1000/min"); a scope without a rate is not
throttled. A refused request is DRF's 429 with ``Retry-After``. The lean study views
(``study.fast``) run the same throttles; the per-user one, which every signed-in request meets,
counts in batches (``core.counters.BatchedWindow``) so the study hot path pays for the shared
cache once per twenty requests, not on each.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from quizzes.core.clients import client_address
from quizzes.core.counters import BatchedWindow, window_hit

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"1000/min"`` → ``(1000, 60)``; the period's first letter counts (s, m, h, d)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0]]


class WindowThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self._wait: float | None = None

    def ident(self, request: Request) -> str | None:
        """Whom to count this request against; None: not this throttle's business."""
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        # The DRF stubs type the rates as numbers; they are strings such as "120/min".
        rate: str | None = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[assignment]
        ident = self.ident(request)
        if not rate or ident is None:
            return True
        limit, seconds = parse_rate(rate)
        self._wait = self.count(ident, limit=limit, seconds=seconds)
        return self._wait is None

    def count(self, ident: str, *, limit: int, seconds: int) -> float | None:
        """Count one request; None if it is allowed, else the seconds to wait."""
        return window_hit(self.scope, ident, limit=limit, seconds=seconds)

    def wait(self) -> float | None:
        return self._wait

    def get_ident(self, request: Request) -> str:
        return client_address(request)


class UserThrottle(WindowThrottle):
    """Every API request of a signed-in user (scope ``user``), counted in batches."""

    scope = "user"
    window = BatchedWindow()

    def count(self, ident: str, *, limit: int, seconds: int) -> float | None:
        return self.window.hit(self.scope, ident, limit=limit, seconds=seconds)

    def ident(self, request: Request) -> str | None:
        user = request.user
        return str(user.pk) if user and user.is_authenticated else None


class AnonThrottle(WindowThrottle):
    """Every API request without a user, per client address (scope ``anon``)."""

    scope = "anon"

    def ident(self, request: Request) -> str | None:
        user = request.user
        return None if user and user.is_authenticated else client_address(request)


class ClientThrottle(WindowThrottle):
    """Every request to one endpoint per client address, signed in or not; subclasses name the
    scope (the token endpoint: ``auth-token``)."""

    def ident(self, request: Request) -> str | None:
        return client_address(request)
