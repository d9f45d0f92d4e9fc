"""The review policy per phase decides what an attempt's view holds (pages and API use this view)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.quiz.selectors.attempts import attempt_view, review_phase
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save

pytestmark = pytest.mark.django_db

NOTHING = {"score": False, "correctness": False, "answers": False, "explanations": False}


def set_policy(quiz, phase: str, **items: bool) -> None:
    for item, value in {**NOTHING, **items}.items():
        setattr(quiz, f"review_{phase}_{item}", value)
    quiz.save()


@pytest.fixture
def attempt(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="b", sequence=1)
    return attempt


def test_an_open_attempt_shows_no_feedback_by_default(attempt):
    view = attempt_view(attempt)
    assert view.phase == "during"
    assert view.score is None
    assert all(item.feedback is None for item in view.items)
    assert view.items[0].answer == "b"
    assert [c.text for c in view.items[0].choices] == ["Brazil", "Peru", "Colombia"]


def test_during_the_attempt_a_checked_answer_shows_what_the_policy_allows(quiz, student):
    set_policy(quiz, "during", correctness=True)
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="b", sequence=1, check=True)
    response_save(attempt=attempt, slot=2, answer=["a"], sequence=1)
    view = attempt_view(attempt)
    checked, unchecked = view.items[0], view.items[1]
    assert checked.feedback.correct is False
    assert checked.feedback.correct_answer is None
    assert checked.feedback.explanation is None
    assert checked.feedback.score is None
    assert unchecked.feedback is None


def test_right_after_submit_the_after_submit_policy_applies(quiz, attempt):
    set_policy(quiz, "after_submit", score=True, correctness=True)
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    view = attempt_view(attempt)
    assert view.phase == "after_submit"
    assert view.score == 0
    item = view.items[0]
    assert item.feedback.correct is False
    assert item.feedback.score == 0
    assert item.feedback.correct_answer is None
    assert item.feedback.right_choices is None
    assert item.feedback.explanation is None
    assert item.feedback.source_sentence is None


def test_after_submit_nothing_shows_when_the_policy_says_so(quiz, attempt):
    set_policy(quiz, "after_submit")
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    view = attempt_view(attempt)
    assert view.score is None
    assert view.percent is None
    assert all(item.feedback is None for item in view.items)


def test_after_the_quiz_closes_the_after_close_policy_applies(quiz, attempt):
    set_policy(quiz, "after_submit")
    set_policy(quiz, "after_close", answers=True, explanations=True)
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt_view(attempt).items[0].feedback is None
    quiz.closes_at = timezone.now() - timedelta(seconds=1)
    quiz.save()
    attempt.refresh_from_db()
    assert review_phase(attempt) == "after_close"
    feedback = attempt_view(attempt).items[0].feedback
    assert feedback.correct_answer == "Brazil"
    assert feedback.right_choices == ["a"]
    assert feedback.explanation == "Brazil holds 60% of the rainforest."
    assert feedback.source_sentence.startswith("The majority of the forest is contained")
    assert feedback.source_title == "Amazon rainforest"
    assert feedback.correct is None
    assert feedback.score is None


def test_the_instructor_sees_everything(quiz, attempt):
    set_policy(quiz, "after_submit")
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    view = attempt_view(attempt, instructor=True)
    assert view.score == 0
    assert view.items[0].feedback.correct_answer == "Brazil"


def test_the_pass_mark_says_whether_the_attempt_passed(quiz, attempt):
    quiz.pass_mark = 20
    quiz.save()
    response_save(attempt=attempt, slot=1, answer="a", sequence=2)
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    view = attempt_view(attempt)
    assert view.percent == 20
    assert view.passed is True
