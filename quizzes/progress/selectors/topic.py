"""One claim or term across the class, for its instructor: the items that test it and how students
did on each, and every student's mastery of it. A fixed number of queries.

Instructors see every graded answer (submitted attempts and practice), whatever the quiz's review
policy says students may see yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from quizzes.errors import NotFound
from quizzes.models import (
    AttemptState,
    Card,
    CardSchedule,
    Claim,
    Course,
    ItemStatus,
    Membership,
    PracticeAnswer,
    Question,
    Role,
    Term,
)
from quizzes.progress.selectors.class_progress import TopicRow, topic_row
from quizzes.progress.selectors.evidence import (
    SCHEDULE_FIELDS,
    Topic,
    TopicKind,
    TopicMastery,
    card_recall,
    gather_evidence,
    weakest_first,
    weigh,
)


@dataclass(frozen=True)
class ItemResult:
    """How the class did on one question or card testing the topic."""

    kind: str  # "question" or "card"
    id: int
    label: str  # the prompt, or the card's front
    type_label: str
    status: str
    answers: int = 0  # graded answers (quiz and practice)
    mean_score: float | None = None
    correct: int = 0
    learners: int = 0  # students who have reviewed the card
    reviews: int = 0
    lapses: int = 0
    mean_recall: float | None = None  # mean retrievability now over those learners


@dataclass(frozen=True)
class StudentTopic:
    user_id: int
    username: str
    mastery: TopicMastery


@dataclass
class TopicDetail:
    topic: Topic
    row: TopicRow
    items: list[ItemResult]
    students: list[StudentTopic] = field(default_factory=list)  # weakest first


def topic_of(course: Course, kind: TopicKind, topic_id: int) -> Topic:
    """A claim or term of one of the course's articles; NotFound otherwise."""
    model = Claim if kind == "claim" else Term
    row = (
        model.objects.filter(pk=topic_id, source__course=course)
        .values_list(
            "pk", "text", "source_id", "source__title", "evidence_start", "evidence_end", "rank"
        )
        .first()
    )
    if row is None:
        raise NotFound(f"No such {kind}.")
    return Topic(kind, *row)


def topic_detail(course: Course, kind: TopicKind, topic_id: int, *, now: datetime) -> TopicDetail:
    """The claim or term ``topic_id`` of ``course`` across its students (instructor checked).

    Queries: topic 1, students 1, evidence 4, questions 1, practice per question 1, cards 1,
    schedules 1. Raises ``NotFound`` for a topic of another course.
    """
    topic = topic_of(course, kind, topic_id)
    students = list(
        Membership.objects.filter(course=course, role=Role.STUDENT)
        .order_by("user__username")
        .values_list("user_id", "user__username")
    )
    enrolled = Membership.objects.filter(course=course, role=Role.STUDENT).values("user_id")
    evidence = gather_evidence(course, enrolled, now=now)
    table = weigh(evidence, [u for u, _ in students], [topic], when=now)
    masteries = [StudentTopic(uid, name, table[uid][topic.key]) for uid, name in students]
    masteries.sort(key=lambda entry: (weakest_first(entry.mastery), entry.username))
    items = _question_results(course, kind, topic_id, enrolled) + _card_results(
        course, kind, topic_id, enrolled, evidence.parameters, now
    )
    return TopicDetail(
        topic=topic,
        row=topic_row(topic, [entry.mastery for entry in masteries]),
        items=items,
        students=masteries,
    )


def _question_results(
    course: Course, kind: str, topic_id: int, enrolled: QuerySet[Membership, Any]
) -> list[ItemResult]:
    graded = Q(
        quiz_responses__score__isnull=False,
        quiz_responses__attempt__state=AttemptState.SUBMITTED,
        quiz_responses__attempt__user_id__in=enrolled,
    )
    questions = (
        Question.objects.filter(course=course, **{f"{kind}_id": topic_id})
        .exclude(status=ItemStatus.REJECTED)
        .select_related("current")
        .annotate(
            answers=Count("quiz_responses", filter=graded),
            mean=Avg("quiz_responses__score", filter=graded),
            right=Count("quiz_responses", filter=graded & Q(quiz_responses__correct=True)),
        )
        .order_by("-score", "id")
    )
    practice: dict[int, tuple[int, float, int]] = {
        qid: (n, total or 0.0, right)
        for qid, n, total, right in PracticeAnswer.objects.filter(
            course=course, user_id__in=enrolled, **{f"question__{kind}_id": topic_id}
        )
        .values("question_id")
        .annotate(n=Count("pk"), total=Avg("score"), right=Count("pk", filter=Q(correct=True)))
        .values_list("question_id", "n", "total", "right")
    }
    results = []
    for question in questions:
        extra_n, extra_mean, extra_right = practice.get(question.pk, (0, 0.0, 0))
        answers = question.answers + extra_n
        mean = None
        if answers:
            mean = ((question.mean or 0.0) * question.answers + extra_mean * extra_n) / answers
        results.append(
            ItemResult(
                kind="question",
                id=question.pk,
                label=question.current.prompt if question.current else f"Question {question.pk}",
                type_label=question.get_type_display(),
                status=question.get_status_display(),
                answers=answers,
                mean_score=mean,
                correct=question.right + extra_right,
            )
        )
    return results


def _card_results(
    course: Course,
    kind: str,
    topic_id: int,
    enrolled: QuerySet[Membership, Any],
    parameters: dict[int, list[float] | None],
    now: datetime,
) -> list[ItemResult]:
    cards = list(
        Card.objects.filter(course=course, **{f"{kind}_id": topic_id})
        .exclude(status=ItemStatus.REJECTED)
        .order_by("-score", "id")
    )
    stats: dict[int, list[float]] = defaultdict(list)
    reviews: dict[int, int] = defaultdict(int)
    lapses: dict[int, int] = defaultdict(int)
    for user_id, card_id, *row in CardSchedule.objects.filter(
        card_id__in=[c.pk for c in cards], user_id__in=enrolled, reps__gt=0
    ).values_list("user_id", "card_id", *SCHEDULE_FIELDS):
        recall = card_recall(card_id, tuple(row), parameters.get(user_id), now=now)
        if recall is not None:
            stats[card_id].append(recall)
        reviews[card_id] += row[6]
        lapses[card_id] += row[7]
    return [
        ItemResult(
            kind="card",
            id=card.pk,
            label=card.front,
            type_label=card.get_kind_display(),
            status=card.get_status_display(),
            learners=len(stats[card.pk]),
            reviews=reviews[card.pk],
            lapses=lapses[card.pk],
            mean_recall=sum(stats[card.pk]) / len(stats[card.pk]) if stats[card.pk] else None,
        )
        for card in cards
    ]
