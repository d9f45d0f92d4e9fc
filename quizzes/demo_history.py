"""A few weeks of simulated study and quizzes for the demo students, made by the real services.

Nothing here writes a review, an attempt or a response itself: each simulated day calls
``deck_enrol``, the study selector ``next_cards`` and ``review_record`` for the cards it shows, and
``attempt_start`` / ``response_save`` / ``attempt_submit`` for the quizzes, with the simulated time
passed as ``now`` and ``reviewed_at``. So the history obeys every rule the live app does (daily
limits, learning steps, sibling burying, attempt limits), and a new user's dashboards look lived in.

Deterministic for a given ``seed``, course content and ``now``. Idempotent: a student who already
has reviews or attempts in the course is left alone.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from quizzes.errors import QuizError, RetainError
from quizzes.models import (
    Attempt,
    Course,
    Deck,
    QuestionType,
    QuestionVersion,
    Quiz,
    Review,
    ScheduleState,
)
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.study.selectors.next_cards import next_cards
from quizzes.study.services.decks import deck_enrol
from quizzes.study.services.reviews import review_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_SEED = 20260301
SESSION_REVIEWS = 40  # a simulated sitting stops after this many grades
STUDY_DAY_SHARE = 0.8  # share of days a simulated student studies
QUIZ_DAYS = (0.2, 0.65)  # when in the period each quiz is taken (share of the days)
SECONDS_PER_CARD = 12


@dataclass
class HistoryReport:
    """What ``demo_history_simulate`` did."""

    students: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reviews: int = 0
    attempts: int = 0


def demo_history_simulate(
    *,
    course: Course,
    users: Iterable[User],
    days: int = 21,
    seed: int = DEMO_SEED,
    now: datetime | None = None,
) -> HistoryReport:
    """Simulate ``days`` days of study and quizzes for each of ``users`` in ``course``, ending
    yesterday (so today's cards are still due when the demo opens).

    Each student gets an ability drawn from ``seed`` and their username: how often they recall a
    card and answer a question right (and they improve on a retake). On most days they sit one
    study session in every published deck of the course; each published quiz is taken about a
    fifth of the way in and retaken about two thirds of the way in when its attempts allow.
    Returns a ``HistoryReport``. Raises nothing for quizzes or decks a student may not use (they
    are skipped); raises ``ValueError`` for ``days`` < 1.
    """
    if days < 1:
        raise ValueError("simulate at least one day")
    now = now or timezone.now()
    start_day = (now - timedelta(days=days)).date()
    decks = list(Deck.objects.filter(course=course, published=True).order_by("pk"))
    quizzes = list(Quiz.objects.filter(course=course, published_at__isnull=False).order_by("pk"))
    report = HistoryReport()
    for user in users:
        name = user.get_username()
        if _has_history(course, user):
            report.skipped.append(name)
            continue
        report.students.append(name)
        rng = random.Random(f"{seed}:{name}")  # noqa: S311 - a simulation, not a secret
        ability = rng.uniform(0.55, 0.92)
        for deck in decks:
            deck_enrol(deck=deck, user=user)
        quiz_days = {round(share * (days - 1)) for share in QUIZ_DAYS}
        for offset in range(days):
            day = start_day + timedelta(days=offset)
            sitting = datetime.combine(day, time(17), tzinfo=now.tzinfo) + timedelta(
                minutes=rng.randint(0, 240)
            )
            if sitting >= now:
                break
            if offset in quiz_days:
                for quiz in quizzes:
                    report.attempts += _take_quiz(quiz, user, rng, ability, sitting)
                sitting += timedelta(minutes=15)
            if offset == 0 or rng.random() < STUDY_DAY_SHARE:
                for deck in decks:
                    reviewed, sitting = _study(deck, user, rng, ability, sitting, now)
                    report.reviews += reviewed
    return report


def _has_history(course: Course, user: User) -> bool:
    reviewed = Review.objects.filter(user=user, card__course=course).exists()
    return reviewed or Attempt.objects.filter(user=user, quiz__course=course).exists()


def _recall_chance(state: str, ability: float) -> float:
    if state == ScheduleState.NEW:
        return ability
    if state in (ScheduleState.LEARNING, ScheduleState.RELEARNING):
        return 0.6 + 0.4 * ability
    return 0.9 * (0.75 + 0.25 * ability)  # reviews come when FSRS predicts ~90% recall


def _rating(rng: random.Random, chance: float) -> int:
    if rng.random() >= chance:
        return 1  # Again
    roll = rng.random()
    return 2 if roll < 0.15 else 4 if roll > 0.85 else 3


def _study(
    deck: Deck,
    user: User,
    rng: random.Random,
    ability: float,
    at: datetime,
    now: datetime,
) -> tuple[int, datetime]:
    """One sitting: grade what the study selector shows until nothing is due (or the sitting's
    length is reached). Returns the reviews made and the time the sitting ended."""
    reviewed = 0
    while reviewed < SESSION_REVIEWS and at < now:
        batch = next_cards(user, deck.pk, limit=1, now=at)
        if not batch.cards:
            break
        card = batch.cards[0]
        if card.due is not None and card.state != ScheduleState.NEW and card.due > at:
            at = card.due  # a learning step a few minutes away: wait for it, like a learner
            if at >= now:
                break
        review_record(
            user=user,
            card_id=card.card_id,
            rating=_rating(rng, _recall_chance(card.state, ability)),
            review_id=uuid.UUID(int=rng.getrandbits(128)),
            reviewed_at=at,
            duration_ms=SECONDS_PER_CARD * 1000,
            deck_id=deck.pk,
            now=at,
        )
        reviewed += 1
        at += timedelta(seconds=SECONDS_PER_CARD + rng.randint(0, 10))
    return reviewed, at


def _take_quiz(quiz: Quiz, user: User, rng: random.Random, ability: float, at: datetime) -> int:
    """Start, answer and submit one attempt; returns 1, or 0 when the quiz does not allow it."""
    try:
        attempt, created = attempt_start(quiz=quiz, user=user, now=at)
    except QuizError:
        return 0
    chance = min(0.97, ability + 0.12 * (attempt.number - 1))
    versions = QuestionVersion.objects.in_bulk([entry["version"] for entry in attempt.layout])
    for entry in attempt.layout:
        at += timedelta(seconds=rng.randint(15, 60))
        version = versions.get(entry["version"])
        if version is None:
            continue
        answer = _answer(entry["type"], version, right=rng.random() < chance, rng=rng)
        try:
            response_save(attempt=attempt, slot=entry["slot"], answer=answer, sequence=1, now=at)
        except RetainError:
            continue  # an answer this question cannot take: leave it blank, as a student might
    attempt_submit(attempt=attempt, now=at + timedelta(seconds=30))
    return 1 if created else 0


def _answer(qtype: str, version: QuestionVersion, *, right: bool, rng: random.Random) -> Any:
    """A right or a wrong answer to ``version``, in the shape ``response_save`` takes."""
    choices = version.choices or []
    good = [str(c["id"]) for c in choices if c.get("correct")]
    bad = [str(c["id"]) for c in choices if not c.get("correct")]
    if qtype == QuestionType.MCQ:
        return (good if right or not bad else [rng.choice(bad)])[0] if good or bad else None
    if qtype == QuestionType.MCQ_MULTI:
        return good if right or not bad else [*good[:-1], rng.choice(bad)]
    if qtype == QuestionType.TRUE_FALSE:
        return bool(version.truth) if right else not version.truth
    accepted = list(version.accepted or [])
    if qtype == QuestionType.CLOZE:
        blanks = accepted if accepted and isinstance(accepted[0], list) else [accepted]
        return [str(b[0]) if right and b else "not sure" for b in blanks]
    return str(accepted[0]) if right and accepted else "not sure"
