"""Builders for progress tests: a small bank of claims and terms, and history made by the services.

The bank (claims, terms, questions, cards) is written with the ORM so each test knows exactly what
tests what; the history — quiz attempts and card reviews — goes through the real services
(``attempt_start``/``response_save``/``attempt_submit``, ``review_record``) at chosen times.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from quizzes.courses.services import course_join
from quizzes.models import (
    Card,
    CardKind,
    Claim,
    Course,
    Deck,
    ItemStatus,
    Question,
    QuestionType,
    QuestionVersion,
    Quiz,
    Source,
    SourceStatus,
    Term,
)
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.quiz.services.quizzes import quiz_create, quiz_publish, slot_add_fixed
from quizzes.sources.services import source_create
from quizzes.study.services.decks import deck_from_source
from quizzes.study.services.reviews import review_record

TEXT = (
    "Claim sentence number zero is here. Claim sentence number one is here. "
    "Claim sentence number two is here. Claim sentence number three is here. "
    "Claim sentence number four is here. Claim sentence number five is here."
)
SENTENCE = 35  # each sentence above is 34 characters and a space


@dataclass
class Bank:
    """One article with ``claims`` and ``terms``; per topic one approved MCQ question (right
    choice "a") and one approved card; a published quiz of all questions and a published deck."""

    source: Source
    claims: list[Claim]
    terms: list[Term]
    questions: dict[tuple[str, int], Question] = field(default_factory=dict)
    cards: dict[tuple[str, int], Card] = field(default_factory=dict)
    quiz: Quiz | None = None
    deck: Deck | None = None


def build_bank(course: Course, instructor, *, claims: int = 3, terms: int = 2) -> Bank:  # type: ignore[no-untyped-def]
    source, _ = source_create(course=course, user=instructor, text=TEXT, title="Six claims")
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.READY, cleaned_text=TEXT)
    source.refresh_from_db()
    bank = Bank(source=source, claims=[], terms=[])
    for i in range(claims):
        start = (i % 6) * SENTENCE
        bank.claims.append(
            Claim.objects.create(
                source=source,
                text=f"Claim {i} is true.",
                rank=i,
                evidence_start=start,
                evidence_end=start + SENTENCE - 1,
                evidence_text=TEXT[start : start + SENTENCE - 1],
            )
        )
    for i in range(terms):
        bank.terms.append(
            Term.objects.create(
                source=source,
                text=f"term {i}",
                kind="concept",
                rank=i,
                definition=f"The meaning of term {i}.",
                evidence_start=0,
                evidence_end=SENTENCE - 1,
            )
        )
    for topic in [*bank.claims, *bank.terms]:
        kind = "claim" if isinstance(topic, Claim) else "term"
        link = {kind: topic}
        bank.questions[(kind, topic.pk)] = _question(course, source, topic.text, link)
        bank.cards[(kind, topic.pk)] = Card.objects.create(
            course=course,
            source=source,
            kind=CardKind.BASIC,
            front=f"What about {topic.text}?",
            back="This.",
            sibling_key=f"{kind}:{topic.pk}",
            status=ItemStatus.APPROVED,
            **link,
        )
    quiz = quiz_create(
        course=course, user=instructor, title="Six claims quiz", shuffle_choices=False
    )
    for question in bank.questions.values():
        slot_add_fixed(quiz=quiz, user=instructor, question=question)
    bank.quiz = quiz_publish(quiz=quiz, user=instructor)
    bank.deck = deck_from_source(source=source, user=instructor, published=True)
    return bank


def _question(course: Course, source: Source, text: str, link: dict) -> Question:
    question = Question.objects.create(
        course=course, source=source, type=QuestionType.MCQ, status=ItemStatus.APPROVED, **link
    )
    question.current = QuestionVersion.objects.create(
        question=question,
        number=1,
        prompt=f"Is it so that {text}",
        choices=[
            {"id": "a", "text": "Yes, right", "correct": True},
            {"id": "b", "text": "No, wrong", "correct": False},
        ],
        explanation="Because the article says so.",
    )
    question.save(update_fields=["current"])
    return question


def add_students(course: Course, count: int, *, prefix: str = "pupil") -> list:
    users = []
    for i in range(count):
        user = get_user_model().objects.create_user(username=f"{prefix}{i:02d}", password="x")
        course_join(user=user, join_code=course.join_code)
        users.append(user)
    return users


def take_quiz(quiz: Quiz, user, *, right: set[int] | None = None, at: datetime):  # type: ignore[no-untyped-def]
    """``user`` takes ``quiz`` at ``at``, answering right the questions whose ids are in ``right``
    (all of them when None) and wrong the others, and submits."""
    attempt, _ = attempt_start(quiz=quiz, user=user, now=at)
    for entry in attempt.layout:
        good = right is None or entry["question"] in right
        response_save(
            attempt=attempt, slot=entry["slot"], answer="a" if good else "b", sequence=1, now=at
        )
    return attempt_submit(attempt=attempt, now=at).attempt


def review(user, card: Card, rating: int, at: datetime, deck: Deck | None = None):  # type: ignore[no-untyped-def]
    """``user`` grades ``card`` at ``at`` through the study service."""
    return review_record(
        user=user,
        card_id=card.pk,
        rating=rating,
        review_id=uuid.uuid4(),
        reviewed_at=at,
        deck_id=deck.pk if deck else None,
        now=at,
    )
