"""Backup and restore: ``manage.py backup`` of the live database, ``manage.py restore`` into a
fresh one, and every review, attempt and question version is there — on the run's own engine
(SQLite's online backup, or pg_dump/pg_restore)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import psycopg
import pytest
from django.db import connection

from quizzes.quiz.services.attempts import attempt_start, attempt_submit
from tests.sources.test_job_reaper import ROOT, _database_url
from tests.study.reviewing import grade

pytestmark = pytest.mark.django_db(transaction=True)

INVENTORY = """
import django, json
django.setup()
from quizzes.models import Attempt, QuestionVersion, Review
print(json.dumps({
    "reviews": sorted(str(pk) for pk in Review.objects.values_list("id", flat=True)),
    "attempts": sorted(list(row) for row in Attempt.objects.values_list("id", "state", "score")),
    "versions": sorted(
        list(row) for row in QuestionVersion.objects.values_list("id", "question_id", "prompt")
    ),
}))
"""


def manage(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DEBUG": "1", "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "learning.settings"})
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result


def inventory(url: str) -> dict:
    return json.loads(manage("-c", INVENTORY, url=url).stdout)


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the run's engine (a PostgreSQL one is dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    server = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_has_everything(
    tmp_path, fresh_database, student, enrolled, approved_cards, quiz
):
    now = datetime.now(UTC)
    for card in approved_cards[:3]:
        grade(student, card, 3, now)
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    attempt_start(quiz=quiz, user=student)  # a second one, in progress

    live = _database_url()
    original = inventory(live)
    assert len(original["reviews"]) == 3
    assert len(original["attempts"]) == 2
    assert original["versions"]

    backup = tmp_path / "retain.backup"
    said = manage("manage.py", "backup", str(backup), url=live).stdout
    assert "Backed up" in said

    target = fresh_database
    refused = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": target},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    manage("manage.py", "restore", str(backup), "--yes", url=target)

    assert inventory(target) == original
