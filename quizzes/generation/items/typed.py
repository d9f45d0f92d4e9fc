"""Typed distractors for question answers: the same kind of thing, from the article first.

What goes in: the answer phrase, its head token, the sentence it came from and the question.
What comes out: up to four wrong answers, best first, or fewer when the article has no more
that are safe. Never raises.

A wrong answer must be:

- **of the answer's kind**: a person for a person, a place for a place, a date or number for a
  date or number (nearby values), an organisation for an organisation, and for other phrases
  a phrase of the same number (singular/plural) and capitalisation from the article; a member
  of a closed set (a continent, a month, a planet) gets the set's other members, the ones the
  article names first, then the rest from :mod:`..lexicon`;
- **plausible but distinguishable**: ranked by meaning similarity to the answer (WordLlama),
  never a near-synonym (similarity ≥ 0.85), never contained in the answer or containing it,
  never one of the answer's aliases;
- **not also right**: never a phrase of the source sentence, and never a phrase that another
  sentence of the article states in the same relation (the question's content words around
  it), so "What does X require?" does not offer a second thing X requires.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..distractors import family, overlaps, perturb_number
from ..lexicon import closed_set, siblings
from ..semantics import embed, similarity
from ..types import Sentence

if TYPE_CHECKING:
    from .context import ItemContext

# Kinds whose article rivals make fair wrong answers (common phrases too often did not).
NAMED_KINDS = frozenset({"PERSON", "PLACE", "ORG", "NORP", "EVENT", "NUMBER", "LAW", "FAC"})
_SYNONYM = 0.85
_ADJECTIVAL = ("an", "ish", "ese", "ic")  # "European", "Irish": a demonym used as an adjective
_MAX_CANDIDATES = 250  # the best of a kind are enough; all of them would cost O(n) per question
_WH_WORDS = frozenset(["who", "what", "when", "where", "which", "how", "many", "whom", "why"])
_STOP = frozenset(
    ["the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "by", "for", "with", "from",
     "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
     "according", "author", "that", "this", "it", "as", "not"]
)  # fmt: skip


def _content(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words} - _STOP - _WH_WORDS


def answer_kind(context: ItemContext, answer: str, head: int) -> str:
    """The distractor family of an answer: PERSON, PLACE, ORG, EVENT, NUMBER, NORP or NP."""
    term = context.term_for(answer)
    token = context.analysis.doc[head]
    label = token.ent_type_ or "NP"
    if term is not None and term.kind not in ("NP", "ACRONYM"):
        label = term.kind
    elif term is not None:
        label = "NP"
    if token.like_num and label == "NP":
        label = "CARDINAL"
    return family(label, answer)


def typed_distractors(
    context: ItemContext,
    answer: str,
    head: int,
    *,
    sentence: Sentence,
    question: str,
    count: int = 4,
) -> list[str]:
    """Wrong answers for ``answer`` (see the module docstring), best first."""
    kind = answer_kind(context, answer, head)
    term = context.term_for(answer)
    avoid = [answer, *(term.forms() if term is not None else ())]
    if kind == "NUMBER":
        return [n for n in perturb_number(answer) if not any(overlaps(n, a) for a in avoid)][:count]
    family_set = closed_set(answer)
    if family_set is not None:
        # A continent for a continent, a month for a month: the article's own first, then the
        # rest of the closed set (lexicon).
        text = context.analysis.document.text
        members = siblings(answer)
        ranked = [m for m in members if m in text] + [m for m in members if m not in text]
        return ranked[:count]
    plural = context.analysis.doc[head].tag_ in ("NNS", "NNPS")
    capital = answer[:1].isupper()
    question_words = _content(question)
    sentence_text = sentence.text.lower()
    pool = []
    for candidate in context.pool.candidates(kind)[:_MAX_CANDIDATES]:
        text = candidate.common or candidate.text
        if kind == "NORP" and (
            candidate.plural != plural
            or text[:1].isupper() != capital
            or text.endswith(_ADJECTIVAL) != answer.endswith(_ADJECTIVAL)
        ):
            continue  # "Roman Catholics" against "Jews", not against "European"
        if kind == "NP" and (
            candidate.plural != plural
            or text[:1].isupper() != capital
            or abs(len(text.split()) - len(answer.split())) > 3
            or context.is_topic(text)
        ):
            continue
        if any(overlaps(form, other) for form in candidate.forms for other in avoid):
            continue
        if _scattered_in(text, answer):
            continue  # "Marie Curie" against "Marie Salomea Skłodowska-Curie": the same person
        if text.lower() in sentence_text or any(
            f.lower() in sentence_text for f in candidate.forms
        ):
            continue
        if len(text) < 2 or not re.search(r"[^\W\d_]", text):
            continue
        if closed_set(text) is not None and kind == "PLACE":
            continue  # "Europe" against "Germany": one contains the other, both may be right
        pool.append((candidate, text))
    if not pool:
        return []
    embed([answer, *(text for _, text in pool)])
    scored = []
    for candidate, text in pool:
        close = similarity(answer, text)
        if close >= _SYNONYM:
            continue
        if kind == "NP" and close < 0.1:
            continue
        if _also_right(context, text, question_words, sentence.index):
            continue
        scored.append((-(close + 0.3 * candidate.score), text))
    scored.sort()
    chosen: list[str] = []
    for _, text in scored:
        if any(overlaps(text, other) for other in chosen):
            continue
        if any(similarity(text, other) >= _SYNONYM for other in chosen):
            continue  # two wrong answers that mean the same: one of them must be right
        chosen.append(text)
        if len(chosen) == count:
            break
    return chosen


def _also_right(
    context: ItemContext, candidate: str, question_words: set[str], source: int
) -> bool:
    """True when another sentence says the question's thing about ``candidate`` too."""
    if not question_words:
        return False
    lower = candidate.lower()
    for index in context.sentences_with(candidate):
        sentence = context.analysis.sentences[index]
        if index == source or lower not in sentence.text.lower():
            continue
        shared = question_words & _content(sentence.text)
        if len(shared) >= max(2, 0.5 * len(question_words)):
            return True
    return False


def _scattered_in(candidate: str, answer: str) -> bool:
    """True when every word of ``candidate`` is a word of ``answer`` (hyphens split), in any
    order: a shortened form of the answer the alias merge missed, so also right."""
    split = re.compile(r"[^\W_]+")
    mine = {w.lower() for w in split.findall(candidate)}
    theirs = {w.lower() for w in split.findall(answer)}
    return bool(mine) and mine <= theirs
