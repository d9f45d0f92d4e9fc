"""Item generators, one module per item type; each is ``generate(context) -> list[ItemDraft]``."""

from __future__ import annotations

from ..types import ItemDraft
from . import cloze, enumeration, flashcard, mcq, reasons, short_answer, true_false, wh
from .context import ItemContext
from .keep import rerank
from .rank import rescore

GENERATORS = (wh, reasons, mcq, true_false, cloze, short_answer, flashcard, enumeration)


def generate_items(context: ItemContext) -> list[ItemDraft]:
    """Every draft item of every generator (the quality gate chooses among them)."""
    drafts: list[ItemDraft] = []
    for module in GENERATORS:
        drafts.extend(module.generate(context))
    return rerank(rescore(drafts, context), context)
