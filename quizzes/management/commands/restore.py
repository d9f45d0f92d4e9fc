"""``manage.py restore PATH --yes``: replace the database's content with a backup made by
``manage.py backup`` (stop the web nodes, workers and scheduler first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizzes.ops.backup import restore


class Command(BaseCommand):
    help = "Restore the database from a backup (replaces what is there)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the database's content is replaced"
        )

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        if not yes:
            raise CommandError("This replaces the database's content: add --yes to go ahead.")
        how = restore(path)
        self.stdout.write(f"Restored from {path} ({how}).")
