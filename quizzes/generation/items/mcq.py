"""Multiple choice: a claim with its most informative span blanked, or a term from its role.

Choices are sorted alphabetically so the right answer's position carries no signal and the
output stays deterministic.
"""

from __future__ import annotations

from ..types import ItemDraft, Tested
from .context import ItemContext, cite


def generate(context: ItemContext) -> list[ItemDraft]:
    """One question per key claim (when two or more good distractors exist) and per defined term."""
    drafts = []
    for claim in context.claims:
        short = context.concise(claim)
        if short is None:
            continue
        for blank in context.blanks(short)[:3]:
            wrong = context.distractors(blank, claim=short)
            if len(wrong) < 2:
                continue
            drafts.append(
                ItemDraft(
                    type="mcq",
                    prompt="Which answer fills the blank? " + context.with_blank(short, blank),
                    answer=blank.text,
                    choices=tuple(sorted([blank.text, *wrong], key=str.lower)),
                    explanation=cite(claim.evidence),
                    tests=Tested("claim", claim.text),
                    evidence=claim.evidence,
                    generator="mcq.claim_blank",
                    score=claim.score * (0.7 + 0.3 * blank.weight),
                )
            )
            break
    for term in context.terms:
        if term.definition is None or term.definition_evidence is None or term.kind == "ACRONYM":
            continue
        wrong = context.pool.distractors_for(
            term.text, term.kind, plural=term.plural, avoid=term.forms(), count=3, role=term.role
        )
        if len(wrong) < 2:
            continue
        asker = "Who" if term.kind == "PERSON" else "Which of these"
        drafts.append(
            ItemDraft(
                type="mcq",
                prompt=f"{asker} is described in the article as “{term.definition}”?",
                answer=term.text,
                choices=tuple(sorted([term.text, *wrong], key=str.lower)),
                explanation=cite(term.definition_evidence),
                tests=Tested("term", term.text),
                evidence=term.definition_evidence,
                generator="mcq.term_role",
                score=term.score,
            )
        )
    return drafts
