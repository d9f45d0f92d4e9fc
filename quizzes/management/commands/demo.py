"""Load the demo: accounts, a course, the bundled article and what Retain makes of it. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.bank.services.best import bank_approve_best
from quizzes.courses.services import course_create, course_join
from quizzes.demo_history import demo_history_simulate
from quizzes.models import (
    Card,
    Course,
    ItemStatus,
    Membership,
    Question,
    Role,
    Source,
    SourceStatus,
)
from quizzes.quiz.services.quizzes import quiz_demo
from quizzes.sources.services import source_create, source_process
from quizzes.study.services.decks import deck_demo

DEMO_PASSWORD = "retain-demo"  # noqa: S105 - published demo password, refused when DEBUG is off
DEMO_COURSE = "Understanding US–North Korea relations"
# Enough for a quiz with fresh questions on a retake and a deck that lasts a few sessions.
APPROVED_QUESTIONS = 24
APPROVED_CARDS = 16


class Command(BaseCommand):
    help = "Create the demo accounts (teacher, student, student2), a course and the sample article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real site).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with a published password while DEBUG is off. "
                "Use --force if this really is a throwaway site."
            )
        with transaction.atomic():
            users = {name: self._user(name) for name in ("teacher", "student", "student2")}
            course = Course.objects.filter(
                title=DEMO_COURSE,
                memberships__user=users["teacher"],
                memberships__role=Role.INSTRUCTOR,
            ).first() or course_create(
                user=users["teacher"],
                title=DEMO_COURSE,
                description="A demo course built around one analysis article.",
            )
            for name in ("student", "student2"):
                if not Membership.objects.filter(user=users[name], course=course).exists():
                    course_join(user=users[name], join_code=course.join_code)
            source, _created = source_create(course=course, user=users["teacher"], sample=True)
        # Processed here rather than by the worker so the demo is complete when the command returns.
        if source.status != SourceStatus.READY:
            source = source_process(source_id=source.pk) or source
        if source.status != SourceStatus.READY:
            raise CommandError(f"The sample article could not be processed: {source.error}")
        teacher = users["teacher"]
        # Top up to the demo's numbers only, so a second run approves nothing more.
        approved = bank_approve_best(
            course=course,
            source=source,
            user=teacher,
            questions=max(0, APPROVED_QUESTIONS - _approved(Question, source)),
            cards=max(0, APPROVED_CARDS - _approved(Card, source)),
        )
        quiz = quiz_demo(course=course, source=source, user=teacher)
        deck = deck_demo(course=course, source=source, user=teacher)
        history = demo_history_simulate(course=course, users=[users["student"], users["student2"]])
        self.stdout.write(
            f"Approved {len(approved.questions)} questions and {len(approved.cards)} cards; "
            f"published the quiz “{quiz.title}” and the deck “{deck.title}”."
        )
        if history.students:
            self.stdout.write(
                f"Simulated {history.reviews} reviews and {history.attempts} quiz attempts for "
                f"{', '.join(history.students)}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: course “{course.title}” (join code {course.join_code})."
            )
        )
        self.stdout.write(
            f"Log in as teacher, student or student2 with the password {DEMO_PASSWORD}."
        )

    def _user(self, username: str) -> User:
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user


def _approved(model: type[Question] | type[Card], source: Source) -> int:
    return model.objects.filter(source=source, status=ItemStatus.APPROVED).count()
