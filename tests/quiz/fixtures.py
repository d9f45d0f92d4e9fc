"""Fixtures for quizzes: an approved bank of every question type, and published quizzes of it.

Imported by tests/conftest.py, so every test directory can use them. Questions are created through
the ORM (the bank's own services are tested elsewhere); the bank chain is
instructor → course → source → quiz_bank → quiz.
"""

from __future__ import annotations

import pytest

from quizzes.models import ItemStatus, Question, QuestionType, QuestionVersion, Quiz
from quizzes.quiz.services.quizzes import (
    quiz_create,
    quiz_publish,
    quiz_title_free,
    slot_add_fixed,
)

BRAZIL = "The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by Peru with 13% and Colombia with 10%."
NINE = "The region includes territory belonging to nine nations."
SEVEN = "The basin encompasses seven million square kilometres, of which five and a half million are covered by the rainforest."

# (type, version fields) for each question type; the right answers are distinctive words so a test
# can assert they are absent from a page before the review policy allows them.
BANK = [
    (
        QuestionType.MCQ,
        {
            "prompt": "Which country contains the majority of the Amazon rainforest?",
            "choices": [
                {"id": "a", "text": "Brazil", "correct": True},
                {"id": "b", "text": "Peru", "correct": False},
                {"id": "c", "text": "Colombia", "correct": False},
            ],
            "explanation": "Brazil holds 60% of the rainforest.",
            "evidence_text": BRAZIL,
        },
    ),
    (
        QuestionType.MCQ_MULTI,
        {
            "prompt": "Which countries hold at least 10% of the rainforest?",
            "choices": [
                {"id": "a", "text": "Brazil", "correct": True},
                {"id": "b", "text": "Peru", "correct": True},
                {"id": "c", "text": "Colombia", "correct": True},
                {"id": "d", "text": "Chile", "correct": False},
                {"id": "e", "text": "Uruguay", "correct": False},
            ],
            "explanation": "Brazil 60%, Peru 13%, Colombia 10%.",
            "evidence_text": BRAZIL,
        },
    ),
    (
        QuestionType.TRUE_FALSE,
        {
            "prompt": "The Amazon region includes territory belonging to five nations.",
            "truth": False,
            "explanation": "It spans nine nations, not five.",
            "evidence_text": NINE,
        },
    ),
    (
        QuestionType.CLOZE,
        {
            "prompt": "The basin encompasses ____ million square kilometres.",
            "accepted": ["seven", "7"],
            "explanation": "Seven million square kilometres; the forest covers 5.5 million.",
            "evidence_text": SEVEN,
        },
    ),
    (
        QuestionType.SHORT_ANSWER,
        {
            "prompt": "Which country holds 13% of the rainforest?",
            "accepted": ["Peru", "Republic of Peru"],
            "explanation": "Peru follows Brazil with 13%.",
            "evidence_text": BRAZIL,
        },
    ),
]

# What a student answers to get every question right (by type).
RIGHT = {
    QuestionType.MCQ: "a",
    QuestionType.MCQ_MULTI: ["a", "b", "c"],
    QuestionType.TRUE_FALSE: False,
    QuestionType.CLOZE: ["Seven"],
    QuestionType.SHORT_ANSWER: "the republic of peru",
}


def make_question(
    *,
    course,
    source=None,
    type: str = QuestionType.MCQ,
    status: str = ItemStatus.APPROVED,
    score: float = 0.5,
    **content,
) -> Question:
    """An approved (by default) question with version 1 holding ``content``."""
    if type in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
        content.setdefault(
            "choices",
            [
                {"id": "a", "text": "Right", "correct": True},
                {"id": "b", "text": "Wrong", "correct": False},
            ],
        )
    content.setdefault("prompt", f"A {type} question")
    if type == QuestionType.TRUE_FALSE:
        content.setdefault("truth", True)
    if type in (QuestionType.CLOZE, QuestionType.SHORT_ANSWER):
        content.setdefault("accepted", ["answer"])
    question = Question.objects.create(
        course=course, source=source, type=type, status=status, score=score
    )
    version = QuestionVersion.objects.create(question=question, number=1, **content)
    question.current = version
    question.save(update_fields=["current"])
    return question


def add_version(question: Question, **changes) -> QuestionVersion:
    """A new version (number + 1) copying the current one with ``changes``; becomes current."""
    current = question.current
    fields = {
        name: getattr(current, name)
        for name in ("prompt", "choices", "accepted", "truth", "explanation", "evidence_text")
    }
    fields.update(changes)
    version = QuestionVersion.objects.create(question=question, number=current.number + 1, **fields)
    question.current = version
    question.save(update_fields=["current"])
    return version


@pytest.fixture
def quiz_bank(course, source) -> list[Question]:
    """One approved question of each type from the article, in BANK order."""
    return [
        make_question(course=course, source=source, type=qtype, score=1 - n / 10, **content)
        for n, (qtype, content) in enumerate(BANK)
    ]


@pytest.fixture
def make_quiz(course, instructor):
    """Build a published quiz of ``questions`` (fixed slots) with ``settings``; no shuffling."""

    def build(questions, *, publish: bool = True, **settings) -> Quiz:
        settings.setdefault("shuffle_choices", False)
        quiz = quiz_create(
            course=course,
            user=instructor,
            # Titles are unique in a course: a second quiz is "Rainforest quiz (2)".
            title=settings.pop("title", None) or quiz_title_free(course, "Rainforest quiz"),
            **settings,
        )
        for question in questions:
            slot_add_fixed(quiz=quiz, user=instructor, question=question)
        if publish:
            quiz_publish(quiz=quiz, user=instructor)
        return quiz

    return build


@pytest.fixture
def quiz(make_quiz, quiz_bank) -> Quiz:
    """A published quiz of the five-question bank; review policy as default (all after submit)."""
    return make_quiz(quiz_bank)
