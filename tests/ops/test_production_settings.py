"""The production settings, selected by the environment: ``manage.py check --deploy`` is clean,
Redis holds the cache and the sessions, PostgreSQL is reached through psycopg's pool. Each runs
Django in a process of its own, with the environment an operator would set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432/retain"

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Xq9-a-production-secret-of-more-than-fifty-characters-7Yt2w",
    "ALLOWED_HOSTS": "retain.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://retain.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": POSTGRES,
    "DATABASE_POOL_SIZE": "4",
    "TRUSTED_PROXY_COUNT": "1",
    "METRICS_TOKEN": "a-scraper-token",
}


def postgres_up() -> bool:
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def django(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser suite's conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in this process;
    # a deployment never has it (check --deploy says so).
    unset = ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "learning.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = django("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


SHOW = """
import django, json
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "pool": db["OPTIONS"].get("pool"),
    "conn_max_age": db["CONN_MAX_AGE"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "log_format": settings.LOG_FORMAT,
}))
"""


def test_production_selects_redis_the_pool_and_whitenoise():
    result = django("-c", SHOW, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown == {
        "cache": "django.core.cache.backends.redis.RedisCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "pool": {"min_size": 1, "max_size": 4, "timeout": 10},
        "conn_max_age": 0,
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "log_format": "json",
    }


def test_the_default_stays_embedded():
    result = django("-c", SHOW, env={"DEBUG": "1"})
    shown = json.loads(result.stdout)
    assert shown["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert shown["sessions"] == "django.contrib.sessions.backends.db"
    assert shown["pool"] is None
    assert shown["log_format"] == "text"


QUERY_THROUGH_POOL = """
import django
django.setup()
from django.db import connection
connection.ensure_connection()
assert connection.is_usable()  # a round trip (SELECT 1) on a connection taken from the pool
print(type(connection.pool).__name__, connection.pool.max_size)
"""


def test_queries_go_through_the_psycopg_pool():
    if not postgres_up():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    # The server's own "postgres" database: it exists wherever PostgreSQL does.
    env = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"}
    result = django("-c", QUERY_THROUGH_POOL, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "4"]
