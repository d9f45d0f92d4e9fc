"""Mastery per learner × claim and learner × term, computed from the stored evidence.

There is no mastery table to drift from the truth: every call reads the evidence and weighs it
with ``quizzes.progress.mastery.estimate_mastery``. The evidence for a (learner, claim or term) is

* every graded quiz response to a question that tests it, once the quiz's review policy lets the
  learner see which answers were right (otherwise the dashboard would reveal it early), answered
  at the attempt's submission (or, for an answer checked during the attempt, when it was saved);
* every practice answer to such a question (``PracticeAnswer``, the weakest-claims session);
* every card that tests it and the learner has reviewed: FSRS's retrievability now, and the
  number of reviews (``CardSchedule.reps``).

``mastery_table`` gathers all of it for any number of learners with a fixed number of queries
(topics 2, quiz responses 1, practice answers 1, schedules 1, learner profiles 1), whatever the
number of learners, claims, terms or items; the weighing is linear in the rows read.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from quizzes.models import (
    AttemptState,
    Card,
    CardSchedule,
    Claim,
    Course,
    ItemStatus,
    LearnerProfile,
    PracticeAnswer,
    Question,
    Response,
    Term,
)
from quizzes.progress.mastery import STATES, Mastery, MasteryState, estimate_mastery
from quizzes.study import scheduling
from quizzes.study.deck_options import DeckOptions

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

TopicKind = Literal["claim", "term"]
TopicKey = tuple[TopicKind, int]
NOT_STARTED = Mastery(value=0.0, confidence=0.0, state="not_started")
STATE_LABELS: dict[str, str] = {
    "not_started": "Not started",
    "learning": "Learning",
    "shaky": "Shaky",
    "mastered": "Mastered",
}
# Users may be a list of ids or a queryset of ``user_id`` values (a subquery, no id list sent).
Users = Iterable[int] | QuerySet


@dataclass(frozen=True)
class Topic:
    """A key claim or key term of one of the course's articles."""

    kind: TopicKind
    id: int
    text: str
    source_id: int
    source_title: str
    evidence_start: int
    evidence_end: int
    rank: int

    @property
    def key(self) -> TopicKey:
        return (self.kind, self.id)

    @property
    def evidence_url(self) -> str:
        """The article page with this topic's source sentence highlighted and scrolled to."""
        base = reverse("sources:source-detail", args=[self.source_id])
        if self.evidence_end <= self.evidence_start:
            return base
        return f"{base}?evidence={self.evidence_start}-{self.evidence_end}#evidence"


@dataclass(frozen=True)
class TopicMastery:
    """One learner's mastery of one topic, and how much evidence of each kind there is."""

    topic: Topic
    mastery: Mastery
    answers: int = 0
    cards: int = 0

    @property
    def state(self) -> MasteryState:
        return self.mastery.state

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.mastery.state]

    @property
    def percent(self) -> int:
        return round(100 * self.mastery.value)


# A card schedule as stored: (state, step, stability, difficulty, due, last_review, reps, lapses).
ScheduleRow = tuple
EvidenceKey = tuple[int, TopicKind, int]  # (user_id, kind, topic_id)


def item_topics(
    claim_id: int | None, term_id: int | None
) -> tuple[tuple[TopicKind, int | None], ...]:
    """An item's topics: its claim and its term, each possibly absent."""
    return (("claim", claim_id), ("term", term_id))


@dataclass
class Evidence:
    """What ``gather_evidence`` read, ready to be weighed at any moment up to ``now``.

    ``answers`` maps ``(user_id, kind, topic_id)`` to ``(answered_at, score)`` pairs;
    ``card_ids`` to the cards testing the topic that the user has reviewed; ``schedules`` maps
    ``(user_id, card_id)`` to the stored schedule; ``parameters`` the user to their FSRS
    parameters (None: the defaults).
    """

    answers: dict[EvidenceKey, list[tuple[datetime, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    card_ids: dict[EvidenceKey, list[int]] = field(default_factory=lambda: defaultdict(list))
    schedules: dict[tuple[int, int], ScheduleRow] = field(default_factory=dict)
    parameters: dict[int, list[float] | None] = field(default_factory=dict)

    def recalls(
        self, *, when: datetime, past: dict[tuple[int, int], ScheduleRow | None] | None = None
    ) -> dict[tuple[int, int], tuple[float, int]]:
        """``(retrievability at when, reviews)`` per ``(user_id, card_id)`` reviewed by then.

        ``past`` replaces the schedules of cards reviewed after ``when`` with what they were at
        ``when`` (None: not yet reviewed then).
        """
        out = {}
        for (user_id, card_id), stored in self.schedules.items():
            row = (
                past[(user_id, card_id)]
                if past is not None and (user_id, card_id) in past
                else stored
            )
            if row is None or not row[6] or row[5] is None or row[5] > when:
                continue
            recall = card_recall(card_id, row, self.parameters.get(user_id), now=when)
            if recall is not None:
                out[(user_id, card_id)] = (recall, row[6])
        return out

    def mastery(
        self,
        key: EvidenceKey,
        *,
        when: datetime,
        recalls: dict[tuple[int, int], tuple[float, int]],
    ) -> tuple[Mastery, int, int]:
        """Mastery of one (user, topic) at ``when``, with the answer and card counts used."""
        answers = [pair for pair in self.answers.get(key, ()) if pair[0] <= when]
        cards = [
            recalls[(key[0], card_id)]
            for card_id in self.card_ids.get(key, ())
            if (key[0], card_id) in recalls
        ]
        if not answers and not cards:
            return NOT_STARTED, 0, 0
        return estimate_mastery(answers, cards, now=when), len(answers), len(cards)


def weakest_first(item: TopicMastery) -> tuple[int, float, float, str, int]:
    """Sort key: state (not started, learning, shaky, mastered), then value, then article order."""
    return (
        STATES.index(item.mastery.state),
        item.mastery.value,
        item.mastery.confidence,
        item.topic.kind,
        item.topic.rank,
    )


def course_topics(course: Course) -> list[Topic]:
    """The course's key claims and terms that at least one approved question or card tests.

    A claim nothing tests could never leave "not started", so it is left out. Two queries.
    """
    topics: list[Topic] = []
    kinds: tuple[tuple[TopicKind, type[Claim] | type[Term]], ...] = (
        ("claim", Claim),
        ("term", Term),
    )
    for kind, model in kinds:
        tested = Q(Exists(_approved(Question, kind).filter(**{f"{kind}_id": OuterRef("pk")}))) | Q(
            Exists(_approved(Card, kind).filter(**{f"{kind}_id": OuterRef("pk")}))
        )
        rows = (
            model.objects.filter(source__course=course)
            .filter(tested)
            .values_list(
                "pk", "text", "source_id", "source__title", "evidence_start", "evidence_end", "rank"
            )
            .order_by("source__title", "source_id", "rank", "pk")
        )
        topics.extend(Topic(kind, *row) for row in rows)
    return topics


def _approved(model: type[Question] | type[Card], kind: str) -> QuerySet[Question] | QuerySet[Card]:
    return model.objects.filter(status=ItemStatus.APPROVED, **{f"{kind}__isnull": False})


def visible_responses(now: datetime) -> Q:
    """Responses whose correctness the quiz's review policy shows its student at ``now``.

    Mirrors ``quizzes.quiz.selectors.attempts.review_phase``: during the attempt only checked answers,
    after submitting the "after_submit" policy, once the quiz has closed the "after_close" one.
    """
    closed = Q(attempt__quiz__closes_at__isnull=False, attempt__quiz__closes_at__lte=now)
    submitted = Q(attempt__state=AttemptState.SUBMITTED) & (
        (closed & Q(attempt__quiz__review_after_close_correctness=True))
        | (~closed & Q(attempt__quiz__review_after_submit_correctness=True))
    )
    during = Q(
        attempt__state=AttemptState.IN_PROGRESS,
        checked=True,
        attempt__quiz__review_during_correctness=True,
    )
    return Q(score__isnull=False) & (submitted | during)


def gather_evidence(course: Course, users: Users, *, now: datetime) -> Evidence:
    """Read every learner's evidence for the course's topics: four queries, any number of users."""
    evidence = Evidence()
    answered_at = Coalesce("attempt__submitted_at", "saved_at", "attempt__started_at")
    responses = (
        Response.objects.filter(attempt__user_id__in=users, question__course_id=course.pk)
        .filter(visible_responses(now))
        .annotate(at=answered_at)
        .filter(at__lte=now)
        .values_list("attempt__user_id", "question__claim_id", "question__term_id", "at", "score")
    )
    practice = PracticeAnswer.objects.filter(
        user_id__in=users, course_id=course.pk, answered_at__lte=now
    ).values_list("user_id", "question__claim_id", "question__term_id", "answered_at", "score")
    for rows in (responses, practice):
        for user_id, claim_id, term_id, at, score in rows:
            for kind, topic_id in item_topics(claim_id, term_id):
                if topic_id is not None and score is not None:
                    evidence.answers[(user_id, kind, topic_id)].append((at, float(score)))

    evidence.parameters = dict(
        LearnerProfile.objects.filter(user_id__in=users).values_list("user_id", "fsrs_parameters")
    )
    schedules = CardSchedule.objects.filter(
        user_id__in=users, card__course_id=course.pk, reps__gt=0
    ).values_list("user_id", "card_id", "card__claim_id", "card__term_id", *SCHEDULE_FIELDS)
    for user_id, card_id, claim_id, term_id, *row in schedules:
        evidence.schedules[(user_id, card_id)] = tuple(row)
        for kind, topic_id in item_topics(claim_id, term_id):
            if topic_id is not None:
                evidence.card_ids[(user_id, kind, topic_id)].append(card_id)
    return evidence


SCHEDULE_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
)


def card_recall(
    card_id: int, row: ScheduleRow, parameters: list[float] | None, *, now: datetime
) -> float | None:
    """FSRS retrievability at ``now`` of a stored schedule (``SCHEDULE_FIELDS`` in order);
    None (and a log line) for a row FSRS cannot read."""
    name, step, stability, difficulty, due, last_review, reps, lapses = row
    try:
        card = scheduling.CardState(
            card_id=card_id,
            state=name,
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=last_review,
            reps=reps,
            lapses=lapses,
        )
        return scheduling.retrievability(card, now, learner_settings(parameters))
    except ValueError as error:
        logger.warning("Schedule of card %s left out of mastery: %s", card_id, error)
        return None


def learner_settings(parameters: list[float] | None) -> scheduling.SchedulerSettings:
    """FSRS settings for the learner's fitted parameters; retrievability depends on nothing else."""
    try:
        return DeckOptions().scheduler_settings(parameters)
    except ValueError:
        return DeckOptions().scheduler_settings(None)


def mastery_table(
    course: Course, users: Users, *, now: datetime, topics: list[Topic] | None = None
) -> dict[int, dict[TopicKey, TopicMastery]]:
    """Mastery of every topic for every user in ``users``: ``{user_id: {topic key: mastery}}``.

    ``users`` is a list of ids or a ``values_list("user_id", flat=True)`` queryset (read once for
    the ids, then used as a subquery). Users without any evidence get every topic "not started".
    ``topics`` defaults to ``course_topics(course)``. A fixed number of queries (module docstring).
    """
    topics = course_topics(course) if topics is None else topics
    user_ids = list(users)  # a queryset is read once here, then used as a subquery
    evidence = gather_evidence(course, users, now=now)
    return weigh(evidence, user_ids, topics, when=now)


def weigh(
    evidence: Evidence,
    user_ids: Iterable[int],
    topics: list[Topic],
    *,
    when: datetime,
    past: dict[tuple[int, int], ScheduleRow | None] | None = None,
) -> dict[int, dict[TopicKey, TopicMastery]]:
    """Mastery of every topic for every user from gathered evidence, as it stood at ``when``."""
    recalls = evidence.recalls(when=when, past=past)
    table: dict[int, dict[TopicKey, TopicMastery]] = {}
    for user_id in user_ids:
        row = table[user_id] = {}
        for topic in topics:
            mastery, answers, cards = evidence.mastery(
                (user_id, topic.kind, topic.id), when=when, recalls=recalls
            )
            row[topic.key] = TopicMastery(topic, mastery, answers=answers, cards=cards)
    return table


@dataclass(frozen=True)
class MasterySummary:
    """One learner's mastery over a list of topics: counts per state and the mean value."""

    overall: float
    counts: dict[str, int]
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.overall)

    @property
    def started(self) -> int:
        return self.total - self.counts["not_started"]


def summarise(items: Iterable[TopicMastery]) -> MasterySummary:
    """Mean mastery value (a topic not started counts 0) and how many topics are in each state."""
    items = list(items)
    counts: dict[str, int] = dict.fromkeys(STATES, 0)
    for item in items:
        counts[item.state] += 1
    overall = sum(item.mastery.value for item in items) / len(items) if items else 0.0
    return MasterySummary(overall=overall, counts=counts, total=len(items))


def learner_time_zone(user_id: int) -> str:
    """The learner's IANA time zone (their profile's, else the site's). One query."""
    zone = (
        LearnerProfile.objects.filter(user_id=user_id).values_list("time_zone", flat=True).first()
    )
    return valid_zone(zone)


def valid_zone(zone: str | None) -> str:
    """``zone`` when it is a known IANA name, else the site's ``TIME_ZONE``."""
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("Unknown time zone %r in a learner profile; using the site's", zone)
        else:
            return zone
    return settings.TIME_ZONE
