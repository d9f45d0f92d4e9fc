"""A batch of study cards as JSON: what next cards answers and what the study page starts with,
so the page and the API cannot differ. Plain dicts, because this runs for every card of every
session (``bench/study.py``); ``api.sessions.DeckStudyOutput`` documents the shape."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import reverse

from quizzes.study.selectors.next_cards import StudyBatch, StudyCard


@lru_cache(maxsize=4096)
def _article_url(source_id: int) -> str:
    # reverse() costs more than the rest of a card's JSON; an article's URL never changes.
    return reverse("sources:source-detail", args=[source_id])


def study_card_json(card: StudyCard) -> dict[str, Any]:
    """One card as the API sends it."""
    url = None
    if card.source_id:
        url = _article_url(card.source_id)
        if card.evidence_end > card.evidence_start:
            url += f"?evidence={card.evidence_start}-{card.evidence_end}#evidence"
    labels, seconds = card.buttons.labels, card.buttons.seconds
    return {
        "card": card.card_id,
        "kind": card.kind,
        "front": card.front,
        "back": card.back,
        "extra": card.extra,
        "state": card.state,
        "due": card.due.isoformat() if card.due else None,
        "reps": card.reps,
        "lapses": card.lapses,
        "source_sentence": card.evidence_text,
        "source_title": card.source_title,
        "source_url": url,
        "buttons": [
            {"rating": r, "interval": labels[r], "seconds": seconds[r]} for r in (1, 2, 3, 4)
        ],
    }


def study_json(batch: StudyBatch) -> dict[str, Any]:
    context = batch.context
    return {
        "deck": context.deck.pk,
        "now": batch.now.isoformat(),
        "day": batch.day.isoformat(),
        "day_ends_at": batch.day_ends_at.isoformat(),
        "time_zone": context.time_zone,
        "time_zone_set": context.time_zone_set,
        "new_today": batch.new_today,
        "reviews_today": batch.reviews_today,
        "new_left": batch.new_left,
        "reviews_left": batch.reviews_left,
        "next_due": context.next_due.isoformat() if context.next_due else None,
        "cards": [study_card_json(card) for card in batch.cards],
    }
