"""Flashcards: term → definition (and back when the definition is short), and claim cloze cards."""

from __future__ import annotations

import re

from ..types import Claim, ItemDraft, Tested
from .context import ItemContext, cite
from .rank import FORM_PRIOR, item_score

_SHORT_DEFINITION = 10  # words; longer definitions make poor card fronts


def generate(context: ItemContext) -> list[ItemDraft]:
    """Definition cards for defined terms; cloze cards for key claims (a third span if any)."""
    drafts = []
    for term in context.terms:
        if term.definition is None or term.definition_evidence is None:
            continue
        if not usable_definition(term.definition):
            continue
        if term.kind != "ACRONYM" and (
            context.is_topic(term.text) or context.is_main_figure(term.text)
        ):
            continue  # "What does the article mean by “Netflix”?" in an article on Netflix
        evidence = term.definition_evidence
        if term.kind == "PERSON":
            front = f"How does the article describe {term.text}?"
        elif term.kind == "ACRONYM":
            front = f"What does {term.text} stand for?"
        else:
            front = f"What does the article mean by “{term.text}”?"
        drafts.append(
            ItemDraft(
                type="flashcard",
                prompt=front,
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
    asked: set[str] = set()
    for claim in context.claims:
        card = _claim_card(context, claim)
        if card is not None:
            drafts.append(card)
            asked.add(card.tests.text)
    # A key term no claim card is about gets one from the most central sentence naming it.
    by_sentence = {claim.sentence: claim for claim in context.claims}
    for term in context.terms[:25]:
        if term.text in asked or term.definition or context.is_topic(term.text):
            continue
        indexes = {i for form in term.forms() for i in context.sentences_with(form)}
        mentioning = [by_sentence[i] for i in sorted(indexes) if i in by_sentence]
        for claim in sorted(mentioning, key=lambda c: -c.score)[:3]:
            card = _claim_card(context, claim, about=term.text)
            if card is not None:
                drafts.append(card)
    return drafts


def usable_definition(definition: str) -> bool:
    """A definition that reads on its own: not a bracketed aside, not "his brother"."""
    words = definition.split()
    if definition.startswith("(") or (len(words) < 2 and not definition[:1].isupper()):
        return False
    if len(_WORDS.findall(definition)) < 2:
        return False  # "7 November 1867 – 4 July 1934": a date range is no description
    if re.search(r"(?:\b(?:and|or|but|whose|which|who|the|a|of)|,)$", definition.strip()):
        return False  # "the science of dating wood …, and": cut short
    if re.match(r"^(?:a|an|the)\s+(?:\w+\s+){0,2}(?:term|word|name|phrase|label)$", definition):
        return False  # "Light pollution is a rather loose term for …": cut before what it names
    return not _CONTEXT.match(definition)


_WORDS = re.compile(
    r"\b(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)[A-Za-z]{3,}\b"
)
_CONTEXT = re.compile(r"\b(?:this|that|these|those|it|its|they|their|he|she|his|her)\b", re.I)


def _claim_card(context: ItemContext, claim: Claim, about: str | None = None) -> ItemDraft | None:
    """ "What does the article say about X?" → the claim: every key claim gets a card.

    X is the claim's subject, or else the best key term it names; the back is the claim cut
    to its main clause when long. Ranked low: it is the fallback that keeps a key claim in
    the bank when no sharper question could be made from its sentence.
    """
    short = context.concise(claim) or claim
    sentence = context.analysis.sentences[claim.sentence]
    if about is None and sentence.subject is not None and not sentence.subject_is_pronoun:
        subject = sentence.subject.text
        if len(subject.split()) <= 8 and not _CONTEXT.search(subject):
            about = subject
    if about is not None and context.is_topic(about):
        about = None  # "What does the article say about North Korea?" asks about everything
    if about is None:
        lower = f" {claim.text.lower()} "
        about = next(
            (
                term.text
                for term in context.terms
                if not context.is_topic(term.text)
                and any(f" {form.lower()}" in lower for form in term.forms())
            ),
            None,
        )
    if about is None or (context.is_topic(about) and len(about.split()) == 1):
        return None
    term = context.term_for(about) or context.term_for(
        re.sub(r"^(?:the|a|an) ", "", about, flags=re.I)
    )
    about = context.lower_first(about)
    # A fallback, ranked low: it covers a key claim or term no sharper item could ask about.
    features = {
        "form": FORM_PRIOR["flashcard.claim"],
        "answer": 0.3,
        "central": context.central(claim.sentence),
        "key": 0.3,
        "length": 0.5,
    }
    score, explained = item_score(features)
    return ItemDraft(
        type="flashcard",
        prompt=f"What does the article say about {about}?",
        answer=short.text,
        explanation=cite(claim.evidence),
        tests=Tested("term", term.text) if term is not None else Tested("claim", claim.text),
        evidence=claim.evidence,
        generator="flashcard.claim",
        score=score,
        features=explained,
    )
