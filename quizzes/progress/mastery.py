"""Mastery of one claim or term by one learner, from quiz answers and flashcard memory.

Pure and deterministic given ``now``; no Django. Selectors gather the evidence, this module
weighs it.

Evidence
--------
* Quiz answers: ``(answered_at, score)`` for every response to an item that tests the claim or
  term, ``score`` in [0, 1] as graded by ``quizzes.bank.scoring``.
* Cards: ``(retrievability, reviews)`` for every card that tests it: FSRS's predicted recall now
  (``quizzes.study.scheduling.retrievability``) and how many times the learner has reviewed it. A card
  never reviewed is no evidence and is ignored.

Formula
-------
Each quiz answer ``i``, ``age_i`` days old (future times count as 0), weighs::

    w_i = 0.5 ** (age_i / H)                 H = QUIZ_HALF_LIFE_DAYS = 30

so an answer a month old counts half as much as one given today. Each card ``j`` reviewed
``n_j >= 1`` times weighs ``v_j = sqrt(n_j)``: one review counts like one fresh answer, four like
two. Card evidence needs no time decay of its own: its retrievability already falls as time
passes (the FSRS forgetting curve). Then::

    Wq = sum(w_i)      Q = sum(w_i * score_i) / Wq          (quiz value)
    Wc = sum(v_j)      C = sum(v_j * R_j) / Wc              (card value)
    W  = Wq + Wc

    value      = (Wq * Q + Wc * C) / W               (0 when W = 0)
    amount     = W / (W + K)                          K = EVIDENCE_HALF_CONFIDENCE = 2
    agreement  = 1 - |Q - C|  when both kinds of evidence exist, else 1
    confidence = amount * agreement

``value`` is how well the learner knows it on the evidence, recent evidence counting more.
``confidence`` is how much evidence that is: two fresh answers (or one card reviewed four times)
give 0.5, it fades as quiz answers age, and it drops when quiz answers and card memory disagree.

States, first match wins::

    not_started   no evidence at all
    mastered      value >= 0.8 and confidence >= 0.5
    shaky         value >= 0.5        (partly known, or known on thin, stale or conflicting
                                       evidence)
    learning      otherwise

0.8 is the lowest retrievability a card scheduled at a desired retention of 0.8 or more reaches
before it is due, so a well-studied card stays mastered between reviews.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

__all__ = [
    "EVIDENCE_HALF_CONFIDENCE",
    "MASTERED_CONFIDENCE",
    "MASTERED_VALUE",
    "QUIZ_HALF_LIFE_DAYS",
    "SHAKY_VALUE",
    "STATES",
    "CardRecall",
    "Mastery",
    "MasteryState",
    "QuizAnswer",
    "estimate_mastery",
]

QUIZ_HALF_LIFE_DAYS = 30.0
EVIDENCE_HALF_CONFIDENCE = 2.0
MASTERED_VALUE = 0.8
MASTERED_CONFIDENCE = 0.5
SHAKY_VALUE = 0.5

MasteryState = Literal["not_started", "learning", "shaky", "mastered"]
# Weakest first: the order dashboards sort by.
STATES: tuple[MasteryState, ...] = ("not_started", "learning", "shaky", "mastered")


class QuizAnswer(NamedTuple):
    """One graded response to an item that tests the claim or term."""

    answered_at: datetime
    score: float


class CardRecall(NamedTuple):
    """One card that tests the claim or term: recall predicted now, and reviews so far."""

    retrievability: float
    reviews: int


@dataclass(frozen=True)
class Mastery:
    """Result of ``estimate_mastery``.

    ``quiz`` and ``cards`` are the two evidence values (Q and C in the module docstring), ``None``
    when that kind of evidence is missing; ``evidence`` is the total weight W.
    """

    value: float
    confidence: float
    state: MasteryState
    quiz: float | None = None
    cards: float | None = None
    evidence: float = 0.0


def estimate_mastery(
    answers: Iterable[tuple[datetime, float]],
    cards: Iterable[tuple[float, int]],
    *,
    now: datetime,
) -> Mastery:
    """Combine quiz answers and card memory into one ``Mastery`` (formula in the module doc).

    ``answers`` are ``(answered_at, score)`` pairs and ``cards`` ``(retrievability, reviews)``
    pairs; ``QuizAnswer`` and ``CardRecall`` name them. Raises ``ValueError`` for a naive
    datetime, a score or retrievability outside [0, 1], or a negative review count.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")

    quiz_weight = quiz_sum = 0.0
    for answered_at, score in answers:
        if answered_at.utcoffset() is None:
            raise ValueError("answered_at must be timezone-aware")
        _check_unit("score", score)
        age_days = max(now - answered_at, timedelta(0)) / timedelta(days=1)
        weight = 0.5 ** (age_days / QUIZ_HALF_LIFE_DAYS)
        quiz_weight += weight
        quiz_sum += weight * score

    card_weight = card_sum = 0.0
    for recall, reviews in cards:
        _check_unit("retrievability", recall)
        if isinstance(reviews, bool) or not isinstance(reviews, int) or reviews < 0:
            raise ValueError(f"reviews must be a whole number >= 0, got {reviews!r}")
        weight = math.sqrt(reviews)  # 0 for a card never reviewed: no evidence
        card_weight += weight
        card_sum += weight * recall

    quiz = quiz_sum / quiz_weight if quiz_weight > 0 else None
    card = card_sum / card_weight if card_weight > 0 else None
    total = quiz_weight + card_weight
    # No recorded evidence, or quiz answers so old that their weight underflowed to zero.
    if total <= 0:
        return Mastery(value=0.0, confidence=0.0, state="not_started")

    value = min(1.0, (quiz_sum + card_sum) / total)  # guard against rounding above 1
    amount = total / (total + EVIDENCE_HALF_CONFIDENCE)
    agreement = 1.0 - abs(quiz - card) if quiz is not None and card is not None else 1.0
    confidence = amount * agreement
    return Mastery(
        value=value,
        confidence=confidence,
        state=_state(value, confidence),
        quiz=quiz,
        cards=card,
        evidence=total,
    )


def _state(value: float, confidence: float) -> MasteryState:
    if value >= MASTERED_VALUE and confidence >= MASTERED_CONFIDENCE:
        return "mastered"
    if value >= SHAKY_VALUE:
        return "shaky"
    return "learning"


def _check_unit(name: str, number: float) -> None:
    # `not 0 <= x <= 1` is also true for NaN, which must not slip into an average.
    if isinstance(number, bool) or not isinstance(number, int | float) or not 0 <= number <= 1:
        raise ValueError(f"{name} must be a number in [0, 1], got {number!r}")
