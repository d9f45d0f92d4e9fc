"""Load the demo: accounts, a course, the bundled article and what Retain makes of it. Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.models import Course, Membership, Role
from quizzes.services.courses import course_create, course_join
from quizzes.services.sources import source_create, source_process

DEMO_PASSWORD = "retain-demo"  # noqa: S105 - published demo password, refused when DEBUG is off
DEMO_COURSE = "Understanding US–North Korea relations"


class Command(BaseCommand):
    help = "Create the demo accounts (teacher, student, student2), a course and the sample article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real site).",
        )

    def handle(self, *args, force: bool = False, **options):
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
        source_process(source_id=source.pk)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: course “{course.title}” (join code {course.join_code})."
            )
        )
        self.stdout.write(
            f"Log in as teacher, student or student2 with the password {DEMO_PASSWORD}."
        )

    def _user(self, username: str):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user
