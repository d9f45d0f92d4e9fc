"""/healthz and /readyz: liveness from the process alone, readiness from the database, the shared
cache and the job queue — a stopped Redis makes the node not ready."""

from __future__ import annotations

import pytest
from django.test import override_settings


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "retain",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_readyz_reaches_the_database_queue(client):
    queue = client.get("/readyz").json()["checks"]["queue"]
    assert queue["ok"] is True
    assert queue["backend"] == "database queue"


@pytest.mark.django_db
def test_readyz_reports_a_stopped_redis_as_not_ready(client, redis_server):
    with override_settings(CACHES=redis_cache(redis_server.url)):
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.json()
        assert ready.json()["checks"]["cache"]["backend"] == "RedisCache"

        redis_server.stop()
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["database"]["ok"] is True
    assert "127.0.0.1" not in response.content.decode()  # details go to the log, not the probe


@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_are_not_redirected_to_https(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_a_stopped_redis_queue_as_not_ready(client, redis_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url}}
    queue = client.get("/readyz").json()["checks"]["queue"]
    assert (queue["ok"], queue["backend"]) == (True, "redis queue")

    redis_server.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["ok"] is False
