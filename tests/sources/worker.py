"""Run ``manage.py db_worker`` for the reaper tests, in a process of its own (or the command
``RETAIN_TEST_WORKER`` names: ``rqworker`` for the Redis queue's tests).

With ``RETAIN_TEST_HANG=1`` the article job hangs where the engine would run (after the article
is marked processing), so the test can kill the worker in the middle of a job.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings")

import django

django.setup()

if os.environ.get("RETAIN_TEST_HANG") == "1":
    import quizzes.sources.services as services

    def hang(text: str) -> None:
        time.sleep(300)

    services.generation_run = hang  # type: ignore[assignment]

from django.core.management import call_command  # noqa: E402

call_command(os.environ.get("RETAIN_TEST_WORKER", "db_worker"), *sys.argv[1:])
