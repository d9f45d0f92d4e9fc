"""Every draft the engine makes of a text, kept or refused: what the rule tests look through."""

from __future__ import annotations

from quizzes.generation.pipeline import generate
from quizzes.generation.types import ItemDraft


def all_drafts(text: str) -> list[ItemDraft]:
    """The kept items and the refused drafts of ``text``, kept ones first."""
    generation = generate(text)
    return [*generation.items, *(r.item for r in generation.rejected)]
