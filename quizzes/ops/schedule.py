"""The scheduler: one process (``manage.py scheduler``) queues the periodic jobs of
``settings.SCHEDULE`` when they are due; the workers run them. It also runs the job reaper itself,
so dead workers' jobs are recovered even when no worker is left to do it.

**Safe if two are started.** Each tick a scheduler takes or renews a lease, a row of
``SchedulerLease`` locked in a transaction (``select_for_update`` on PostgreSQL; SQLite's
``IMMEDIATE`` transactions take the write lock at BEGIN): only the holder queues anything, and a
second scheduler stands by until the holder has not renewed for ``SCHEDULER_LEASE_SECONDS`` (it
died, or its host did), then takes over. When a queued run is recorded in the lease row, the new
holder keeps the rhythm. A holder paused past its lease (a frozen VM) may queue one run twice
when it wakes; every periodic job is idempotent, so that costs work, not correctness.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from quizzes.core.jobs import reap_stale_jobs
from quizzes.models import SchedulerLease

logger = logging.getLogger(__name__)

LEASE = "periodic-jobs"


def lease_take(*, owner: str, now: datetime | None = None, name: str = LEASE) -> bool:
    """Take or renew the lease for ``owner``; whether ``owner`` holds it now."""
    now = now or timezone.now()
    until = now + timedelta(seconds=settings.SCHEDULER_LEASE_SECONDS)
    with transaction.atomic():
        lease = SchedulerLease.objects.select_for_update().filter(name=name).first()
        if lease is None:
            try:
                with transaction.atomic():
                    SchedulerLease.objects.create(name=name, owner=owner, expires_at=until)
            except IntegrityError:  # another scheduler made the row first: it holds it
                return False
            return True
        if lease.owner != owner and lease.expires_at > now:
            return False
        lease.owner, lease.expires_at = owner, until
        lease.save(update_fields=["owner", "expires_at"])
        return True


def lease_release(*, owner: str, name: str = LEASE) -> None:
    """Give the lease up now (a scheduler that stops), so a standby takes over at its next tick."""
    SchedulerLease.objects.filter(name=name, owner=owner).update(expires_at=timezone.now())


@dataclass
class Tick:
    leader: bool
    queued: list[str] = field(default_factory=list)
    reaped: list[str] = field(default_factory=list)


def tick(*, owner: str, now: datetime | None = None) -> Tick:
    """One round: take the lease; if held, reap dead workers' jobs and queue what is due."""
    now = now or timezone.now()
    if not lease_take(owner=owner, now=now):
        return Tick(leader=False)
    done = Tick(leader=True, reaped=reap_stale_jobs(now=now))
    lease = SchedulerLease.objects.get(name=LEASE)
    last_runs = dict(lease.last_runs)
    for path, every in settings.SCHEDULE.items():
        last = last_runs.get(path)
        if last is not None and (now - datetime.fromisoformat(last)).total_seconds() < every:
            continue
        try:
            import_string(path).enqueue()
        except Exception:  # a queue outage: try again next tick, the others still run
            logger.exception("Could not queue the periodic job %s", path)
            continue
        last_runs[path] = now.isoformat()
        done.queued.append(path)
    if done.queued:
        SchedulerLease.objects.filter(name=LEASE, owner=owner).update(last_runs=last_runs)
    return done
