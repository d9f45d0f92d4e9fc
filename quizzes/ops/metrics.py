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
ACTIVITY = Counter(
    "retain_learner_activity",
    "What learners did: review-recorded, attempt-submitted, practice-answered "
    "(rate(...[1m]) * 60 is per minute).",
    ["kind"],
)


class QueueCollector(Collector):
    """The queue read at scrape time: its depth by state, and the jobs finished in the last
    ``queues.RECENT_SECONDS`` with how long they ran. Read from the queue itself (the jobs table,
    or RQ's registries), so the figures are the same on every node and include every worker and
    work-horse, which a counter in each process could not (an RQ work-horse exits after its job).
    """

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield from self._families()  # registering must not query the queue (no database yet)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth, finished, seconds = self._families()
        for (queue, state), count in sorted(queues.depth().items()):
            depth.add_metric([queue, state], count)
        for (task, status), durations in sorted(queues.recent_durations().items()):
            finished.add_metric([task, status], len(durations))
            ordered = sorted(durations)
            for name, q in (("0.5", 0.5), ("0.95", 0.95), ("1", 1.0)):
                value = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
                seconds.add_metric([task, status, name], value)
        yield depth
        yield finished
        yield seconds

    def _families(self) -> tuple[GaugeMetricFamily, GaugeMetricFamily, GaugeMetricFamily]:
        window = f"the last {queues.RECENT_SECONDS // 60} minutes"
        return (
            GaugeMetricFamily(
                "retain_jobs",
                "Background jobs now in the queue, by queue and state.",
                labels=["queue", "state"],
            ),
            GaugeMetricFamily(
                "retain_jobs_finished_recent",
                f"Background jobs finished in {window}, by task and outcome.",
                labels=["task", "status"],
            ),
            GaugeMetricFamily(
                "retain_job_duration_seconds_recent",
                f"How long the jobs finished in {window} ran: median, 95th percentile, longest.",
                labels=["task", "status", "quantile"],
            ),
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
