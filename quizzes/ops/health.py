"""``/healthz`` (liveness) and ``/readyz`` (readiness) for the load balancer and the orchestrator.

Liveness answers from the process alone: a node whose database is down is still alive, and
restarting it would not help. Readiness checks what a request needs — the database, the shared
cache (Redis when ``REDIS_URL`` is set) and the job queue — and answers 503 when any fails, so the
balancer stops sending traffic to the node until it recovers. The body names each check; an
error is given by its class only (the details, such as addresses, go to the log).

Written here rather than taken from django-health-check: its checks know Celery and RQ but not
django-tasks-db, and the two probes are a few lines each.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from quizzes.ops import queues

logger = logging.getLogger(__name__)


class DatabaseUnusable(Exception):
    pass


def _database() -> str:
    connection.ensure_connection()
    if not connection.is_usable():  # a round trip on PostgreSQL; a kept connection may be dead
        connection.close()
        raise DatabaseUnusable(connection.alias)
    return connection.vendor


def _cache() -> str:
    cache = caches["default"]
    cache.get("ops:readyz")
    return type(cache).__name__


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "queue": queues.ping,
}


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check; whether all passed, and each one's outcome."""
    outcomes: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as error:
            logger.warning("Readiness check %s failed: %s", name, error)
            outcomes[name] = {"ok": False, "error": type(error).__name__}
        else:
            outcomes[name] = {"ok": True, "backend": detail}
        outcomes[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(outcome["ok"] for outcome in outcomes.values()), outcomes


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
