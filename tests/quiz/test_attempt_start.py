"""Starting an attempt: each integrity rule on its own, the frozen layout, random draws."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.errors import QuizError
from quizzes.models import Attempt, AttemptState, QuestionType, Response, Tag
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, layout_draw
from quizzes.quiz.services.quizzes import (
    quiz_publish,
    quiz_unpublish,
    slot_add_fixed,
    slot_add_random,
)
from tests.quiz.fixtures import add_version, make_question

pytestmark = pytest.mark.django_db


def test_it_freezes_questions_versions_and_choice_order_from_a_stored_seed(quiz, student):
    quiz.shuffle_choices = True
    quiz.shuffle_questions = True
    quiz.save()
    attempt, created = attempt_start(quiz=quiz, user=student)
    assert created
    assert attempt.number == 1
    assert attempt.state == AttemptState.IN_PROGRESS
    assert len(attempt.layout) == 5
    assert attempt.max_score == 5
    # The same seed draws the same layout: it can be explained and reproduced.
    assert layout_draw(quiz=quiz, user=student, seed=attempt.seed) == attempt.layout
    responses = Response.objects.filter(attempt=attempt).order_by("slot")
    assert [(r.slot, r.question_id, r.version_id) for r in responses] == [
        (e["slot"], e["question"], e["version"]) for e in attempt.layout
    ]
    mcq_multi = next(e for e in attempt.layout if e["type"] == QuestionType.MCQ_MULTI)
    assert sorted(mcq_multi["choices"]) == ["a", "b", "c", "d", "e"]


def test_it_marks_the_questions_as_shown(quiz, quiz_bank, student):
    attempt_start(quiz=quiz, user=student)
    for question in quiz_bank:
        question.refresh_from_db()
        assert question.shown_at is not None


def test_a_second_start_returns_the_open_attempt(quiz, student):
    first, created = attempt_start(quiz=quiz, user=student)
    again, created_again = attempt_start(quiz=quiz, user=student)
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert Attempt.objects.filter(quiz=quiz, user=student).count() == 1


def test_the_database_refuses_a_second_open_attempt(quiz, student):
    _attempt, _ = attempt_start(quiz=quiz, user=student)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, user=student, number=2, seed=1, started_at=timezone.now())


def test_the_database_refuses_a_repeated_attempt_number(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz,
            user=student,
            number=1,
            seed=1,
            started_at=timezone.now(),
            state=AttemptState.SUBMITTED,
        )


def test_it_enforces_the_attempt_limit(quiz, student):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        attempt, _ = attempt_start(quiz=quiz, user=student)
        attempt_submit(attempt=attempt)
    with pytest.raises(QuizError, match="used all 2 attempts"):
        attempt_start(quiz=quiz, user=student)


def test_a_later_attempt_gets_the_next_number(quiz, student):
    first, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=first)
    second, created = attempt_start(quiz=quiz, user=student)
    assert created
    assert second.number == 2


def test_it_refuses_before_the_quiz_opens(quiz, student):
    quiz.opens_at = timezone.now() + timedelta(hours=1)
    quiz.save()
    with pytest.raises(QuizError, match="opens at"):
        attempt_start(quiz=quiz, user=student)


def test_it_refuses_after_the_quiz_closes(quiz, student):
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    with pytest.raises(QuizError, match="has closed"):
        attempt_start(quiz=quiz, user=student)


def test_it_refuses_an_unpublished_quiz(quiz, instructor, student):
    quiz_unpublish(quiz=quiz, user=instructor)
    with pytest.raises(QuizError, match="not published"):
        attempt_start(quiz=quiz, user=student)


def test_the_deadline_is_the_time_limit_capped_at_the_close_time(quiz, student):
    now = timezone.now()
    quiz.time_limit_minutes = 30
    quiz.closes_at = now + timedelta(minutes=10)
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=now)
    assert attempt.deadline == quiz.closes_at
    quiz.closes_at = None
    quiz.save()
    attempt_submit(attempt=attempt)
    later, _ = attempt_start(quiz=quiz, user=student, now=now)
    assert later.deadline == now + timedelta(minutes=30)


def test_an_overdue_open_attempt_is_submitted_before_a_new_one_starts(quiz, student):
    quiz.time_limit_minutes = 5
    quiz.save()
    start = timezone.now()
    old, _ = attempt_start(quiz=quiz, user=student, now=start)
    new, created = attempt_start(quiz=quiz, user=student, now=start + timedelta(minutes=10))
    old.refresh_from_db()
    assert old.state == AttemptState.SUBMITTED
    assert old.auto_submitted
    assert created
    assert new.number == 2


def test_a_question_no_longer_approved_is_left_out(quiz, quiz_bank, student):
    quiz_bank[0].status = "archived"
    quiz_bank[0].save()
    attempt, _ = attempt_start(quiz=quiz, user=student)
    assert quiz_bank[0].pk not in [e["question"] for e in attempt.layout]
    assert len(attempt.layout) == 4


def test_a_pinned_slot_keeps_its_version_and_a_latest_slot_follows_edits(
    make_quiz, course, source, instructor, student
):

    pinned_q = make_question(course=course, source=source, prompt="Pinned v1")
    latest_q = make_question(course=course, source=source, prompt="Latest v1")
    quiz = make_quiz([], publish=False)
    slot_add_fixed(quiz=quiz, user=instructor, question=pinned_q, version=pinned_q.current)
    slot_add_fixed(quiz=quiz, user=instructor, question=latest_q)
    quiz_publish(quiz=quiz, user=instructor)
    add_version(pinned_q, prompt="Pinned v2")
    v2 = add_version(latest_q, prompt="Latest v2")
    attempt, _ = attempt_start(quiz=quiz, user=student)
    versions = {e["question"]: e["version"] for e in attempt.layout}
    assert versions[pinned_q.pk] == pinned_q.versions.get(number=1).pk
    assert versions[latest_q.pk] == v2.pk


def test_a_random_draw_prefers_questions_not_seen_in_earlier_attempts(
    make_quiz, course, source, instructor, student
):
    pool = [make_question(course=course, source=source, prompt=f"Q{n}") for n in range(6)]
    quiz = make_quiz([], publish=False, max_attempts=None)
    slot_add_random(quiz=quiz, user=instructor, count=3, source=source)
    quiz_publish(quiz=quiz, user=instructor)
    first, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=first)
    second, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=second)
    drawn_first = {e["question"] for e in first.layout}
    drawn_second = {e["question"] for e in second.layout}
    assert len(drawn_first) == len(drawn_second) == 3
    assert drawn_first.isdisjoint(drawn_second)  # six questions: the retake sees the other three
    assert drawn_first | drawn_second == {q.pk for q in pool}
    # A third attempt has seen everything: it still gets three distinct questions.
    third, _ = attempt_start(quiz=quiz, user=student)
    assert len({e["question"] for e in third.layout}) == 3


def test_a_random_draw_filters_by_type_and_tag(make_quiz, course, source, instructor, student):
    tag = Tag.objects.create(course=course, name="geography")
    tagged = make_question(course=course, source=source, type=QuestionType.TRUE_FALSE)
    tagged.tags.add(tag)
    make_question(course=course, source=source, type=QuestionType.TRUE_FALSE)  # untagged
    make_question(course=course, source=source, type=QuestionType.MCQ).tags.add(tag)
    quiz = make_quiz([], publish=False)
    slot_add_random(quiz=quiz, user=instructor, count=1, tag=tag, type=QuestionType.TRUE_FALSE)
    quiz_publish(quiz=quiz, user=instructor)
    attempt, _ = attempt_start(quiz=quiz, user=student)
    assert [e["question"] for e in attempt.layout] == [tagged.pk]


def test_random_draws_never_repeat_a_fixed_question(make_quiz, course, source, instructor, student):
    fixed = make_question(course=course, source=source, prompt="Fixed")
    other = make_question(course=course, source=source, prompt="Other")
    quiz = make_quiz([fixed], publish=False)
    slot_add_random(quiz=quiz, user=instructor, count=1, source=source)
    quiz_publish(quiz=quiz, user=instructor)
    attempt, _ = attempt_start(quiz=quiz, user=student)
    assert [e["question"] for e in attempt.layout] == [fixed.pk, other.pk]


def test_an_attempt_with_nothing_to_show_is_refused(make_quiz, course, source, student):
    question = make_question(course=course, source=source)
    quiz = make_quiz([question])
    question.status = "rejected"
    question.save()
    with pytest.raises(QuizError, match="no questions to show"):
        attempt_start(quiz=quiz, user=student)
    assert not Attempt.objects.exists()
