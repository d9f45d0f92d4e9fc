"""/metrics: request latency by view, the queue's depth, job durations and learners' activity,
served to loopback or to a bearer of METRICS_TOKEN only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from quizzes.quiz.services.attempts import attempt_start, attempt_submit

# Imported here, under the tests' backend: @task makes the task with the class of the backend in
# force at import (django-tasks-rq's is the backport's Task), and the database backend refuses
# any other.
from quizzes.quiz.tasks import submit_overdue_attempts
from tests.conftest import ARTICLE
from tests.sources.test_job_reaper import DB_TASKS, start_worker
from tests.study.reviewing import grade


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_request_latency_is_labelled_by_view(client):
    before = value(
        "retain_http_request_duration_seconds_count", view="healthz", method="GET", status="2xx"
    )
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page/at/all/")
    text = client.get("/metrics").content.decode()
    found = samples(text)
    key = (
        "retain_http_request_duration_seconds_count",
        frozenset({"view": "healthz", "method": "GET", "status": "2xx"}.items()),
    )
    assert found[key] == before + 2
    unmatched = [k for k in found if ("view", "unmatched") in k[1]]
    assert unmatched, "a path without a route is counted under one label"
    assert not [k for k in found if ("view", "/no/such/page/at/all/") in k[1]]


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_queue_depth_is_read_from_the_queue(client, source):
    from quizzes.sources.tasks import process_source

    process_source.enqueue(source.pk)
    process_source.enqueue(source.pk)
    found = samples(client.get("/metrics").content.decode())
    assert found[("retain_jobs", frozenset({"queue": "default", "state": "ready"}.items()))] == 2


@pytest.mark.django_db(transaction=True)
def test_jobs_finished_and_their_durations_are_read_from_the_queue(client, course, instructor):
    """A real worker process runs the job; the web process's /metrics reports it."""
    from quizzes.sources.services import source_create

    with override_settings(TASKS=DB_TASKS):
        source_create(course=course, user=instructor, text=ARTICLE, title="Amazon")
        assert start_worker(hang=False, batch=True).wait(timeout=120) == 0
        found = samples(client.get("/metrics").content.decode())

    finished = ("retain_jobs_finished_recent", labels(task="process_source", status="successful"))
    assert found[finished] == 1
    median = found[
        (
            "retain_job_duration_seconds_recent",
            labels(task="process_source", status="successful", quantile="0.5"),
        )
    ]
    longest = found[
        (
            "retain_job_duration_seconds_recent",
            labels(task="process_source", status="successful", quantile="1"),
        )
    ]
    assert 0 < median <= longest


@pytest.mark.django_db
def test_queue_metrics_on_the_redis_queue(client, redis_server, settings, course, instructor):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url}}
    submit_overdue_attempts.enqueue()
    found = samples(client.get("/metrics").content.decode())
    assert found[("retain_jobs", labels(queue="default", state="ready"))] == 1
    assert found[("retain_jobs", labels(queue="default", state="running"))] == 0


def labels(**given: str) -> frozenset:
    return frozenset(given.items())


def test_reviews_and_attempts_are_counted(
    client, student, enrolled, approved_cards, quiz, django_capture_on_commit_callbacks
):
    reviews = value("retain_learner_activity_total", kind="review-recorded")
    attempts = value("retain_learner_activity_total", kind="attempt-submitted")
    with django_capture_on_commit_callbacks(execute=True):
        grade(student, approved_cards[0], 3, datetime.now(UTC))
        grade(student, approved_cards[1], 1, datetime.now(UTC))
    with django_capture_on_commit_callbacks(execute=True):
        attempt, _ = attempt_start(quiz=quiz, user=student)
        attempt_submit(attempt=attempt)
    found = samples(client.get("/metrics").content.decode())
    assert (
        found[("retain_learner_activity_total", frozenset({"kind": "review-recorded"}.items()))]
        == reviews + 2
    )
    assert (
        found[("retain_learner_activity_total", frozenset({"kind": "attempt-submitted"}.items()))]
        == attempts + 1
    )


def test_metrics_refused_to_a_remote_client(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403


@override_settings(METRICS_TOKEN="s3cret-token-for-scrapers")
def test_metrics_with_a_token(client):
    assert client.get("/metrics").status_code == 403  # loopback is not enough once a token is set
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token-for-scrapers"
    )
    assert response.status_code == 200
    assert "retain_http_request_duration_seconds" in response.content.decode()
