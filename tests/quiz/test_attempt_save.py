"""Saving answers: sequence numbers, deadlines with grace, answer shapes, checking during the attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.errors import AttemptClosedError, QuizError, StaleSaveError
from quizzes.models import AttemptState, Response
from quizzes.quiz.selectors.quizzes import attempt_for
from quizzes.quiz.services.attempts import (
    attempt_start,
    attempt_submit,
    attempts_submit_overdue,
    response_save,
)
from quizzes.quiz.tasks import submit_overdue_attempts

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(quiz, student):
    return attempt_start(quiz=quiz, user=student)[0]


def stored(attempt, slot: int) -> Response:
    return Response.objects.get(attempt=attempt, slot=slot)


def test_a_save_stores_the_answer_and_its_sequence(attempt):
    response_save(attempt=attempt, slot=1, answer="b", sequence=1)
    response = stored(attempt, 1)
    assert response.answer == "b"
    assert response.sequence == 1
    assert response.saved_at is not None
    assert response.score is None  # nothing is graded before submit


def test_a_newer_save_replaces_the_answer(attempt):
    response_save(attempt=attempt, slot=1, answer="b", sequence=1)
    response_save(attempt=attempt, slot=1, answer="c", sequence=2)
    assert stored(attempt, 1).answer == "c"


def test_a_stale_save_is_refused_with_the_stored_sequence(attempt):
    response_save(attempt=attempt, slot=1, answer="c", sequence=5)
    with pytest.raises(StaleSaveError) as raised:
        response_save(attempt=attempt, slot=1, answer="b", sequence=4)
    assert raised.value.status_code == 409
    assert raised.value.current == 5
    assert "another tab" in raised.value.message
    assert stored(attempt, 1).answer == "c"


def test_the_same_sequence_with_another_answer_is_stale(attempt):
    response_save(attempt=attempt, slot=1, answer="c", sequence=3)
    with pytest.raises(StaleSaveError):
        response_save(attempt=attempt, slot=1, answer="b", sequence=3)
    assert stored(attempt, 1).answer == "c"


def test_a_replayed_save_returns_the_stored_response(attempt):
    first = response_save(attempt=attempt, slot=1, answer="c", sequence=3)
    again = response_save(attempt=attempt, slot=1, answer="c", sequence=3)
    assert again.pk == first.pk
    assert again.saved_at == first.saved_at


def test_a_save_to_a_submitted_attempt_is_refused(attempt):
    attempt_submit(attempt=attempt)
    with pytest.raises(AttemptClosedError, match="has been submitted"):
        response_save(attempt=attempt, slot=1, answer="a", sequence=1)


def test_a_save_within_the_grace_period_is_accepted(quiz, student):
    quiz.time_limit_minutes = 10
    quiz.grace_seconds = 30
    quiz.save()
    start = timezone.now()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=start)
    response_save(
        attempt=attempt,
        slot=1,
        answer="a",
        sequence=1,
        now=start + timedelta(minutes=10, seconds=20),
    )
    assert stored(attempt, 1).answer == "a"


def test_a_save_after_the_deadline_and_grace_is_refused_and_the_attempt_submitted(quiz, student):
    quiz.time_limit_minutes = 10
    quiz.grace_seconds = 30
    quiz.save()
    start = timezone.now()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=start)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1, now=start)
    with pytest.raises(AttemptClosedError, match="Time is up"):
        response_save(
            attempt=attempt,
            slot=2,
            answer=["a"],
            sequence=1,
            now=start + timedelta(minutes=10, seconds=31),
        )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.auto_submitted
    assert stored(attempt, 2).answer is None  # the late answer was not kept
    assert stored(attempt, 1).score == 1.0  # what was saved in time counts
    assert attempt.score == 1.0


def test_overdue_attempts_nobody_returns_to_are_submitted_by_the_sweep(quiz, student):
    quiz.time_limit_minutes = 1
    quiz.save()
    start = timezone.now() - timedelta(minutes=5)
    attempt, _ = attempt_start(quiz=quiz, user=student, now=start)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1, now=start)
    assert attempts_submit_overdue(quiz=quiz) == 1
    assert attempts_submit_overdue(quiz=quiz) == 0
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.auto_submitted


@pytest.mark.parametrize(
    ("slot", "answer", "message"),
    [
        (1, "z", "Choose one of the question's choices"),
        (1, ["a"], "Choose one of the question's choices"),
        (2, ["a", "zz"], "Choose among the question's choices"),
        (3, "maybe", "Answer true or false"),
        (4, ["one", "two"], "Fill in 1 blank"),
        (5, "x" * 1001, "at most 1000 characters"),
        (5, {"text": "Peru"}, "Type a text answer"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_refused_with_a_message(attempt, slot, answer, message):
    with pytest.raises(QuizError, match=message) as raised:
        response_save(attempt=attempt, slot=slot, answer=answer, sequence=1)
    assert raised.value.field == "answer"
    assert stored(attempt, slot).sequence == 0


def test_an_unknown_slot_is_refused(attempt):
    with pytest.raises(QuizError, match="no question 9"):
        response_save(attempt=attempt, slot=9, answer="a", sequence=1)


def test_answers_are_stored_in_a_canonical_shape(attempt):
    response_save(attempt=attempt, slot=2, answer=["c", "a", "a"], sequence=1)
    response_save(attempt=attempt, slot=3, answer="False", sequence=1)
    response_save(attempt=attempt, slot=4, answer="  seven ", sequence=1)
    response_save(attempt=attempt, slot=5, answer="", sequence=1)
    assert stored(attempt, 2).answer == ["a", "c"]  # display order, no repeats
    assert stored(attempt, 3).answer is False
    assert stored(attempt, 4).answer == ["seven"]
    assert stored(attempt, 5).answer is None  # clearing an answer


def test_checking_is_refused_when_the_quiz_gives_no_feedback_during_the_attempt(attempt):
    with pytest.raises(QuizError, match="no feedback until you submit"):
        response_save(attempt=attempt, slot=1, answer="a", sequence=1, check=True)
    assert stored(attempt, 1).answer is None


def test_a_checked_answer_is_graded_at_once_and_final(quiz, student):
    quiz.review_during_correctness = True
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response = response_save(attempt=attempt, slot=1, answer="b", sequence=1, check=True)
    assert response.checked
    assert response.correct is False
    with pytest.raises(QuizError, match="checked this answer"):
        response_save(attempt=attempt, slot=1, answer="a", sequence=2)
    assert stored(attempt, 1).answer == "b"


def test_reading_an_overdue_attempt_settles_it_so_every_reader_sees_the_same_outcome(
    quiz, student, instructor
):
    quiz.time_limit_minutes = 1
    quiz.save()
    start = timezone.now() - timedelta(minutes=5)
    attempt, _ = attempt_start(quiz=quiz, user=student, now=start)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1, now=start)
    seen = attempt_for(instructor, attempt.pk)  # the instructor opens it: not a view's job
    assert seen.state == AttemptState.SUBMITTED
    assert seen.auto_submitted
    assert attempt_for(student, attempt.pk).score == seen.score


def test_the_periodic_job_submits_overdue_attempts(quiz, student):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=timezone.now() - timedelta(minutes=5))
    result = submit_overdue_attempts.enqueue()
    assert result.return_value == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted
