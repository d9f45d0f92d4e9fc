"""manage.py rebuild_schedules replays schedules from the review log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import CardSchedule
from tests.study.reviewing import grade

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_the_command_puts_damaged_schedules_back_and_keeps_flags(enrolled, student, approved_cards):
    for day, rating in enumerate([3, 3, 3, 1, 3]):
        grade(student, approved_cards[4], rating, START + timedelta(days=day * 4))
    grade(student, approved_cards[5], 3, START)
    good = CardSchedule.objects.get(user=student, card=approved_cards[4])
    CardSchedule.objects.filter(pk=good.pk).update(stability=1, reps=99, suspended=True)
    out = StringIO()
    call_command("rebuild_schedules", "--user", "student", stdout=out)
    assert "Rebuilt 2 schedules from the log; 1 changed." in out.getvalue()
    fixed = CardSchedule.objects.get(pk=good.pk)
    assert (fixed.stability, fixed.reps, fixed.due) == (good.stability, 5, good.due)
    assert fixed.suspended  # the learner's flag stays


def test_the_command_can_be_limited_to_a_deck_and_refuses_an_unknown_user(
    enrolled, student, approved_cards
):
    grade(student, approved_cards[4], 3, START)
    out = StringIO()
    call_command("rebuild_schedules", "--deck", str(enrolled.pk), stdout=out)
    assert "Rebuilt 1 schedule from the log; 0 changed." in out.getvalue()
    with pytest.raises(CommandError, match="No user called"):
        call_command("rebuild_schedules", "--user", "nobody")
