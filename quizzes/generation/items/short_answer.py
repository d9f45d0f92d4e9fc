"""Short answer about terms: "What does CVID stand for?" and "Who is described as …?".

Questions about what sentences say are made by transformation in :mod:`.wh`.
"""

from __future__ import annotations

import re

from ..types import ItemDraft, Tested
from .context import ItemContext, cite, distinct_answers
from .flashcard import usable_definition

_ASKER = {
    "PERSON": "Who",
    "GPE": "Which country or place",
    "LOC": "Which place",
    "ORG": "Which organisation",
    "NORP": "Which group",
    "EVENT": "Which event",
    "LAW": "Which law",
}


def generate(context: ItemContext) -> list[ItemDraft]:
    """Description and acronym questions for the terms the article defines."""
    drafts = []
    for term in context.terms:
        if (
            term.kind not in ("ACRONYM",)
            and term.definition
            and term.definition_evidence
            and usable_definition(term.definition)
            # "Who is described as 'an American geologist …'?" in her own biography: the
            # answer is the article's subject, named without reading.
            and not context.is_main_figure(term.text)
            and not context.is_topic(term.text)
        ):
            if term.kind == "PERSON":
                prompt = f"Who is described in the article as “{term.definition}”?"
            else:
                prompt = f"What does the article call “{term.definition}”?"
            drafts.append(
                ItemDraft(
                    type="short_answer",
                    prompt=prompt,
                    answer=term.text,
                    accepted=distinct_answers(term.forms()),
                    explanation=cite(term.definition_evidence),
                    tests=Tested("term", term.text),
                    evidence=term.definition_evidence,
                    generator="short_answer.definition",
                    score=term.score * 0.9,
                )
            )
        if (
            term.kind == "ACRONYM"
            and term.definition
            and term.definition_evidence is not None
            # An acronym the article spells out and never uses again is trivia.
            and len(re.findall(rf"\b{re.escape(term.text)}\b", context.analysis.doc.text)) >= 2
        ):
            drafts.append(
                ItemDraft(
                    type="short_answer",
                    prompt=f"What does {term.text} stand for?",
                    answer=term.definition,
                    accepted=distinct_answers((term.definition, *term.aliases)),
                    explanation=cite(term.definition_evidence),
                    tests=Tested("term", term.text),
                    evidence=term.definition_evidence,
                    generator="short_answer.acronym",
                    score=term.score,
                )
            )
    return drafts
