"""Short answer: Who/What/Which questions whose answer is a key term, and acronym questions.

A question is cut from a claim whose subject is a key term at the start of the sentence:
"John Bolton had reportedly abandoned …" → "Who had reportedly abandoned …?".
"""

from __future__ import annotations

from ..types import ItemDraft, Tested
from .context import ItemContext, cite

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
    """Subject questions from key claims, and "What does X stand for?" for spelled-out acronyms."""
    drafts = []
    for claim in context.claims:
        sentence = context.analysis.sentences[claim.sentence]
        subject = sentence.subject
        if subject is None or sentence.subject_is_pronoun or claim.resolved_from:
            continue
        term = context.term_for(subject.text)
        if term is None or not claim.text.startswith(subject.text):
            continue
        rest = claim.text[len(subject.text) :].rstrip(".!").strip()
        if not rest or rest[0] in ",;:–—(" or len(rest.split()) < 3:
            continue
        asker = _ASKER.get(term.kind, "What")
        question = f"{asker} {rest}?"
        if claim.stance == "opinion":
            question = f"According to the author, {asker.lower()} {rest}?"
        drafts.append(
            ItemDraft(
                type="short_answer",
                prompt=question,
                answer=subject.text,
                accepted=_unique((subject.text, *term.forms())),
                explanation=cite(claim.evidence),
                tests=Tested("term", term.text),
                evidence=claim.evidence,
                generator="short_answer.subject",
                score=(claim.score + term.score) / 2,
            )
        )
    for term in context.terms:
        if term.kind not in ("ACRONYM",) and term.definition and term.definition_evidence:
            if term.kind == "PERSON":
                prompt = f"Who is described in the article as “{term.definition}”?"
            else:
                prompt = f"What does the article call “{term.definition}”?"
            drafts.append(
                ItemDraft(
                    type="short_answer",
                    prompt=prompt,
                    answer=term.text,
                    accepted=_unique(term.forms()),
                    explanation=cite(term.definition_evidence),
                    tests=Tested("term", term.text),
                    evidence=term.definition_evidence,
                    generator="short_answer.definition",
                    score=term.score * 0.9,
                )
            )
        if term.kind == "ACRONYM" and term.definition and term.definition_evidence is not None:
            drafts.append(
                ItemDraft(
                    type="short_answer",
                    prompt=f"What does {term.text} stand for?",
                    answer=term.definition,
                    accepted=_unique((term.definition, *term.aliases)),
                    explanation=cite(term.definition_evidence),
                    tests=Tested("term", term.text),
                    evidence=term.definition_evidence,
                    generator="short_answer.acronym",
                    score=term.score,
                )
            )
    return drafts


def _unique(forms: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for form in forms:
        if form.lower() not in seen:
            seen.add(form.lower())
            out.append(form)
    return tuple(out)
