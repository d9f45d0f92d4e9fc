"""Operations' receivers: request ids follow jobs, metrics count learners' activity.

django.tasks sends its job signals from ``django.tasks.signals``; django-tasks-rq (built on the
django-tasks backport) sends the backport's own, so both are connected when the backport is
installed.
"""

from __future__ import annotations

from importlib import import_module

from quizzes.activity import activity_recorded
from quizzes.ops import logs, metrics


def connect() -> None:
    activity_recorded.connect(metrics.activity_counted, dispatch_uid="ops-metrics-activity")
    for module in ("django.tasks.signals", "django_tasks.signals"):
        try:
            signals = import_module(module)
        except ImportError:
            continue
        uid = f"ops-{module}"
        signals.task_enqueued.connect(logs.job_enqueued, dispatch_uid=f"{uid}-enqueued")
        signals.task_started.connect(logs.job_started, dispatch_uid=f"{uid}-started")
        signals.task_finished.connect(logs.job_finished, dispatch_uid=f"{uid}-finished")
