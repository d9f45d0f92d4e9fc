"""What a "Study my weakest claims" session shows: due cards and quiz items for the weakest topics.

The topics are the learner's weakest claims (not mastered, weakest first), or the one claim or
term they chose ("study this now"). Cards come from the study selector (``next_cards``: learning
first, then reviews due today, then new cards within the deck's daily limits, buried and
suspended cards left out), kept when they test one of the topics. Questions are approved
questions testing the topics that the learner has not practised yet today.

Integrity: practice shows the right answer after each answer, so it never uses a question of a
quiz the learner may still take for a grade and whose answers are not shown anyway — a quiz of
the course that is not closed and limits attempts or hides the right answers after submitting,
**published or not** (an unpublished midterm opens later: its answers must not leak before) —
nor a question of an attempt they have open.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

from quizzes.errors import NotFound
from quizzes.models import (
    AttemptState,
    Course,
    ItemStatus,
    PracticeAnswer,
    Question,
    QuestionType,
    QuestionVersion,
    Quiz,
    QuizSlot,
    Response,
    SlotKind,
)
from quizzes.progress.selectors.evidence import (
    TopicKey,
    TopicMastery,
    course_topics,
    learner_time_zone,
    mastery_table,
    weakest_first,
)
from quizzes.quiz.selectors.quizzes import draw_pool
from quizzes.quiz.services.grading import BLANK
from quizzes.study import learner_days
from quizzes.study.selectors.next_cards import StudyCard

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WEAKEST_TOPICS = 5
QUESTIONS_PER_TOPIC = 2


@dataclass(frozen=True)
class PracticeQuestion:
    """A question as practice shows it before it is answered: no answer key."""

    id: int
    type: str
    type_label: str
    prompt: str
    choices: list[tuple[str, str]]  # (id, text), in a stable per-learner order
    prompt_parts: list[str]  # a cloze prompt split at its blanks
    topic: TopicKey

    @property
    def blanks(self) -> int:
        return max(1, len(self.prompt_parts) - 1)


@dataclass(frozen=True)
class PracticeCard:
    card: StudyCard
    deck_id: int
    topic: TopicKey


@dataclass
class PracticePlan:
    topics: list[TopicMastery]
    cards: list[PracticeCard] = field(default_factory=list)
    questions: list[PracticeQuestion] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.cards and not self.questions


def protected_question_ids(course: Course, user: User, *, now: datetime) -> set[int]:
    """Questions practice must not show ``user`` (see the module docstring)."""
    protected = (
        Quiz.objects.filter(course=course)  # published or not: a draft quiz may open later
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(Q(max_attempts__isnull=False) | Q(review_after_submit_answers=False))
    )
    ids: set[int] = set(
        QuizSlot.objects.filter(quiz__in=protected, kind=SlotKind.FIXED).values_list(
            "question_id", flat=True
        )
    )
    for slot in QuizSlot.objects.filter(quiz__in=protected, kind=SlotKind.RANDOM).select_related(
        "quiz"
    ):
        ids.update(draw_pool(slot).values_list("pk", flat=True))
    ids.update(
        Response.objects.filter(
            attempt__user=user, attempt__state=AttemptState.IN_PROGRESS
        ).values_list("question_id", flat=True)
    )
    return ids


def practice_topics(
    course: Course, user: User, *, focus: TopicKey | None, now: datetime
) -> list[TopicMastery]:
    """The focus topic, or the learner's weakest claims not yet mastered (weakest first)."""
    topics = course_topics(course)
    table = mastery_table(course, [user.pk], now=now, topics=topics)[user.pk]
    if focus is not None:
        return [table[focus]] if focus in table else []
    claims = [item for item in table.values() if item.topic.kind == "claim"]
    weak = sorted((c for c in claims if c.state != "mastered"), key=weakest_first)
    return weak[:WEAKEST_TOPICS]


def topic_of(
    claim_id: int | None, term_id: int | None, order: dict[TopicKey, int]
) -> TopicKey | None:
    """The first of the item's claim and term that is among ``order``'s topics."""
    if claim_id is not None and ("claim", claim_id) in order:
        return ("claim", claim_id)
    if term_id is not None and ("term", term_id) in order:
        return ("term", term_id)
    return None


def practice_questions(
    course: Course, user: User, order: dict[TopicKey, int], now: datetime
) -> list[PracticeQuestion]:
    """Up to ``QUESTIONS_PER_TOPIC`` approved questions per topic (``order``: topic → rank),
    best first, leaving out those practised today and those practice must not show."""
    zone = learner_time_zone(user.pk)
    today = learner_days.day_start(learner_days.learner_day(now, zone), zone)
    done_today = PracticeAnswer.objects.filter(
        user=user, course=course, answered_at__gte=today
    ).values("question_id")
    claims = [topic_id for kind, topic_id in order if kind == "claim"]
    terms = [topic_id for kind, topic_id in order if kind == "term"]
    rows = (
        Question.objects.filter(
            Q(claim_id__in=claims) | Q(term_id__in=terms),
            course=course,
            status=ItemStatus.APPROVED,
            current__isnull=False,
        )
        .exclude(pk__in=done_today)
        .exclude(pk__in=protected_question_ids(course, user, now=now))
        .select_related("current")
        .order_by("-score", "pk")
    )
    per_topic: dict[TopicKey, list[PracticeQuestion]] = {}
    for question in rows:
        topic = topic_of(question.claim_id, question.term_id, order)
        version = question.current  # never None: the query asks for a current version
        if (
            topic is None
            or version is None
            or len(per_topic.setdefault(topic, [])) >= QUESTIONS_PER_TOPIC
        ):
            continue
        per_topic[topic].append(practice_question(question, version, user, topic))
    return [q for topic in sorted(per_topic, key=order.__getitem__) for q in per_topic[topic]]


def practice_question(
    question: Question, version: QuestionVersion, user: User, topic: TopicKey
) -> PracticeQuestion:
    """The question (at ``version``, its current one) without its answer key; choices in an
    order stable for this learner."""
    choices = [(str(c["id"]), str(c.get("text", ""))) for c in version.choices or []]
    if question.type in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
        # Not for security: only so the right answer is not always where the generator put it.
        random.Random(f"practice:{user.pk}:{question.pk}").shuffle(choices)  # noqa: S311
    parts = BLANK.split(version.prompt) if question.type == QuestionType.CLOZE else []
    return PracticeQuestion(
        id=question.pk,
        type=question.type,
        type_label=question.get_type_display(),
        prompt=version.prompt,
        choices=choices,
        prompt_parts=parts,
        topic=topic,
    )


def practice_answer_for(
    user: User, course: Course, answer_id: uuid.UUID, *, now: datetime
) -> PracticeAnswer | None:
    """The user's own practice answer in the course, for its feedback (the right answer); None
    when there is none, or when its question has since become one practice must not show (it
    was put in a quiz the learner may still take)."""
    answer = (
        PracticeAnswer.objects.filter(pk=answer_id, user=user, course=course)
        .select_related("question", "version", "question__source")
        .first()
    )
    if answer is None or answer.question_id in protected_question_ids(course, user, now=now):
        return None
    return answer


def practice_question_for(course: Course, question_id: int) -> Question:
    """A question of the course to answer in practice; NotFound otherwise."""
    question = (
        Question.objects.select_related("current").filter(pk=question_id, course=course).first()
    )
    if question is None:
        raise NotFound("No such question.")
    return question
