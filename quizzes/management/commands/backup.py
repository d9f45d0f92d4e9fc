"""``manage.py backup PATH``: a consistent copy of the database while the site runs (SQLite's
online backup, or ``pg_dump --format=custom``). See docs/operations.md "Backup and restore"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from quizzes.ops.backup import backup


class Command(BaseCommand):
    help = "Back the database up to a file (SQLite online backup, or pg_dump's custom format)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        how = backup(path)
        self.stdout.write(f"Backed up to {path} ({how}, {path.stat().st_size:,} bytes).")
