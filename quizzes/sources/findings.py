"""Connect the generation engine to the database: store an article's terms, claims and drafts.

The engine (quizzes.generation) knows nothing of Django; this module is the only bridge. Storing is
one transaction, so an article never shows half a bank. Regenerating replaces the generator's
untouched drafts and keeps everything an instructor edited, approved or rejected.
"""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass

from django.db import transaction

from quizzes.generation.types import Claim as ClaimDraft
from quizzes.generation.types import Generation, ItemDraft
from quizzes.generation.types import Term as TermDraft
from quizzes.models import (
    Card,
    CardKind,
    Claim,
    ItemStatus,
    Origin,
    Question,
    QuestionType,
    QuestionVersion,
    Source,
    Term,
)

logger = logging.getLogger(__name__)

CHOICE_IDS = string.ascii_lowercase


@dataclass(frozen=True)
class StoredGeneration:
    terms: int
    claims: int
    questions: int
    cards: int
    kept: int


def generation_run(text: str) -> Generation:
    """Run the engine on an article's text (raises GenerationError for unusable text)."""
    # Imported here: the engine's NLP stack (spaCy, wordfreq) takes a third of a second to import,
    # which every web worker paid on its first request though only the job worker runs it.
    from quizzes.generation.pipeline import generate

    return generate(text)


@transaction.atomic
def generation_store(*, source: Source, generation: Generation) -> StoredGeneration:
    """Replace the source's terms, claims and untouched drafts with this generation's.

    Items an instructor touched (edited, approved, rejected) or wrote by hand stay, and a new draft
    that repeats one of them (same type and prompt) is not added again.
    """
    source.cleaned_text = generation.document.text
    source.save(update_fields=["cleaned_text"])

    terms = _store_terms(source, generation.terms)
    claims = _store_claims(source, generation.claims)

    Question.objects.filter(
        source=source, origin=Origin.GENERATED, status=ItemStatus.DRAFT, touched=False
    ).delete()
    Card.objects.filter(
        source=source, origin=Origin.GENERATED, status=ItemStatus.DRAFT, touched=False
    ).delete()
    kept_prompts = set(
        QuestionVersion.objects.filter(question__source=source).values_list(
            "question__type", "prompt"
        )
    ) | set(Card.objects.filter(source=source).values_list("kind", "front"))
    kept = (
        Question.objects.filter(source=source).count() + Card.objects.filter(source=source).count()
    )

    # A blank or a question whose answer is a key term tests that term as well as its claim
    # ("since the _____" → Korean War): its results count towards the term's mastery.
    by_form: dict[str, Term] = {}
    for draft in generation.terms:
        stored = terms.get(draft.text)
        if stored is not None:
            for form in (draft.text, *draft.aliases):
                by_form.setdefault(form.lower(), stored)
    questions: list[tuple[Question, QuestionVersion]] = []
    cards: list[Card] = []
    for rank, item in enumerate(generation.items, 1):
        term = terms.get(item.tests.text) if item.tests.kind == "term" else None
        claim = claims.get(item.tests.text) if item.tests.kind == "claim" else None
        if term is None and item.type != "true_false":
            term = by_form.get(item.answer.lower())
        if item.type == "flashcard":
            card = _card(source, item, term, claim, rank)
            if (card.kind, card.front) not in kept_prompts:
                cards.append(card)
            continue
        question, version = _question(source, item, term, claim, rank)
        if (question.type, version.prompt) not in kept_prompts:
            questions.append((question, version))

    Question.objects.bulk_create([q for q, _ in questions])
    for question, version in questions:
        version.question = question
    QuestionVersion.objects.bulk_create([v for _, v in questions])
    for question, version in questions:
        question.current = version
    Question.objects.bulk_update([q for q, _ in questions], ["current"])
    Card.objects.bulk_create(cards)
    return StoredGeneration(
        terms=len(terms), claims=len(claims), questions=len(questions), cards=len(cards), kept=kept
    )


def _store_terms(source: Source, drafts: tuple[TermDraft, ...]) -> dict[str, Term]:
    existing = {term.text: term for term in Term.objects.filter(source=source)}
    stored: dict[str, Term] = {}
    for rank, draft in enumerate(drafts):
        term = existing.pop(draft.text, None) or Term(source=source, text=draft.text)
        term.kind = draft.kind
        term.aliases = list(draft.aliases)
        term.definition = draft.definition or ""
        term.score = draft.score
        term.rank = rank
        term.evidence_start, term.evidence_end = draft.evidence.start, draft.evidence.end
        term.evidence_text = draft.evidence.text
        term.save()
        stored[draft.text] = term
    Term.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
    return stored


def _store_claims(source: Source, drafts: tuple[ClaimDraft, ...]) -> dict[str, Claim]:
    existing = {claim.text: claim for claim in Claim.objects.filter(source=source)}
    stored: dict[str, Claim] = {}
    for rank, draft in enumerate(drafts):
        claim = existing.pop(draft.text, None) or Claim(source=source, text=draft.text)
        claim.stance = draft.stance
        claim.score = draft.score
        claim.rank = rank
        claim.enumeration = (draft.enumeration or "")[:300]
        claim.evidence_start, claim.evidence_end = draft.evidence.start, draft.evidence.end
        claim.evidence_text = draft.evidence.text
        claim.save()
        stored[draft.text] = claim
    Claim.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    return stored


def _common(
    source: Source, item: ItemDraft, term: Term | None, claim: Claim | None, rank: int
) -> dict:
    return {
        "rank": rank,
        "course_id": source.course_id,
        "source": source,
        "term": term,
        "claim": claim,
        "status": ItemStatus.DRAFT,
        "origin": Origin.GENERATED,
        "generator": item.generator[:60],
        "score": item.score,
    }


def _evidence(item: ItemDraft) -> dict:
    return {
        "evidence_start": item.evidence.start,
        "evidence_end": item.evidence.end,
        "evidence_text": item.evidence.text,
    }


def _question(
    source: Source, item: ItemDraft, term: Term | None, claim: Claim | None, rank: int
) -> tuple[Question, QuestionVersion]:
    version = QuestionVersion(
        number=1, prompt=item.prompt, explanation=item.explanation, **_evidence(item)
    )
    if item.type == "mcq":
        qtype = QuestionType.MCQ
        version.choices = [
            {"id": CHOICE_IDS[i], "text": text, "correct": text == item.answer}
            for i, text in enumerate(item.choices)
        ]
    elif item.type == "true_false":
        qtype = QuestionType.TRUE_FALSE
        version.truth = item.answer.strip().lower() == "true"
        if item.edit is not None:
            kind, original, replacement = item.edit
            version.edit = {"kind": kind, "original": original, "replacement": replacement}
    else:
        qtype = QuestionType.CLOZE if item.type == "cloze" else QuestionType.SHORT_ANSWER
        version.accepted = _unique([item.answer, *item.accepted])
    return Question(type=qtype, **_common(source, item, term, claim, rank)), version


def _card(
    source: Source, item: ItemDraft, term: Term | None, claim: Claim | None, rank: int
) -> Card:
    generator = item.generator.lower()
    kind = (
        CardKind.CLOZE
        if "cloze" in generator
        else CardKind.REVERSE
        if "reverse" in generator
        else CardKind.BASIC
    )
    sibling = f"term:{term.pk}" if term else f"claim:{claim.pk}" if claim else ""
    return Card(
        kind=kind,
        front=item.prompt,
        back=item.answer,
        extra=item.explanation,
        sibling_key=sibling,
        **_common(source, item, term, claim, rank),
        **_evidence(item),
    )


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.strip().lower()
        if value.strip() and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out
