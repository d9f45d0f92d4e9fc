"""The activity hook: listeners hear of a submitted attempt once its transaction commits, and a
failing listener neither breaks the write nor silences the others."""

from __future__ import annotations

import pytest
from django.db import transaction

from quizzes.activity import Activity, activity_recorded
from quizzes.quiz.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    heard: list[Activity] = []

    def listener(sender, activity, **kwargs):
        heard.append(activity)

    def broken(sender, activity, **kwargs):
        raise RuntimeError("the LMS is down")

    activity_recorded.connect(broken, weak=False)
    activity_recorded.connect(listener, weak=False)
    yield heard
    activity_recorded.disconnect(broken)
    activity_recorded.disconnect(listener)


def test_a_submitted_attempt_is_announced_after_commit_once(heard, quiz, student, caplog):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    with transaction.atomic():
        attempt_submit(attempt=attempt)
        assert heard == []  # not before the commit
    attempt_submit(attempt=attempt)  # a second submit changes nothing and says nothing
    assert [(a.kind, a.object_id, a.user_id, a.course_id) for a in heard] == [
        ("attempt-submitted", str(attempt.pk), student.pk, quiz.course_id)
    ]
    assert heard[0].data["max_score"] > 0
    assert "the LMS is down" in caplog.text


def test_nothing_is_announced_for_a_write_that_rolled_back(heard, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)

    def submit_then_fail():
        with transaction.atomic():
            attempt_submit(attempt=attempt)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        submit_then_fail()
    assert heard == []
