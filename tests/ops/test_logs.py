"""Request ids: answered in X-Request-ID, on every log line of the request (JSON), and carried
into the jobs the request queues — read back by the worker from the shared cache."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from quizzes.models import Source, SourceStatus
from quizzes.ops import logs
from tests.conftest import ARTICLE
from tests.sources.test_job_reaper import DB_TASKS, LOGS, start_worker


def json_line(record: logging.LogRecord) -> dict:
    from pythonjsonlogger.json import JsonFormatter

    from learning.settings import LOGGING

    spec = dict(LOGGING["formatters"]["json"])
    spec.pop("()")
    return json.loads(JsonFormatter(**spec).format(record))


def test_each_request_gets_an_id_or_keeps_the_balancers(client):
    mine = client.get("/healthz")["X-Request-ID"]
    assert len(mine) == 32
    assert client.get("/healthz")["X-Request-ID"] != mine
    given = client.get("/healthz", HTTP_X_REQUEST_ID="7f000001:a1b2_65F0C3A1")
    assert given["X-Request-ID"] == "7f000001:a1b2_65F0C3A1"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected\nline')
    assert forged["X-Request-ID"] != 'x" injected\nline'


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id_as_json(client, caplog):
    caplog.handler.addFilter(logs.ContextFilter())  # as the console handler has (settings)
    with caplog.at_level(logging.INFO, logger="retain.requests"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="req-12345678")
    [record] = [r for r in caplog.records if r.name == "retain.requests"]
    line = json_line(record)
    assert line["request_id"] == response["X-Request-ID"] == "req-12345678"
    assert line["level"] == "INFO"
    assert line["message"] == "GET /healthz 200"
    assert line["view"] == "healthz"


@pytest.mark.django_db(transaction=True)
def test_a_worker_logs_the_id_of_the_request_that_queued_its_job(api_as, instructor, course):
    """A real request queues an article; a real ``db_worker`` (another process, JSON logs) runs
    it, and its log lines of that job carry the request's id."""
    with override_settings(TASKS=DB_TASKS):
        response = api_as(instructor).post(
            "/api/v1/sources/",
            {"course": course.pk, "text": ARTICLE, "title": "Amazon"},
            format="json",
            HTTP_X_REQUEST_ID="req-from-the-balancer-42",
        )
    assert response.status_code == 201, response.content
    [job] = DBTaskResult.objects.all()

    worker = start_worker(hang=False, batch=True, env={"LOG_FORMAT": "json"})
    assert worker.wait(timeout=120) == 0
    lines = [json.loads(line) for line in LOGS[-1].read_text().splitlines() if line.startswith("{")]
    of_job = [line for line in lines if line.get("job_id") == str(job.pk)]
    assert of_job, lines
    assert {line["request_id"] for line in of_job} == {"req-from-the-balancer-42"}
    assert Source.objects.get(pk=response.json()["id"]).status == SourceStatus.READY
