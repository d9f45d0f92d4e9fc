"""The keep model: how likely a teacher is to keep a draft, from named features of the draft.

A logistic regression fitted on blind ratings (``bench/rank_fit.py`` on
``bench/ratings/gen-v2-heldout/``: two raters, yes/no per item against the rubric). Its weights
are data (``keep_model.json``, written by the fit), so the fit can be rerun on new ratings
without touching code. The features (each documented in :data:`FEATURES`) are either the
generator's family (one indicator per family) or numbers in 0–1 read from the draft and the
ranker's own features (:mod:`.rank`). The draft's ``score`` becomes the model's probability
(plus :data:`DEEP_FAMILY_BONUS` for the deep forms), so the review queue puts the likeliest
keepers first and ``Options.min_score`` is a probability.

Why a fitted model: the round-1 ratings showed that the form of an item predicts rejection more
than anything else (multiple choice 14% kept, true/false 60%), and the hand-set priors of
:mod:`.rank` had them the other way round.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..types import ItemDraft

if TYPE_CHECKING:
    from .context import ItemContext

MODEL_PATH = Path(__file__).with_name("keep_model.json")

# Generator → family; the model has one indicator per family (a family with few ratings pools
# like-shaped forms, so its weight is not fitted on two items).
FAMILIES: dict[str, str] = {
    "true_false.claim": "judge_claim",
    "true_false.edited": "judge_edited",
    "cloze.claim": "blank_typed",
    "mcq.cloze": "blank_choice",
    "mcq.term_role": "choice_role",
    "short_answer.wh_time": "ask_when",
    "short_answer.definition": "ask_definition",
    "short_answer.acronym": "ask_acronym",
    "flashcard.definition": "card_definition",
    "flashcard.reverse": "card_definition",
    "flashcard.claim": "card_claim",
    "flashcard.why": "card_deep",
    "flashcard.consequence": "card_deep",
    "flashcard.contrast": "card_deep",
    "flashcard.enumeration": "card_deep",
}
_FAMILY_PREFIXES = (
    ("mcq.wh_", "choice_wh"),
    ("short_answer.wh_", "ask_wh"),
    ("flashcard.wh_", "card_wh"),
)

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)\b"
)

# The numeric features, each in 0–1.
FEATURES: dict[str, str] = {
    "answer": "the answer-span model's probability for the answer (or the term's salience)",
    "central": "the source sentence's TextRank centrality",
    "key": "the salience of the tested term or claim",
    "short": "1 for a prompt of up to 18 words, falling to 0 at 30 (the ranker's `length`)",
    "prompt_long": "prompt words / 40, capped at 1",
    "answer_long": "answer words / 12, capped at 1",
    "answer_named": "the answer starts with a capital (a name) and is not the sentence start",
    "answer_number": "the answer has a digit or a number word",
    "opinion": "the prompt keeps the author's framing (an opinion)",
    "topic_answer": "every content word of the answer is the article's topic or in its title",
    "choices_typed": "a multiple choice with three typed distractors",
}


def family(generator: str) -> str:
    """The model's family for a generator name ("other" for one it was not fitted on)."""
    if generator in FAMILIES:
        return FAMILIES[generator]
    for prefix, name in _FAMILY_PREFIXES:
        if generator.startswith(prefix):
            return name
    return "other"


def features_of(draft: ItemDraft, context: ItemContext | None = None) -> dict[str, float]:
    """The model's inputs for one draft: ``family=<name>`` indicators and :data:`FEATURES`."""
    ranked = dict(draft.features)
    prompt_words = draft.prompt.split()
    answer_words = draft.answer.split()
    values = {
        f"family={family(draft.generator)}": 1.0,
        "answer": ranked.get("answer", 0.4),
        "central": ranked.get("central", 0.0),
        "key": ranked.get("key", 0.3),
        "short": ranked.get("length", 1.0),
        "prompt_long": min(len(prompt_words) / 40, 1.0),
        "answer_long": min(len(answer_words) / 12, 1.0),
        "answer_named": float(
            draft.answer[:1].isupper() and not draft.evidence.text.startswith(draft.answer)
        ),
        "answer_number": float(bool(_NUMBER.search(draft.answer.lower()))),
        "opinion": float("According to the author" in draft.prompt),
        "topic_answer": float(context is not None and context.is_topic(draft.answer)),
        "choices_typed": float(ranked.get("distractors", 0.0) > 0),
    }
    return values


@cache
def _model() -> tuple[dict[str, float], float]:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return dict(data["weights"]), float(data["bias"])


def keep_probability(values: dict[str, float]) -> float:
    """The model's probability that a teacher keeps a draft with these feature values."""
    weights, bias = _model()
    z = bias + sum(weights.get(name, 0.0) * value for name, value in values.items())
    return 1.0 / (1.0 + math.exp(-z))


# Policy, not evidence: the forms that test understanding rather than recall (why, what
# follows, name the set) are few (explicit connectives in 3–8% of sentences) and were kept at
# the average rate in round 1 (2 of 6), so the model alone would bury them under recall items.
# The product wants a share of the bank to be such items, so a passing one is moved up.
DEEP_FAMILY_BONUS = 0.3
DEEP_GENERATORS = frozenset({"flashcard.why", "flashcard.consequence", "flashcard.enumeration"})


def rerank(drafts: list[ItemDraft], context: ItemContext) -> list[ItemDraft]:
    """Every draft scored by the keep model; its features gain the model's inputs."""
    out = []
    for draft in drafts:
        values = features_of(draft, context)
        probability = keep_probability(values)
        if draft.generator in DEEP_GENERATORS:
            probability = min(probability + DEEP_FAMILY_BONUS, 1.0)
        explained = tuple(
            sorted(
                {
                    **dict(draft.features),
                    "rule_score": round(draft.score, 3),
                    **{name: round(value, 3) for name, value in values.items() if value},
                }.items()
            )
        )
        out.append(replace(draft, score=round(probability, 4), features=explained))
    return out
