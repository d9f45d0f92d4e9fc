"""The engine's entry points: :func:`generate`, :func:`to_json` and :func:`answer_keys`.

``generate`` composes the stages: clean → analyse (one spaCy parse) → sentence centrality →
terms → enumerations and claims → item drafts → quality gate. Same text and options give the
same result; :func:`to_json` with ``timings=False`` is then byte-identical from run to run.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from .answers import candidate_spans, select_keys
from .centrality import sentence_centrality
from .claims import extract_claims, find_enumerations
from .clean import clean_text
from .distractors import DistractorPool
from .items import generate_items
from .items.context import ItemContext
from .nlp import analyse
from .quality import gate
from .terms import extract_terms
from .types import Claim, Generation, ItemDraft, Options, Tested

_COVER_EXTRA = 10


def generate(text: str, *, options: Options | None = None) -> Generation:
    """Turn an article into terms, claims and quality-checked items.

    Raises :class:`GenerationError` (a ``ValueError``) for unusable input: empty, binary,
    non-English, furniture only, or over ``options.max_chars``. Tiny texts give a small result.
    """
    options = options or Options()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round((now - clock) * 1000, 1)
        clock = now

    document = clean_text(text, max_chars=options.max_chars)
    lap("clean")
    analysis = analyse(document)
    lap("parse")
    centrality = sentence_centrality(analysis.sentences)
    all_terms = extract_terms(analysis, centrality)
    lap("terms")
    enumerations = find_enumerations(analysis)
    claims = extract_claims(analysis, centrality, all_terms, enumerations, options.max_claims)
    lap("claims")
    mentions = [m for s in analysis.sentences for m in s.mentions]
    pool = DistractorPool(all_terms[:200], mentions)
    context = ItemContext(
        analysis,
        all_terms[: options.max_terms],
        claims,
        enumerations,
        pool,
        centrality=centrality,
        all_terms=all_terms,
    )
    drafts = generate_items(context)
    lap("items")
    items, rejected = gate(
        drafts,
        document,
        options.max_items,
        options.min_score,
        cover=frozenset(claim.evidence.start for claim in claims),
        floor=options.min_score - 0.3,
        # The bank covers a few more terms than it lists: the ranking's next ones are often a
        # phrase the argument rests on ("inter-agency coordination" ranked 36th).
        cover_terms=frozenset(term.text for term in all_terms[: options.max_terms + _COVER_EXTRA]),
    )
    items, claims = _link_tested_claims(items, claims)
    lap("quality")
    words = len(document.text.split())
    return Generation(
        document=document,
        words=words,
        terms=tuple(all_terms[: options.max_terms]),
        claims=tuple(claims),
        items=tuple(items),
        rejected=tuple(rejected),
        timings_ms=timings,
    )


def _link_tested_claims(
    items: list[ItemDraft], claims: list[Claim]
) -> tuple[list[ItemDraft], list[Claim]]:
    """Make every claim an item tests one of the listed claims.

    Some generators (enumerations) word a claim their own way or test a sentence that missed the
    claim ranking's cut. An item about a listed claim's sentence is pointed at that claim; one about
    an unlisted sentence adds that claim, ranked after the others, so consumers can link every item.
    """
    by_text = {claim.text for claim in claims}
    by_start = {claim.evidence.start: claim for claim in claims}
    added: list[Claim] = []
    linked: list[ItemDraft] = []
    for item in items:
        if item.tests.kind != "claim" or item.tests.text in by_text:
            linked.append(item)
            continue
        claim = by_start.get(item.evidence.start)
        if claim is None:
            claim = Claim(
                text=item.tests.text,
                stance="fact",
                score=0.0,
                evidence=item.evidence,
                sentence=-1,
            )
            by_start[item.evidence.start] = claim
            by_text.add(claim.text)
            added.append(claim)
        linked.append(replace(item, tests=Tested("claim", claim.text)))
    return linked, [*claims, *added]


def as_dict(generation: Generation, *, timings: bool = True) -> dict[str, object]:
    """The documented JSON shape (see docs/generation.md) as plain Python data."""
    return {
        "source": {"title": generation.document.title, "words": generation.words},
        "terms": [term.as_dict() for term in generation.terms],
        "claims": [claim.as_dict() for claim in generation.claims],
        "items": [item.as_dict() for item in generation.items],
        "rejected": [rejection.as_dict() for rejection in generation.rejected],
        "timings_ms": dict(generation.timings_ms) if timings else {},
    }


def to_json(generation: Generation, *, timings: bool = True, indent: int | None = 2) -> str:
    """One JSON document; keys sorted. Only ``timings_ms`` varies between identical runs."""
    return json.dumps(
        as_dict(generation, timings=timings), sort_keys=True, ensure_ascii=False, indent=indent
    )


def answer_keys(text: str, *, limit: int | None = None) -> list[str]:
    """The engine's ranked answer keys for a text: the spans it would blank or ask for.

    Every candidate phrase scored by the answer-span model (:mod:`answers`), best first, a
    phrase overlapping a better one a little lower. Raises :class:`GenerationError` like
    :func:`generate`.
    """
    document = clean_text(text)
    analysis = analyse(document)
    centrality = sentence_centrality(analysis.sentences)
    terms = extract_terms(analysis, centrality)
    spans = candidate_spans(analysis, centrality, terms)
    return [span.text for span in select_keys(spans, limit)]
