"""Flashcards: term → definition (and back when the definition is short), and claim cloze cards."""

from __future__ import annotations

from ..types import ItemDraft, Tested
from .context import ItemContext, cite

_SHORT_DEFINITION = 10  # words; longer definitions make poor card fronts


def generate(context: ItemContext) -> list[ItemDraft]:
    """Definition cards for defined terms; cloze cards for key claims (a third span if any)."""
    drafts = []
    for term in context.terms:
        if term.definition is None or term.definition_evidence is None:
            continue
        evidence = term.definition_evidence
        drafts.append(
            ItemDraft(
                type="flashcard",
                prompt=term.text,
                answer=term.definition,
                explanation=cite(evidence),
                tests=Tested("term", term.text),
                evidence=evidence,
                generator="flashcard.definition",
                score=term.score * 0.95,
            )
        )
        if len(term.definition.split()) <= _SHORT_DEFINITION:
            front = term.definition[:1].upper() + term.definition[1:]
            drafts.append(
                ItemDraft(
                    type="flashcard",
                    prompt=f"{front}: which term?",
                    answer=term.text,
                    accepted=term.forms(),
                    explanation=cite(evidence),
                    tests=Tested("term", term.text),
                    evidence=evidence,
                    generator="flashcard.reverse",
                    score=term.score * 0.85,
                )
            )
    for claim in context.claims:
        short = context.concise(claim)
        if short is None:
            continue
        blanks = context.blanks(short)
        if len(blanks) < 3:
            continue
        blank = blanks[2]
        drafts.append(
            ItemDraft(
                type="flashcard",
                prompt=context.with_blank(short, blank),
                answer=blank.text,
                accepted=context.accepted(blank),
                explanation=cite(claim.evidence),
                tests=Tested("claim", claim.text),
                evidence=claim.evidence,
                generator="flashcard.claim_cloze",
                score=claim.score * (0.6 + 0.3 * blank.weight),
            )
        )
    return drafts
