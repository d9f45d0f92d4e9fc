"""``manage.py scheduler``: queue the periodic jobs when they are due (``quizzes.ops.schedule``).

Run one; a second one started by mistake stands by (a lease in the database) and takes over if
the first dies. ``--once`` runs a single round (for cron, or to check the set-up). SIGTERM or
Ctrl-C stops it after the current round and hands the lease on.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from quizzes.ops.schedule import lease_release, tick


class Command(BaseCommand):
    help = "Queue the periodic jobs (overdue attempts, LMS sync, FSRS refits, clean-up) when due"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run one round and exit")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="seconds between rounds (default 5)"
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        owner = f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        stopping = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.set())
        leading: bool | None = None
        try:
            while True:
                try:
                    done = tick(owner=owner)
                except Exception:  # the database restarting: try again next round
                    self.stderr.write(f"Scheduler {owner}: round failed")
                    close_old_connections()
                else:
                    if done.leader != leading:
                        leading = done.leader
                        role = (
                            "leader" if leading else "standby (another scheduler holds the lease)"
                        )
                        self.stdout.write(f"Scheduler {owner}: {role}", ending="\n")
                    for path in done.queued:
                        self.stdout.write(f"Scheduler {owner}: queued {path}")
                    if done.reaped:
                        self.stdout.write(f"Scheduler {owner}: reaped {len(done.reaped)} job(s)")
                    self.stdout.flush()
                if once or stopping.wait(interval):
                    break
        finally:
            lease_release(owner=owner)
