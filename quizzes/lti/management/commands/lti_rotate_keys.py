"""manage.py lti_rotate_keys: a new signing key for Retain's JWKS; old keys stay published until
``--retire-after-days`` after their replacement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quizzes.lti.services.keys import RETIRE_AFTER, keys_rotate


class Command(BaseCommand):
    help = "Make a new LTI signing key; retire keys replaced more than N days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retire-after-days",
            type=int,
            default=RETIRE_AFTER.days,
            help="Keep a replaced key in the JWKS this many days (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rotation = keys_rotate(retire_after=timedelta(days=options["retire_after_days"]))
        self.stdout.write(f"New signing key {rotation.new_kid}.")
        for kid in rotation.retired_kids:
            self.stdout.write(f"Retired key {kid} (no longer in the JWKS).")
