"""The weakest-claims session: what it shows, and recording practice answers."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.errors import ConflictError, ProgressError, QuizError
from quizzes.models import PracticeAnswer
from quizzes.practice.selectors import protected_question_ids
from quizzes.practice.services import practice_answer_record
from quizzes.practice.services import practice_plan as plan_for
from quizzes.quiz.services.attempts import attempt_start
from quizzes.quiz.services.quizzes import quiz_create, quiz_publish, slot_add_fixed
from tests.progress.fixtures import build_bank, review, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_bank(course, instructor):
    return build_bank(course, instructor)


def record(student, course, question, answer="a", answer_id=None, now=None):
    return practice_answer_record(
        user=student,
        course=course,
        question=question,
        answer=answer,
        answer_id=answer_id or uuid.uuid4(),
        now=now,
    )


def test_the_session_is_about_the_weakest_claims_with_their_cards_and_questions(
    claims_bank, course, student
):
    now = timezone.now()
    first, second, third = claims_bank.claims
    right = {claims_bank.questions[("claim", first.pk)].pk}
    take_quiz(claims_bank.quiz, student, right=right, at=now - timedelta(days=1))
    card = claims_bank.cards[("claim", first.pk)]
    review(student, card, 3, now - timedelta(hours=2), claims_bank.deck)
    review(student, card, 3, now - timedelta(hours=1), claims_bank.deck)  # first is now mastered

    plan = plan_for(course=course, user=student, now=now)
    assert [t.topic.id for t in plan.topics] == [second.pk, third.pk]
    assert {c.topic for c in plan.cards} == {("claim", second.pk), ("claim", third.pk)}
    assert [q.topic for q in plan.questions] == [("claim", second.pk), ("claim", third.pk)]
    assert all(c.deck_id == claims_bank.deck.pk for c in plan.cards)


def test_study_this_now_focuses_the_session_on_one_term(claims_bank, course, student):
    term = claims_bank.terms[1]
    plan = plan_for(course=course, user=student, focus=("term", term.pk), now=timezone.now())
    assert [t.topic.key for t in plan.topics] == [("term", term.pk)]
    assert [q.id for q in plan.questions] == [claims_bank.questions[("term", term.pk)].pk]
    assert [c.card.card_id for c in plan.cards] == [claims_bank.cards[("term", term.pk)].pk]


def test_the_session_shows_no_answer_key(claims_bank, course, student):
    plan = plan_for(course=course, user=student, now=timezone.now())
    question = plan.questions[0]
    assert sorted(question.choices) == [("a", "Yes, right"), ("b", "No, wrong")]
    assert "correct" not in repr(question)


def test_an_answer_is_graded_stored_and_then_counts_for_mastery(claims_bank, course, student):
    question = claims_bank.questions[("claim", claims_bank.claims[1].pk)]
    stored, created = record(student, course, question, "a")
    assert created
    row = PracticeAnswer.objects.get(pk=stored.pk)
    assert (row.score, row.correct, row.version_id) == (1.0, True, question.current_id)
    plan = plan_for(course=course, user=student, now=timezone.now())
    assert question.pk not in [q.id for q in plan.questions]  # practised today already


def test_the_same_form_posted_twice_is_stored_once(claims_bank, course, student):
    question = claims_bank.questions[("claim", claims_bank.claims[0].pk)]
    answer_id = uuid.uuid4()
    first, created = record(student, course, question, "b", answer_id)
    again, created_again = record(student, course, question, "b", answer_id)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert PracticeAnswer.objects.count() == 1
    with pytest.raises(ConflictError):
        record(student, course, question, "a", answer_id)


def test_it_refuses_an_answer_of_the_wrong_shape_or_none(claims_bank, course, student):
    question = claims_bank.questions[("claim", claims_bank.claims[0].pk)]
    with pytest.raises(QuizError, match="Choose one of"):
        record(student, course, question, "z")
    with pytest.raises(ProgressError, match="Answer the question"):
        record(student, course, question, "")
    assert not PracticeAnswer.objects.exists()


def test_it_refuses_a_question_of_another_course(
    claims_bank, course, student, other_course, outsider
):
    theirs = build_bank(other_course, outsider, claims=1, terms=0)
    question = next(iter(theirs.questions.values()))
    with pytest.raises(ProgressError, match="not one of the course"):
        record(student, course, question)


def test_questions_of_a_quiz_still_to_take_for_a_grade_are_never_practised(
    claims_bank, course, student, instructor
):
    now = timezone.now()
    question = claims_bank.questions[("claim", claims_bank.claims[0].pk)]
    exam = quiz_create(course=course, user=instructor, title="Exam", max_attempts=1)
    slot_add_fixed(quiz=exam, user=instructor, question=question)
    quiz_publish(quiz=exam, user=instructor)

    assert question.pk in protected_question_ids(course, student, now=now)
    plan = plan_for(course=course, user=student, focus=("claim", claims_bank.claims[0].pk), now=now)
    assert plan.questions == []
    with pytest.raises(ProgressError, match="quiz you still have to take"):
        record(student, course, question)
    # Once the exam has closed, its questions may be practised.
    exam.closes_at = now - timedelta(minutes=1)
    exam.save()
    assert question.pk not in protected_question_ids(course, student, now=now)


def test_questions_of_an_open_attempt_are_never_practised(claims_bank, course, student):
    attempt, _ = attempt_start(quiz=claims_bank.quiz, user=student)
    in_attempt = {entry["question"] for entry in attempt.layout}
    assert in_attempt <= protected_question_ids(course, student, now=timezone.now())
    assert plan_for(course=course, user=student, now=timezone.now()).questions == []


def test_practice_never_shows_a_question_of_an_unpublished_quiz_the_learner_may_take(
    claims_bank, course, student, instructor, web_as
):
    """Issue #18, item 5: a midterm not yet published must not leak its answers through practice."""
    now = timezone.now()
    focus = ("claim", claims_bank.claims[0].pk)
    question = claims_bank.questions[focus]
    midterm = quiz_create(course=course, user=instructor, title="Midterm", max_attempts=1)
    slot_add_fixed(quiz=midterm, user=instructor, question=question)
    assert not midterm.is_published

    assert question.pk in protected_question_ids(course, student, now=now)
    assert plan_for(course=course, user=student, focus=focus, now=now).questions == []
    with pytest.raises(ProgressError, match="quiz you still have to take"):
        record(student, course, question)
    page = web_as(student).get(f"/courses/{course.pk}/practice/", {"claim": focus[1]})
    assert question.current.prompt not in page.content.decode()


def test_an_earlier_practice_answer_stops_showing_its_key_once_the_question_is_in_a_quiz(
    claims_bank, course, student, instructor, web_as
):
    focus = ("claim", claims_bank.claims[0].pk)
    question = claims_bank.questions[focus]
    answered, _ = record(student, course, question, answer="a")
    url = f"/courses/{course.pk}/practice/?answered={answered.pk}"
    assert web_as(student).get(url).context["feedback"] is not None
    draft = quiz_create(course=course, user=instructor, title="Final", max_attempts=1)
    slot_add_fixed(quiz=draft, user=instructor, question=question)
    assert web_as(student).get(url).context["feedback"] is None
