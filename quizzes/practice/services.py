"""Writes for a "Study my weakest claims" session: plan it, record a practice answer.

Planning may start the learner on the course's decks (``deck_enrol``, as opening a deck does), so it
lives here rather than among the selectors. Card reviews in the session go through the study
service (``review_record``) like any review; this module stores the answers to quiz items, graded
by the quiz engine's own functions (the answer's shape checked by ``clean_answer``, the grade by
``grade_answer``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.errors import ConflictError, ProgressError
from quizzes.models import Card, Course, ItemStatus, PracticeAnswer, Question
from quizzes.practice.selectors import (
    PracticeCard,
    PracticePlan,
    practice_questions,
    practice_topics,
    protected_question_ids,
    topic_of,
)
from quizzes.progress.selectors.evidence import TopicKey
from quizzes.quiz.services.attempts import clean_answer
from quizzes.quiz.services.grading import grade_answer
from quizzes.study.selectors.decks import decks_for
from quizzes.study.selectors.next_cards import MAX_LIMIT, StudyCard, next_cards
from quizzes.study.services.decks import deck_enrol

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def practice_plan(
    *, course: Course, user: User, focus: TopicKey | None = None, now: datetime
) -> PracticePlan:
    """The session's topics (the weakest claims, or ``focus``), the cards to study now and the
    questions to answer for them (see ``quizzes.practice.selectors``).

    The learner is started on each deck of the course they may study and have not opened yet,
    so that its cards can be studied here. The caller has checked that ``user`` belongs to the
    course.
    """
    plan = PracticePlan(topics=practice_topics(course, user, focus=focus, now=now))
    if not plan.topics:
        return plan
    order = {item.topic.key: n for n, item in enumerate(plan.topics)}
    plan.cards = _cards(course, user, order, now)
    plan.questions = practice_questions(course, user, order, now)
    return plan


def _cards(
    course: Course, user: User, order: dict[TopicKey, int], now: datetime
) -> list[PracticeCard]:
    # next_cards orders and limits each deck's cards (learning, due reviews, new within the
    # day's limit, buried and suspended left out); the session keeps those of its topics.
    candidates: list[tuple[StudyCard, int]] = []
    for deck in decks_for(user, course_id=course.pk):
        if deck.learner_options is None:  # never opened: start the learner on it
            deck_enrol(deck=deck, user=user)
        batch = next_cards(user, deck.pk, limit=MAX_LIMIT, now=now)
        candidates.extend((card, deck.pk) for card in batch.cards)
    links = {
        pk: (claim, term)
        for pk, claim, term in Card.objects.filter(
            pk__in=[card.card_id for card, _ in candidates]
        ).values_list("pk", "claim_id", "term_id")
    }
    cards, seen = [], set()
    for card, deck_id in candidates:
        claim_id, term_id = links.get(card.card_id, (None, None))
        topic = topic_of(claim_id, term_id, order)
        if topic is not None and card.card_id not in seen:
            seen.add(card.card_id)
            cards.append(PracticeCard(card=card, deck_id=deck_id, topic=topic))
    return cards


def practice_answer_record(
    *,
    user: User,
    course: Course,
    question: Question,
    answer: object,
    answer_id: uuid.UUID,
    now: datetime | None = None,
) -> tuple[PracticeAnswer, bool]:
    """Grade ``answer`` to ``question`` and store it: ``(practice answer, created)``.

    The caller has checked that ``user`` belongs to ``course``. Idempotent by ``answer_id`` (a form
    posted twice is stored once): the same answer again returns the stored one with
    ``created=False``; the same id with another answer or question raises ``ConflictError``.
    Raises ``ProgressError`` for a question that is not an approved question of the course, or one
    practice may not show (it is in a quiz the learner still has to take), and ``QuizError`` for
    an answer of the wrong shape or an empty one.
    """
    now = now or timezone.now()
    if question.course_id != course.pk or question.status != ItemStatus.APPROVED:
        raise ProgressError("This question is not one of the course's to practise.", field="id")
    version = question.current
    if version is None:
        raise ProgressError("This question has no content yet.", field="id")
    choices = [str(c["id"]) for c in version.choices or []]
    cleaned = clean_answer({"type": question.type, "choices": choices}, version.prompt, answer)
    existing = PracticeAnswer.objects.filter(pk=answer_id).first()
    if existing is not None:
        return _replay(existing, user, question, cleaned), False
    if cleaned is None:
        raise ProgressError("Answer the question first.", field="answer")
    if question.pk in protected_question_ids(course, user, now=now):
        raise ProgressError(
            "This question is in a quiz you still have to take; practise it once that is done.",
            field="id",
        )
    grade = grade_answer(question.type, version, cleaned)
    try:
        with transaction.atomic():
            stored = PracticeAnswer.objects.create(
                id=answer_id,
                user=user,
                course=course,
                question=question,
                version=version,
                answer=cleaned,
                score=grade.score,
                correct=grade.correct,
                detail=grade.detail[:200],
                answered_at=now,
            )
    except IntegrityError:
        # The same form posted twice at once: the other request stored it first.
        return _replay(PracticeAnswer.objects.get(pk=answer_id), user, question, cleaned), False
    return stored, True


def _replay(
    existing: PracticeAnswer, user: User, question: Question, cleaned: object
) -> PracticeAnswer:
    if (existing.user_id, existing.question_id, existing.answer) != (user.pk, question.pk, cleaned):
        raise ConflictError(
            "This answer was already recorded with other content; reload the page to go on.",
            field="id",
        )
    return existing
