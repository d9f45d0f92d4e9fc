"""Replay FSRS schedules from the review log (the log is the truth; schedules follow from it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.models import CardSchedule, DeckCard, Review
from quizzes.study.services.review_log import schedule_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild learners' card schedules from their review logs (suspension, leech and burial "
        "are kept). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Only this learner (username).")
        parser.add_argument("--deck", type=int, help="Only the cards of this deck (id).")

    def handle(
        self, *args: Any, user: str | None = None, deck: int | None = None, **options: Any
    ) -> None:
        pairs = Review.objects.values_list("user_id", "card_id").distinct()
        if user is not None:
            learner = get_user_model().objects.filter(username=user).first()
            if learner is None:
                raise CommandError(f"No user called {user!r}.")
            pairs = pairs.filter(user=learner)
        if deck is not None:
            pairs = pairs.filter(
                card_id__in=DeckCard.objects.filter(deck_id=deck).values("card_id")
            )
        changed = total = 0
        for user_id, card_id in pairs.order_by("user_id", "card_id"):
            before = (
                CardSchedule.objects.filter(user_id=user_id, card_id=card_id)
                .values("state", "stability", "difficulty", "due", "reps", "lapses")
                .first()
            )
            after = schedule_rebuild(user_id=user_id, card_id=card_id)
            if after is None:
                continue
            total += 1
            now = {name: getattr(after, name) for name in (before or {})}
            changed += now != before
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {total} schedule{'s' if total != 1 else ''} from the log; "
                f"{changed} changed."
            )
        )
