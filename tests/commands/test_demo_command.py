"""``manage.py demo``: demo accounts, course, sample article, approved bank, quiz, deck, history."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from quizzes.models import Card, Course, ItemStatus, Membership, Question, Source, SourceStatus

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    from quizzes.models.quizzes import Attempt, Quiz
    from quizzes.models.study import Deck, Review

    return {
        "users": get_user_model().objects.count(),
        "courses": Course.objects.count(),
        "memberships": Membership.objects.count(),
        "sources": Source.objects.count(),
        "approved_questions": Question.objects.filter(status=ItemStatus.APPROVED).count(),
        "approved_cards": Card.objects.filter(status=ItemStatus.APPROVED).count(),
        "quizzes": Quiz.objects.count(),
        "decks": Deck.objects.count(),
        "attempts": Attempt.objects.count(),
        "reviews": Review.objects.count(),
    }


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_it_loads_everything_a_new_user_needs_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    first = counts()

    teacher = get_user_model().objects.get(username="teacher")
    assert teacher.check_password("retain-demo")
    course = Course.objects.get()
    assert set(course.memberships.values_list("user__username", "role")) == {
        ("teacher", "instructor"),
        ("student", "student"),
        ("student2", "student"),
    }
    assert Source.objects.get().status == SourceStatus.READY
    assert first["approved_questions"] >= 20
    # Since generation round 2 the sample drafts no "What does the article say about X?" cards
    # (raters kept 0 of 14), so its deck is its definitions, sets and question cards.
    assert first["approved_cards"] >= 6
    assert first["quizzes"] == 1
    assert first["decks"] == 1
    assert first["attempts"] >= 2  # simulated history, through the real services
    assert first["reviews"] >= 50

    call_command("demo", stdout=io.StringIO())
    assert counts() == first


def test_force_runs_it_with_debug_off(settings):
    settings.DEBUG = False
    call_command("demo", "--force", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="student2").exists()
