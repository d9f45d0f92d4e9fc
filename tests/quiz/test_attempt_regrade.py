"""Regrading: after fixing a flawed question, existing attempts are graded with the new version."""

from __future__ import annotations

import pytest

from quizzes.courses.services import course_join
from quizzes.errors import QuizError
from quizzes.models import Attempt, QuizEvent, Response
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.quiz.services.regrade import attempt_regrade
from tests.conftest import make_user
from tests.quiz.fixtures import add_version, make_question

pytestmark = pytest.mark.django_db

# The flaw: the key was entered on the wrong line; the fixed version marks Peru ("b") right.
FIXED_CHOICES = [
    {"id": "a", "text": "Brazil", "correct": False},
    {"id": "b", "text": "Peru", "correct": True},
    {"id": "c", "text": "Colombia", "correct": False},
]


@pytest.fixture
def submitted(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="b", sequence=1)
    return attempt_submit(attempt=attempt).attempt


def test_a_regrade_grades_existing_attempts_with_the_new_version(
    quiz, quiz_bank, instructor, submitted
):
    assert submitted.score == 0
    fixed = add_version(quiz_bank[0], choices=FIXED_CHOICES)
    result = attempt_regrade(quiz=quiz, user=instructor, question=quiz_bank[0])
    assert result.responses == 1
    assert result.changed == 1
    submitted.refresh_from_db()
    assert submitted.score == 1
    assert submitted.regraded_at is not None
    response = Response.objects.get(attempt=submitted, slot=1)
    assert response.version == fixed
    assert response.correct is True


def test_a_regrade_is_audited_with_scores_before_and_after(quiz, quiz_bank, instructor, submitted):
    add_version(quiz_bank[0], choices=FIXED_CHOICES)
    attempt_regrade(quiz=quiz, user=instructor, question=quiz_bank[0])
    event = QuizEvent.objects.get(quiz=quiz, action="regraded")
    assert event.actor == instructor
    assert event.detail["question"] == quiz_bank[0].pk
    assert event.detail["version_number"] == 2
    assert event.detail["attempts"] == [{"attempt": submitted.pk, "before": 0.0, "after": 1.0}]


def test_a_dry_run_reports_without_changing_anything(quiz, quiz_bank, instructor, submitted):
    add_version(quiz_bank[0], choices=FIXED_CHOICES)
    result = attempt_regrade(quiz=quiz, user=instructor, question=quiz_bank[0], dry_run=True)
    assert result.changed == 1
    submitted.refresh_from_db()
    assert submitted.score == 0
    assert Response.objects.get(attempt=submitted, slot=1).version.number == 1
    assert not QuizEvent.objects.filter(action="regraded").exists()


def test_open_attempts_are_left_alone(quiz, quiz_bank, instructor, submitted, course):
    other = make_user("other-student")
    course_join(user=other, join_code=course.join_code)
    open_attempt, _ = attempt_start(quiz=quiz, user=other)
    add_version(quiz_bank[0], choices=FIXED_CHOICES)
    attempt_regrade(quiz=quiz, user=instructor, question=quiz_bank[0])
    assert Response.objects.get(attempt=open_attempt, slot=1).version.number == 1
    assert Attempt.objects.get(pk=open_attempt.pk).regraded_at is None


def test_a_question_of_another_course_is_refused(quiz, instructor, other_course):
    with pytest.raises(QuizError, match="another course"):
        attempt_regrade(quiz=quiz, user=instructor, question=make_question(course=other_course))
