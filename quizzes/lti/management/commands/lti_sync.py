"""manage.py lti_sync: send what is due — gradebook scores to retry, xAPI statements waiting for
their LRS — and retire replaced signing keys. Safe to run often (e.g. every minute from cron)
beside the worker: every row is claimed before it is sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from quizzes.lti.services.grades import grades_push_due
from quizzes.lti.services.keys import keys_retire
from quizzes.lti.services.xapi import outbox_drain_due


class Command(BaseCommand):
    help = "Send due LMS grades and xAPI statements; retire replaced LTI keys."

    def handle(self, *args: Any, **options: Any) -> None:
        grades = grades_push_due()
        drained = outbox_drain_due()
        retired = keys_retire()
        sent = sum(outcome.sent for outcome in drained.values())
        kept = sum(outcome.kept for outcome in drained.values())
        self.stdout.write(
            f"Grades: {grades or 'none due'}. xAPI: {sent} sent, {kept} kept for later. "
            f"Keys retired: {len(retired)}."
        )
