"""Cloze: a key claim with an informative span blanked, to be typed (aliases accepted)."""

from __future__ import annotations

from ..types import ItemDraft, Tested
from .context import ItemContext, cite


def generate(context: ItemContext) -> list[ItemDraft]:
    """One cloze per key claim, preferring the second-best span so items cover more terms."""
    drafts = []
    for claim in context.claims:
        short = context.concise(claim)
        if short is None:
            continue
        blanks = context.blanks(short)
        if not blanks:
            continue
        blank = blanks[1] if len(blanks) > 1 else blanks[0]
        drafts.append(
            ItemDraft(
                type="cloze",
                prompt="Fill in the blank: " + context.with_blank(short, blank),
                answer=blank.text,
                accepted=context.accepted(blank),
                explanation=cite(claim.evidence),
                tests=Tested("claim", claim.text),
                evidence=claim.evidence,
                generator="cloze.claim",
                score=claim.score * (0.65 + 0.3 * blank.weight),
            )
        )
    return drafts
