"""Multiple choice: a term from the role or description the article gives it.

Questions about claims are wh-questions (:mod:`.wh`); a sentence with a blank and names to
choose from was rarely kept by teachers (the blank was too often given away by grammar).

Choices are sorted alphabetically so the right answer's position carries no signal and the
output stays deterministic.
"""

from __future__ import annotations

from ..types import ItemDraft, Tested
from .context import ItemContext, cite
from .flashcard import usable_definition


def generate(context: ItemContext) -> list[ItemDraft]:
    """One question per defined term with two or more distractors of its kind."""
    drafts = []
    for term in context.terms:
        if term.definition is None or term.definition_evidence is None or term.kind == "ACRONYM":
            continue
        if not usable_definition(term.definition) or term.kind in ("NP", "ACRONYM"):
            continue  # common phrases as wrong choices were implausible fragments
        if context.is_main_figure(term.text) or context.is_topic(term.text):
            continue  # the article's own subject is the choice a reader guesses
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
