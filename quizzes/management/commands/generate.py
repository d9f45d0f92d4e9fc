"""``manage.py generate PATH [--json] [--explain]``: run the engine on a file, print the result.

Thin on purpose: read the file, call the pipeline, print. It never touches the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quizzes.generation.pipeline import generate, to_json
from quizzes.generation.report import text_report
from quizzes.generation.types import GenerationError


class Command(BaseCommand):
    help = "Generate terms, claims, questions and flashcards from an article file (no database)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="A UTF-8 text (or pasted HTML) file holding the article.")
        parser.add_argument("--json", action="store_true", help="Print one JSON document.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Also show what cleaning removed and why each rejected draft was refused.",
        )

    def handle(
        self, *args: Any, path: str, json: bool = False, explain: bool = False, **options: Any
    ) -> None:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path} is a directory, not a file.") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {error.start}): save it as UTF-8 and try again."
            ) from error
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            generation = generate(text)
        except GenerationError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(to_json(generation))
        else:
            self.stdout.write(text_report(generation, explain=explain), ending="")
