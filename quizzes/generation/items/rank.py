"""The item ranker: an explainable score from a few named features, and the keep threshold.

Each feature is a number from 0 to 1:

``form``
    how often items of this form are kept by a teacher (a prior per generator, judged on the
    tuning articles: a "when" question more than a true/false statement);
``answer``
    how likely the answer phrase is to be what a reader is asked about (the answer-span model
    of :mod:`..answers`, fitted on SQuAD), or the term's salience for term items;
``central``
    the centrality of the source sentence in the article (TextRank);
``key``
    whether the item tests a key term or claim (the term's or claim's own score);
``length``
    1 for a prompt of up to 18 words, falling to 0 at 30;
``distractors``
    for multiple choice, 1 when three wrong answers of the answer's own kind were found.

The score is the weighted sum (``WEIGHTS``), times 0.9 for an opinion framed as the author's.
Items scoring under ``THRESHOLD`` are kept out of the default bank (they stay in ``rejected``
with the reason "below the quality threshold", so ``--explain`` shows them).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..types import ItemDraft

if TYPE_CHECKING:
    from .context import ItemContext

WEIGHTS = {
    "form": 0.40,
    "answer": 0.20,
    "central": 0.15,
    "key": 0.15,
    "length": 0.10,
}
DISTRACTOR_BONUS = 0.03
OPINION_FACTOR = 0.9
THRESHOLD = 0.5


def item_score(
    features: dict[str, float], *, opinion: bool = False
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """(score, the features it came from, rounded) for one draft."""
    score = sum(WEIGHTS[name] * min(max(features.get(name, 0.0), 0.0), 1.0) for name in WEIGHTS)
    if features.get("distractors"):
        score += DISTRACTOR_BONUS
    if opinion:
        score *= OPINION_FACTOR
    explained = tuple(sorted((name, round(value, 3)) for name, value in features.items()))
    return round(score, 4), explained


# How often a teacher keeps an item of each generator, judged on the tuning articles (the
# bundled one and the four fixtures): priors for the ``form`` feature of the generators that
# do not set their own.
FORM_PRIOR = {
    "short_answer.acronym": 0.85,
    "flashcard.definition": 0.75,
    "flashcard.reverse": 0.55,
    "flashcard.why": 0.75,
    "flashcard.consequence": 0.7,
    "flashcard.enumeration": 0.8,
    "flashcard.contrast": 0.7,
    "flashcard.claim": 0.2,
    "mcq.term_role": 0.7,
    "short_answer.definition": 0.6,
    "cloze.claim": 0.3,
    "mcq.cloze": 0.35,
    "true_false.claim": 0.3,
    "true_false.edited": 0.3,
}


def rescore(drafts: list[ItemDraft], context: ItemContext) -> list[ItemDraft]:
    """Give every draft that has no features yet the ranker's features and score."""
    starts = {sentence.start: sentence.index for sentence in context.analysis.sentences}
    out = []
    for draft in drafts:
        if draft.features:
            out.append(draft)
            continue
        index = starts.get(draft.evidence.start, -1)
        term = context.term_for(draft.tests.text) if draft.tests.kind == "term" else None
        claim = next((c for c in context.claims if c.text == draft.tests.text), None)
        second = draft.generator == "cloze.claim" and draft.tests.kind == "term"
        features = {
            "form": FORM_PRIOR.get(draft.generator, 0.4) - (0.15 if second else 0.0),
            "answer": term.score if term is not None else 0.4,
            "central": context.central(index),
            "key": term.score if term is not None else (claim.score if claim else 0.3),
            "length": 1.0
            if len(draft.prompt.split()) <= 18
            else max(0.0, 1.0 - (len(draft.prompt.split()) - 18) / 12),
        }
        opinion = "According to the author" in draft.prompt
        score, explained = item_score(features, opinion=opinion)
        out.append(replace(draft, score=score, features=explained))
    return out
