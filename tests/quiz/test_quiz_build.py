"""Building quizzes: settings validation, slots, publishing, one-click quizzes, the demo quiz."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.errors import QuizError
from quizzes.models import QuestionType, Quiz, QuizEvent, QuizSlot, SlotKind
from quizzes.quiz.services.attempts import attempt_start
from quizzes.quiz.services.quizzes import (
    DEFAULT_QUIZ_LENGTH,
    quiz_create,
    quiz_delete,
    quiz_demo,
    quiz_from_source,
    quiz_publish,
    quiz_title_free,
    quiz_unpublish,
    quiz_update,
    slot_add_fixed,
    slot_add_random,
    slot_move,
    slot_remove,
)
from tests.quiz.fixtures import make_question

pytestmark = pytest.mark.django_db


def test_an_instructor_creates_a_quiz_with_every_setting(course, instructor):
    now = timezone.now()
    quiz = quiz_create(
        course=course,
        user=instructor,
        title="  Week 1  ",
        instructions="Closed book.",
        opens_at=now,
        closes_at=now + timedelta(days=7),
        time_limit_minutes=20,
        grace_seconds=60,
        max_attempts=3,
        grading_method="average",
        pass_mark=60,
        shuffle_questions=True,
        shuffle_choices=False,
        layout="per_question",
        review_after_submit_answers=False,
        review_after_close_answers=True,
    )
    quiz.refresh_from_db()
    assert quiz.title == "Week 1"
    assert not quiz.is_published
    assert quiz.review("after_submit") == {
        "score": True,
        "correctness": True,
        "answers": False,
        "explanations": True,
    }
    assert quiz.review("during") == dict.fromkeys(
        ("score", "correctness", "answers", "explanations"), False
    )


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"time_limit_minutes": 0}, "time_limit_minutes"),
        ({"max_attempts": 0}, "max_attempts"),
        ({"pass_mark": 101}, "pass_mark"),
        ({"grace_seconds": 601}, "grace_seconds"),
    ],
)
def test_bad_settings_are_refused_next_to_their_field(course, instructor, settings, field):
    values = {"title": "Quiz", **settings}
    with pytest.raises(QuizError) as raised:
        quiz_create(course=course, user=instructor, **values)
    assert raised.value.field == field
    assert not Quiz.objects.exists()


def test_a_quiz_must_close_after_it_opens(course, instructor):
    now = timezone.now()
    with pytest.raises(QuizError, match="close after it opens"):
        quiz_create(course=course, user=instructor, title="Q", opens_at=now, closes_at=now)


def test_an_update_checks_the_settings_too(quiz, instructor):
    with pytest.raises(QuizError, match="pass mark"):
        quiz_update(quiz=quiz, user=instructor, pass_mark=-1)
    quiz_update(quiz=quiz, user=instructor, title="Renamed", max_attempts=None)
    quiz.refresh_from_db()
    assert quiz.title == "Renamed"


def test_only_approved_questions_of_the_course_go_into_a_quiz(
    make_quiz, course, other_course, source, instructor
):
    quiz = make_quiz([], publish=False)
    draft = make_question(course=course, source=source, status="draft")
    theirs = make_question(course=other_course)
    with pytest.raises(QuizError, match="Only approved"):
        slot_add_fixed(quiz=quiz, user=instructor, question=draft)
    with pytest.raises(QuizError, match="another course"):
        slot_add_fixed(quiz=quiz, user=instructor, question=theirs)
    good = make_question(course=course, source=source)
    slot_add_fixed(quiz=quiz, user=instructor, question=good)
    with pytest.raises(QuizError, match="already in the quiz"):
        slot_add_fixed(quiz=quiz, user=instructor, question=good)


def test_a_random_draw_needs_enough_matching_questions(make_quiz, course, source, instructor):
    quiz = make_quiz([], publish=False)
    make_question(course=course, source=source, type=QuestionType.TRUE_FALSE)
    with pytest.raises(QuizError, match="Only 1 approved question match; draw at most 1"):
        slot_add_random(quiz=quiz, user=instructor, count=2, type=QuestionType.TRUE_FALSE)
    with pytest.raises(QuizError, match="question type"):
        slot_add_random(quiz=quiz, user=instructor, count=1, type="essay")
    slot = slot_add_random(quiz=quiz, user=instructor, count=1, type=QuestionType.TRUE_FALSE)
    assert slot.kind == SlotKind.RANDOM


def test_publishing_needs_a_question(make_quiz, instructor):
    quiz = make_quiz([], publish=False)
    with pytest.raises(QuizError, match="at least one question"):
        quiz_publish(quiz=quiz, user=instructor)


def test_publish_and_unpublish_are_audited(quiz, instructor):
    quiz_unpublish(quiz=quiz, user=instructor)
    quiz_publish(quiz=quiz, user=instructor)
    assert list(QuizEvent.objects.filter(quiz=quiz).values_list("action", flat=True)) == [
        "published",
        "unpublished",
        "published",
    ]


def test_removing_a_slot_from_an_attempted_quiz_needs_confirmation(quiz, instructor, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    slot = quiz.slots.first()
    with pytest.raises(QuizError, match="1 attempt already used this quiz") as raised:
        slot_remove(quiz=quiz, user=instructor, slot=slot)
    assert raised.value.field == "confirm"
    assert quiz.slots.count() == 5
    slot_remove(quiz=quiz, user=instructor, slot=slot, confirm=True)
    assert quiz.slots.count() == 4
    assert len(attempt.responses.all()) == 5  # the attempt keeps what it showed
    event = QuizEvent.objects.get(quiz=quiz, action="slot_removed")
    assert event.actor == instructor
    assert event.detail["attempts"] == 1


def test_removing_a_slot_before_any_attempt_needs_no_confirmation(quiz, instructor):
    slot_remove(quiz=quiz, user=instructor, slot=quiz.slots.first())
    assert quiz.slots.count() == 4


def test_slots_move_up_and_down(quiz, instructor):
    first, second = list(quiz.slots.order_by("position"))[:2]
    slot_move(quiz=quiz, user=instructor, slot=second, offset=-1)
    assert list(quiz.slots.order_by("position").values_list("pk", flat=True))[:2] == [
        second.pk,
        first.pk,
    ]


def test_a_quiz_with_attempts_cannot_be_deleted(quiz, instructor, student):
    attempt_start(quiz=quiz, user=student)
    with pytest.raises(QuizError, match="unpublish it instead"):
        quiz_delete(quiz=quiz, user=instructor)
    assert Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_quiz_from_an_article_holds_its_approved_questions_best_first(
    course, source, instructor, quiz_bank
):
    make_question(course=course, source=source, status="draft")
    quiz = quiz_from_source(source=source, user=instructor)
    assert quiz.title == "Quiz: Amazon rainforest"
    assert quiz.source == source
    assert not quiz.is_published
    slots = list(quiz.slots.order_by("position"))
    assert [s.question_id for s in slots] == [q.pk for q in quiz_bank]  # by score, drafts left out
    assert all(s.kind == SlotKind.FIXED and s.version is None for s in slots)


def test_a_quiz_from_a_large_article_bank_draws_at_random(course, source, instructor):
    for n in range(DEFAULT_QUIZ_LENGTH + 2):
        make_question(course=course, source=source, prompt=f"Q{n}")
    quiz = quiz_from_source(source=source, user=instructor)
    slot = QuizSlot.objects.get(quiz=quiz)
    assert slot.kind == SlotKind.RANDOM
    assert slot.draw_count == DEFAULT_QUIZ_LENGTH
    assert slot.draw_source == source


def test_a_quiz_from_an_article_without_approved_questions_is_refused(source, instructor):
    with pytest.raises(QuizError, match="no approved questions yet"):
        quiz_from_source(source=source, user=instructor)


def test_the_demo_quiz_is_published_and_made_once(course, source, instructor, quiz_bank):
    quiz = quiz_demo(course=course, source=source, user=instructor)
    again = quiz_demo(course=course, source=source, user=instructor)
    assert quiz.is_published
    assert again.pk == quiz.pk
    assert Quiz.objects.count() == 1


def test_two_quizzes_of_a_course_never_share_a_title(course, instructor):
    quiz_create(course=course, user=instructor, title="Week 1")
    with pytest.raises(QuizError, match="already has a quiz called “week 1”") as error:
        quiz_create(course=course, user=instructor, title="week 1")
    assert error.value.field == "title"
    other = quiz_create(course=course, user=instructor, title="Week 2")
    with pytest.raises(QuizError, match="already has a quiz"):
        quiz_update(quiz=other, user=instructor, title="Week 1")
    other.refresh_from_db()
    assert other.title == "Week 2"
    quiz_update(quiz=other, user=instructor, title="Week 2", max_attempts=2)  # its own title


def test_a_second_quiz_from_an_article_gets_a_title_of_its_own(
    course, source, instructor, quiz_bank
):
    first = quiz_from_source(source=source, user=instructor)
    second = quiz_from_source(source=source, user=instructor)
    third = quiz_from_source(source=source, user=instructor)
    assert [first.title, second.title, third.title] == [
        "Quiz: Amazon rainforest",
        "Quiz: Amazon rainforest (2)",
        "Quiz: Amazon rainforest (3)",
    ]


def test_a_free_title_stays_within_the_limit(course, instructor):
    long = "x" * 200
    quiz_create(course=course, user=instructor, title=long)
    free = quiz_title_free(course, long)
    assert len(free) == 200
    assert free.endswith(" (2)")
