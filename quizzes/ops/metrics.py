"""Prometheus metrics: request latency by view, the job queue, job durations, learners' activity.

Counters and histograms live in each process (prometheus_client). Under gunicorn set
``PROMETHEUS_MULTIPROC_DIR`` (an empty folder per node, shared by its web workers and job workers):
every process then writes its samples there and ``/metrics`` adds them up (gunicorn.conf.py
marks a dead worker's files). Without it (``make run``) ``/metrics`` shows the web process only.
The queue's depth is read at scrape time from the queue itself, so it is exact on any node.

``/metrics`` answers the addresses it trusts: with ``METRICS_TOKEN`` set, a request carrying
``Authorization: Bearer <token>``; without it, a client on the loopback address only (as
``quizzes.core.clients`` sees the client, so behind the balancer with ``TRUSTED_PROXY_COUNT``
set, a public client is refused).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from quizzes.activity import Activity
from quizzes.core.clients import client_address
from quizzes.ops import queues

request_log = logging.getLogger("retain.requests")

REQUEST_SECONDS = Histogram(
    "retain_http_request_duration_seconds",
    "Time to answer a request, by view (its URL name), method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOB_SECONDS = Histogram(
    "retain_job_duration_seconds",
    "Time a background job ran, by task and outcome.",
    ["task", "status"],
    buckets=(0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
ACTIVITY = Counter(
    "retain_learner_activity",
    "What learners did: review-recorded, attempt-submitted, practice-answered "
    "(rate(...[1m]) * 60 is per minute).",
    ["kind"],
)


class QueueCollector(Collector):
    """The queue's depth by state, read from the queue at scrape time."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield self._family()  # registering must not query the queue (no database yet)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = self._family()
        for (queue, state), count in sorted(queues.depth().items()):
            family.add_metric([queue, state], count)
        yield family

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "retain_jobs",
            "Background jobs now in the queue, by queue and state.",
            labels=["queue", "state"],
        )


_queue_collector = QueueCollector()
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    REGISTRY.register(_queue_collector)


def registry() -> CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    combined.register(_queue_collector)
    return combined


# --- Recording


class RequestTimer:
    """Middleware (first in the list): times each request and labels it with its view's name.
    A path that matched no route is labelled ``unmatched``, so scanners cannot create series."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match is not None else "unmatched"
        seconds = time.perf_counter() - started
        status = response.status_code
        REQUEST_SECONDS.labels(view, request.method or "", f"{status // 100}xx").observe(seconds)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={"view": view, "status": status, "ms": round(seconds * 1000, 1)},
        )
        return response


def activity_counted(sender: Any, activity: Activity, **kwargs: Any) -> None:
    ACTIVITY.labels(activity.kind).inc()


def job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    if started is None or finished is None:
        return
    status = getattr(task_result.status, "name", str(task_result.status))
    JOB_SECONDS.labels(task_result.task.name, status).observe(
        max(0.0, (finished - started).total_seconds())
    )


# --- The endpoint


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse(
            "Metrics are served to the loopback address, or with METRICS_TOKEN as a bearer "
            "token.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
