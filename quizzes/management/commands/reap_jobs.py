"""``manage.py reap_jobs``: fail the jobs left RUNNING by dead workers now (``core.jobs``).

Every worker does this when it starts and periodically; this is for cron or a by-hand check.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quizzes.core.jobs import reap_stale_jobs


class Command(BaseCommand):
    help = "Fail background jobs left RUNNING by workers that died, and recover their work"

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = reap_stale_jobs()
        self.stdout.write(f"{len(reaped)} job(s) reaped." + "".join(f"\n  {j}" for j in reaped))
