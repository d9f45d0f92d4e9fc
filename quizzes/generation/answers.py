"""Answer spans: the phrases of a text worth asking for, each scored by an explainable model.

What goes in: the :class:`Analysis` (one parse), sentence centrality and the ranked terms.
What comes out: every candidate answer (entities, noun phrases at several granularities, whole
argument phrases of verbs with their heads, numbers), each with the features that describe it
and a score, best first. Never raises.

The score is a logistic model over a dozen named features (``WEIGHTS``): its weights were fitted
on the even paragraphs of SQuAD v1.1 dev half A (``bench/answer_keys.py --fit``), where crowd
workers marked the phrases worth asking about, and checked on the odd ones. Every weight can be
read as "how much more often people ask about a phrase with this property", so a score can be
explained feature by feature (:func:`explain`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from .terms import NUMERIC_LABELS
from .types import Term

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .nlp import Analysis

# Dependency labels of a phrase that is an argument of a verb (or of a preposition).
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "oprd", "npadvmod",
     "conj", "agent", "acomp", "compound", "poss", "nmod"}
)  # fmt: skip
_PHRASE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "oprd"})
_LEADING = frozenset({"DET", "PRON", "CCONJ", "PUNCT", "SCONJ", "PART"})
_MAX_WORDS = 10
_OVERLAP_PENALTY = 0.3  # log-odds; tuned with the weights (bench/answer_key_fit.py)
# Words right before a phrase that mark it as a name or a quantity being given.
_CUES_BEFORE = frozenset(
    {"called", "named", "known", "as", "than", "about", "approximately", "nearly", "over",
     "around", "almost", "only", "by", "the", "a", "an", "of", "and", "including", "such"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"in", "on", "at", "by", "of", "from", "to", "for", "with", "as", "after", "during",
     "between", "into", "than", "until", "since", "about", "over", "under", "through"}
)  # fmt: skip

# Fitted by ``bench/answer_keys.py --fit`` (even paragraphs); see the module docstring.
WEIGHTS: dict[str, float] = {
    "acronym": -0.344,
    "adjective": 0.103,
    "after_about": -0.559,
    "after_after": -0.302,
    "after_as": 0.748,
    "after_at": 0.104,
    "after_between": 0.083,
    "after_by": 0.442,
    "after_during": -0.323,
    "after_for": -0.28,
    "after_from": -0.1,
    "after_in": -0.251,
    "after_into": 0.213,
    "after_of": -0.102,
    "after_on": -0.008,
    "after_over": -0.564,
    "after_than": -0.484,
    "after_through": 0.629,
    "after_to": -0.086,
    "after_under": 0.243,
    "after_until": 0.453,
    "after_with": 0.21,
    "appos": 0.314,
    "before_a": 0.311,
    "before_about": 1.237,
    "before_almost": -1.654,
    "before_an": 0.148,
    "before_and": -0.564,
    "before_approximately": 1.291,
    "before_around": -0.705,
    "before_as": -0.423,
    "before_by": -0.092,
    "before_called": 1.424,
    "before_including": 0.334,
    "before_known": 2.287,
    "before_named": -0.694,
    "before_nearly": 1.307,
    "before_of": 0.184,
    "before_only": 1.981,
    "before_over": 0.863,
    "before_such": -2.422,
    "before_than": 0.847,
    "before_the": 0.113,
    "bracket_after": 0.686,
    "capital": 0.401,
    "central": 0.116,
    "comma_after": 0.042,
    "conj": 0.535,
    "date": 0.123,
    "date_modifier": 0.374,
    "date_modifier_1": 0.63,
    "date_modifier_2": 0.917,
    "date_modifier_4": -2.854,
    "date_object": 0.11,
    "date_object_1": 0.141,
    "date_object_2": 0.719,
    "date_object_4": -1.326,
    "date_other": 0.362,
    "date_other_1": -0.799,
    "date_other_2": 0.836,
    "date_other_4": -0.038,
    "date_pobj": 0.099,
    "date_pobj_1": 0.145,
    "date_pobj_2": 0.06,
    "date_pobj_4": -0.135,
    "date_subject": -0.945,
    "date_subject_1": 0.706,
    "date_subject_2": -2.063,
    "date_words_1": 0.21,
    "date_words_2": 0.167,
    "date_words_4": -0.445,
    "depth_1": 0.484,
    "depth_2": 0.35,
    "depth_3": 0.034,
    "digits": 0.295,
    "early": 0.304,
    "entity": 0.123,
    "from_adjective": 0.326,
    "from_adjective_1": 0.202,
    "from_adjective_2": 0.813,
    "from_adjective_3": 1.629,
    "from_adjective_4": -0.478,
    "from_bracketed": 0.017,
    "from_bracketed_4": 0.017,
    "from_clause": 0.492,
    "from_clause_1": 1.848,
    "from_clause_2": 1.14,
    "from_clause_3": -0.85,
    "from_clause_4": -0.164,
    "from_entity": 0.403,
    "from_entity_1": 0.518,
    "from_entity_2": 0.056,
    "from_entity_3": -0.157,
    "from_entity_4": 1.505,
    "from_mention": 0.154,
    "from_mention_1": -0.017,
    "from_mention_2": 0.221,
    "from_mention_3": 0.234,
    "from_mention_4": 0.236,
    "from_number": 0.506,
    "from_number_1": 0.506,
    "from_subtree": 0.42,
    "from_subtree_1": 0.607,
    "from_subtree_2": 0.152,
    "from_subtree_3": 0.482,
    "from_subtree_4": 0.177,
    "from_verb": -0.491,
    "from_verb_1": -0.491,
    "given": -0.279,
    "has_clause": -0.697,
    "has_prep": -0.027,
    "head_common": -0.304,
    "in_brackets": -0.971,
    "island": 0.063,
    "label_CARDINAL": 1.151,
    "label_DATE": 0.121,
    "label_EVENT": -0.143,
    "label_FAC": 0.301,
    "label_GPE": -0.161,
    "label_LANGUAGE": -1.458,
    "label_LAW": 0.841,
    "label_LOC": -0.147,
    "label_MONEY": 1.472,
    "label_NORP": -0.18,
    "label_ORDINAL": 1.279,
    "label_ORG": -0.009,
    "label_PERCENT": 1.408,
    "label_PERSON": 0.205,
    "label_PRODUCT": 0.693,
    "label_QUANTITY": 0.64,
    "label_TIME": 0.044,
    "label_WORK_OF_ART": -0.095,
    "late_in_sentence": 0.039,
    "max_rarity": -0.071,
    "maximal": 0.329,
    "mean_rarity": 1.595,
    "modifier": -1.582,
    "name_modifier": 1.046,
    "name_modifier_1": -0.771,
    "name_modifier_2": 0.971,
    "name_modifier_4": 1.077,
    "name_object": -0.811,
    "name_object_1": 1.085,
    "name_object_2": -1.228,
    "name_object_4": -1.3,
    "name_other": -0.292,
    "name_other_1": -0.885,
    "name_other_2": 0.123,
    "name_other_4": 0.017,
    "name_pobj": 0.001,
    "name_pobj_1": 0.903,
    "name_pobj_2": 0.056,
    "name_pobj_4": -0.404,
    "name_subject": -0.414,
    "name_subject_1": -0.895,
    "name_subject_2": 0.28,
    "name_subject_4": -0.134,
    "name_term": 0.526,
    "name_words_1": -0.445,
    "name_words_2": 0.138,
    "name_words_4": -0.216,
    "number_modifier": 0.067,
    "number_modifier_1": 0.081,
    "number_modifier_2": 0.151,
    "number_modifier_4": -0.505,
    "number_object": -0.248,
    "number_object_1": -0.188,
    "number_object_2": 0.3,
    "number_object_4": -0.43,
    "number_other": -0.175,
    "number_other_1": -0.931,
    "number_other_2": 0.024,
    "number_other_4": 0.079,
    "number_pobj": -0.197,
    "number_pobj_1": -0.049,
    "number_pobj_2": -0.266,
    "number_pobj_4": 0.116,
    "number_subject": -0.393,
    "number_subject_1": -0.816,
    "number_subject_2": 0.033,
    "number_subject_4": -0.24,
    "number_term": -0.376,
    "number_words_1": 0.013,
    "number_words_2": 0.083,
    "number_words_4": -0.235,
    "numeric": 0.041,
    "object": -0.185,
    "org": -0.019,
    "org_modifier": 0.614,
    "org_modifier_1": 0.252,
    "org_modifier_2": 1.414,
    "org_modifier_4": -0.895,
    "org_object": 0.147,
    "org_object_1": -0.119,
    "org_object_2": 0.481,
    "org_object_4": -0.172,
    "org_other": 0.283,
    "org_other_1": 0.382,
    "org_other_2": 0.123,
    "org_other_4": 0.042,
    "org_pobj": 0.332,
    "org_pobj_1": 0.26,
    "org_pobj_2": 0.344,
    "org_pobj_4": 0.161,
    "org_subject": 0.239,
    "org_subject_1": -0.439,
    "org_subject_2": 0.678,
    "org_subject_4": 0.061,
    "org_term": -1.078,
    "org_words_1": 0.113,
    "org_words_2": 0.598,
    "org_words_4": 0.019,
    "person": 0.205,
    "person_modifier": 0.804,
    "person_modifier_1": 0.4,
    "person_modifier_2": 0.049,
    "person_modifier_4": 1.28,
    "person_object": 0.255,
    "person_object_1": 0.158,
    "person_object_2": 0.205,
    "person_object_4": 0.383,
    "person_other": 0.128,
    "person_other_1": 0.15,
    "person_other_2": 0.114,
    "person_other_4": 0.202,
    "person_pobj": 0.123,
    "person_pobj_1": -0.383,
    "person_pobj_2": 0.384,
    "person_pobj_4": -0.681,
    "person_subject": 0.236,
    "person_subject_1": -0.073,
    "person_subject_2": 0.445,
    "person_subject_4": -0.798,
    "person_term": -0.275,
    "person_words_1": -0.108,
    "person_words_2": 0.358,
    "person_words_4": -0.195,
    "phrase_modifier": 0.425,
    "phrase_modifier_1": 0.376,
    "phrase_modifier_4": 2.071,
    "phrase_object": -0.221,
    "phrase_object_1": -0.122,
    "phrase_object_2": 0.042,
    "phrase_object_4": -0.03,
    "phrase_only": 0.223,
    "phrase_other": -0.23,
    "phrase_other_1": -0.172,
    "phrase_other_2": -0.227,
    "phrase_other_4": -0.332,
    "phrase_pobj": -0.249,
    "phrase_pobj_1": -0.282,
    "phrase_pobj_2": -0.194,
    "phrase_pobj_4": 0.291,
    "phrase_subject": -0.408,
    "phrase_subject_1": -0.311,
    "phrase_subject_2": -0.048,
    "phrase_subject_4": 0.103,
    "phrase_term": 1.797,
    "phrase_words_1": -0.095,
    "phrase_words_2": -0.06,
    "phrase_words_4": 0.064,
    "place": -0.045,
    "place_modifier": 0.055,
    "place_modifier_1": -0.169,
    "place_modifier_2": 0.92,
    "place_modifier_4": -0.885,
    "place_object": -0.142,
    "place_object_1": -0.492,
    "place_object_2": 0.124,
    "place_other": -0.009,
    "place_other_1": -0.333,
    "place_other_2": -0.394,
    "place_other_4": 1.321,
    "place_pobj": 0.186,
    "place_pobj_1": -0.05,
    "place_pobj_2": 0.342,
    "place_pobj_4": 0.331,
    "place_subject": -0.453,
    "place_subject_1": 0.342,
    "place_subject_2": -0.414,
    "place_subject_4": -3.183,
    "place_term": 0.324,
    "place_words_1": -0.086,
    "place_words_2": 0.278,
    "place_words_4": -0.521,
    "pobj_of_noun": -0.029,
    "prep_object": -0.047,
    "proper": -0.146,
    "quoted": 0.461,
    "repeated": 0.315,
    "sentence_length": -0.915,
    "sentence_start": -0.265,
    "subject": -0.031,
    "term": 0.536,
    "term_mentions": -0.612,
    "topic": 0.298,
    "verb_be": 0.181,
    "verb_rarity": 0.174,
    "words_1": -0.209,
    "words_2_3": 0.263,
    "words_4_6": -0.011,
    "words_7_plus": -0.262,
}


@dataclass(frozen=True)
class AnswerSpan:
    """A phrase of the text that could be an answer, with why it might be worth asking for."""

    start: int  # character offsets into the cleaned text
    end: int
    text: str
    sentence: int
    head: int  # token index of the phrase's head
    label: str  # entity label, "NP" or "PHRASE"
    features: tuple[tuple[str, float], ...]
    score: float


@lru_cache(maxsize=50_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _rarity(tokens: list[Token]) -> tuple[float, float]:
    values = [
        min(max((7.0 - _zipf(t.lower_)) / 5.0, 0.0), 1.0)
        for t in tokens
        if t.is_alpha and not t.is_stop
    ]
    if not values:
        return 0.0, 0.0
    return sum(values) / len(values), max(values)


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].pos_ in _LEADING or doc[start].is_space):
        if doc[start].like_num:
            break
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in ")”\"'" and "(" in doc[start:end].text:
            break
        end -= 1
    if end <= start:
        return None
    return start, end


def candidate_spans(
    analysis: Analysis, centrality: list[float], terms: list[Term]
) -> list[AnswerSpan]:
    """Every candidate answer of the text, scored; one per distinct surface text, best first."""
    return candidates(analysis, centrality, terms).all()


def candidates(analysis: Analysis, centrality: list[float], terms: list[Term]) -> _Candidates:
    """The text's candidate answers, each scored when first asked for (:meth:`_Candidates.at`)."""
    doc = analysis.doc
    text = analysis.document.text
    term_score: dict[str, float] = {}
    term_mentions: dict[str, int] = {}
    for term in terms:
        for form in term.forms():
            term_score.setdefault(form.lower(), term.score)
            term_mentions.setdefault(form.lower(), term.mentions)
    counts: dict[str, int] = {}
    found: dict[tuple[int, int], tuple[str, set[str]]] = {}

    def add(start: int, end: int, label: str, origin: str) -> None:
        bounds = _trimmed(doc, start, end)
        if bounds is None:
            return
        start, end = bounds
        if end - start > _MAX_WORDS:
            return
        tokens = doc[start:end]
        if not any(t.is_alpha or t.like_num for t in tokens):
            return
        if (
            len(tokens) == 1
            and not tokens[0].like_num
            and (tokens[0].is_stop or tokens[0].pos_ in ("PRON", "ADP", "AUX"))
        ):
            return
        if start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text in "-/–":
            return
        entry = found.get((start, end))
        if entry is None:
            found[(start, end)] = (label, {origin})
        else:
            old, origins = entry
            origins.add(origin)
            if old in ("NP", "PHRASE") and label not in ("NP", "PHRASE"):
                found[(start, end)] = (label, origins)

    sentence_of: dict[int, int] = {}
    # Mentions carry character offsets; ``Doc.char_span`` would rescan the document for each.
    token_at = {token.idx: token.i for token in doc}
    token_ending = {token.idx + len(token.text): token.i for token in doc}
    for sentence in analysis.sentences:
        for i in range(sentence.token_start, sentence.token_end):
            sentence_of[i] = sentence.index
        for mention in sentence.mentions:
            first = token_at.get(mention.start)
            last = token_ending.get(mention.end)
            if first is not None and last is not None:
                add(first, last + 1, mention.label, "mention")
        for token in doc[sentence.token_start : sentence.token_end]:
            if token.dep_ in _PHRASE_DEPS and token.pos_ in ("NOUN", "PROPN", "NUM"):
                add(token.left_edge.i, token.right_edge.i + 1, "PHRASE", "subtree")
                # Without a trailing relative clause or comma aside: "the city, which …".
                cut = next(
                    (
                        child.left_edge.i
                        for child in token.rights
                        if child.dep_ in ("relcl", "acl", "punct", "advcl")
                    ),
                    None,
                )
                if cut is not None and cut > token.i:
                    add(token.left_edge.i, cut, "PHRASE", "subtree")
            if token.like_num and token.pos_ == "NUM":
                add(token.i, token.i + 1, "CARDINAL", "number")
            if token.dep_ == "acomp" and token.pos_ == "ADJ":
                add(token.left_edge.i, token.right_edge.i + 1, "PHRASE", "adjective")
            elif token.dep_ == "amod" and token.pos_ == "ADJ" and token.head.pos_ == "NOUN":
                add(token.i, token.i + 1, "PHRASE", "adjective")
            if token.pos_ == "VERB" and token.tag_ in ("VBD", "VBN") and not token.is_stop:
                add(token.i, token.i + 1, "PHRASE", "verb")
            if token.dep_ in ("advcl", "xcomp", "pcomp", "ccomp") and (
                token.right_edge.i - token.left_edge.i < 8
            ):
                add(token.left_edge.i, token.right_edge.i + 1, "PHRASE", "clause")
            if token.text == "(" and token.i > sentence.token_start:
                # "private finance initiatives (PFIs)": the name with its bracketed short form.
                close = next(
                    (
                        t.i
                        for t in doc[token.i + 1 : min(token.i + 6, sentence.token_end)]
                        if t.text == ")"
                    ),
                    None,
                )
                before = doc[token.i - 1]
                if close is not None and before.pos_ in ("NOUN", "PROPN"):
                    add(before.left_edge.i, close + 1, "PHRASE", "bracketed")
    for ent in doc.ents:
        add(ent.start, ent.end, ent.label_, "entity")
    for (start, end), _ in found.items():
        key = text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)].lower()
        counts[key] = counts.get(key, 0) + 1
    sentences = max(len(analysis.sentences), 1)
    # Where each content lemma first occurs, and in how many sentences: given vs new information.
    first_seen: dict[str, int] = {}
    spread: dict[str, int] = {}
    for sentence in analysis.sentences:
        for lemma in set(sentence.lemmas):
            first_seen.setdefault(lemma, sentence.index)
            spread[lemma] = spread.get(lemma, 0) + 1

    def scored(start: int, end: int) -> AnswerSpan | None:
        """The span at token bounds ``start:end``, with its features and score."""
        if (start, end) not in found or start not in sentence_of:
            return None
        label, origins = found[(start, end)]
        tokens = list(doc[start:end])
        surface = text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        key = surface.lower()
        head = doc[start:end].root
        index = sentence_of[start]
        features = _features(
            tokens,
            head,
            label,
            origins,
            counts.get(key, 1),
            index / sentences,
            centrality[index] if index < len(centrality) else 0.0,
            term_score.get(key, 0.0),
            term_mentions.get(key, 0),
            (analysis.sentences[index].token_start, analysis.sentences[index].token_end),
        )
        lemma = head.lower_ if head.pos_ == "PROPN" else head.lemma_.lower()
        features["given"] = float(first_seen.get(lemma, index) < index)
        features["topic"] = spread.get(lemma, 0) / sentences if sentences > 2 else 0.0
        return AnswerSpan(
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1].text),
            text=surface,
            sentence=index,
            head=head.i,
            label=label,
            features=tuple(sorted(features.items())),
            score=_logistic(features),
        )

    return _Candidates(
        found,
        scored,
        {(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)): (a, b) for a, b in found},
    )


class _Candidates:
    """The candidate phrases of a text, scored on demand (features cost more than finding)."""

    def __init__(
        self,
        found: dict[tuple[int, int], tuple[str, set[str]]],
        scored: Callable[[int, int], AnswerSpan | None],
        by_chars: dict[tuple[int, int], tuple[int, int]],
    ) -> None:
        self._found = found
        self._scored = scored
        self._by_chars = by_chars
        self._cache: dict[tuple[int, int], AnswerSpan | None] = {}

    def at(self, start: int, end: int) -> AnswerSpan | None:
        """The scored span at character offsets ``start:end``, or None if it is no candidate."""
        bounds = self._by_chars.get((start, end))
        if bounds is None:
            return None
        if bounds not in self._cache:
            self._cache[bounds] = self._scored(*bounds)
        return self._cache[bounds]

    def all(self) -> list[AnswerSpan]:
        """Every candidate, one per distinct surface text (its best place), best first."""
        best: dict[str, AnswerSpan] = {}
        for bounds in self._found:
            if bounds not in self._cache:
                self._cache[bounds] = self._scored(*bounds)
            span = self._cache[bounds]
            if span is None:
                continue
            key = span.text.lower()
            previous = best.get(key)
            if previous is None or (span.score, -span.start) > (previous.score, -previous.start):
                best[key] = span
        return sorted(best.values(), key=lambda s: (-s.score, s.start, s.text))


def _features(
    tokens: list[Token],
    head: Token,
    label: str,
    origins: set[str],
    count: int,
    position: float,
    central: float,
    term_score: float,
    term_mentions: int,
    bounds: tuple[int, int],
) -> dict[str, float]:
    words = len(tokens)
    mean_rarity, max_rarity = _rarity(tokens)
    numeric = label in NUMERIC_LABELS or any(t.like_num for t in tokens)
    features: dict[str, float] = {
        "bias": 1.0,
        "entity": float(label not in ("NP", "PHRASE") and label not in NUMERIC_LABELS),
        "numeric": float(numeric),
        "date": float(label in ("DATE", "TIME")),
        "person": float(label == "PERSON"),
        "place": float(label in ("GPE", "LOC", "FAC")),
        "org": float(label in ("ORG", "NORP")),
        "phrase_only": float(origins == {"subtree"}),
        "words_1": float(words == 1),
        "words_2_3": float(2 <= words <= 3),
        "words_4_6": float(4 <= words <= 6),
        "words_7_plus": float(words >= 7),
        "mean_rarity": mean_rarity,
        "max_rarity": max_rarity,
        "repeated": math.log1p(count - 1) if count > 1 else 0.0,
        "early": 1.0 - position,
        "central": central,
        "term": term_score,
        "term_mentions": math.log1p(term_mentions),
        "subject": float(head.dep_ in ("nsubj", "nsubjpass")),
        "object": float(head.dep_ in ("dobj", "attr", "oprd", "dative")),
        "prep_object": float(head.dep_ == "pobj"),
        "modifier": float(head.dep_ in ("compound", "amod", "nmod", "poss")),
        "appos": float(head.dep_ == "appos"),
        "conj": float(any(t.dep_ == "cc" for t in tokens)),
        "proper": float(head.pos_ == "PROPN"),
        "adjective": float(head.pos_ == "ADJ"),
        "capital": float(tokens[0].text[:1].isupper() and tokens[0].i > 0),
        "has_prep": float(any(t.dep_ == "prep" for t in tokens)),
        "has_clause": float(any(t.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in tokens)),
        "head_common": max(_zipf(head.lower_) - 4.0, 0.0) if head.pos_ == "NOUN" else 0.0,
        "sentence_start": float(tokens[0].is_sent_start or tokens[0].i == 0),
        "maximal": float(tokens[0].i == head.left_edge.i and tokens[-1].i == head.right_edge.i),
        "sentence_length": math.log(max(bounds[1] - bounds[0], 1)) / 4.0,
        "late_in_sentence": (head.i - bounds[0]) / max(bounds[1] - bounds[0], 1),
        "in_brackets": float(tokens[0].i > 0 and tokens[0].nbor(-1).text == "("),
    }
    for origin in origins:
        features[f"from_{origin}"] = 1.0
        features[f"from_{origin}_{min(words, 4)}"] = 1.0
    first, last = tokens[0], tokens[-1]
    before = first.nbor(-1).lower_ if first.i > 0 else ""
    after = last.nbor(1).text if last.i + 1 < len(last.doc) else ""
    if before in _CUES_BEFORE:
        features[f"before_{before}"] = 1.0
    features["comma_after"] = float(after == ",")
    features["quoted"] = float(before in ("“", '"', "‘") or after in ("”", '"', "’"))
    features["acronym"] = float(any(t.text.isupper() and len(t.text) >= 2 for t in tokens))
    features["digits"] = float(any(ch.isdigit() for t in tokens for ch in t.text))
    features["bracket_after"] = float(after == "(")
    if label not in ("NP", "PHRASE"):
        features[f"label_{label}"] = 1.0
    governor = head.head
    while governor.dep_ in ("prep", "conj", "agent") and governor.head.i != governor.i:
        governor = governor.head
    if governor.pos_ in ("VERB", "AUX") and governor.i != head.i:
        features["verb_rarity"] = min(max((6.0 - _zipf(governor.lower_)) / 4, 0), 1)
        features["verb_be"] = float(governor.lemma_ == "be")
    depth = 0
    island = False
    node = head
    while node.head.i != node.i and depth < 12:
        if node.dep_ in ("relcl", "acl", "advcl", "csubj", "ccomp", "xcomp", "pcomp"):
            island = True
        node = node.head
        depth += 1
    features["depth_1"] = float(depth <= 1)
    features["depth_2"] = float(depth == 2)
    features["depth_3"] = float(depth == 3)
    features["island"] = float(island)
    kind = (
        "date"
        if label in ("DATE", "TIME")
        else "number"
        if numeric
        else "person"
        if label == "PERSON"
        else "place"
        if label in ("GPE", "LOC", "FAC")
        else "org"
        if label in ("ORG", "NORP")
        else "name"
        if label not in ("NP", "PHRASE")
        else "phrase"
    )
    role = (
        "subject"
        if head.dep_ in ("nsubj", "nsubjpass")
        else "object"
        if head.dep_ in ("dobj", "attr", "oprd", "dative")
        else "pobj"
        if head.dep_ == "pobj"
        else "modifier"
        if head.dep_ in ("compound", "amod", "nmod", "poss", "nummod")
        else "other"
    )
    features[f"{kind}_{role}"] = 1.0
    size = "1" if words == 1 else "2" if words <= 3 else "4"
    features[f"{kind}_words_{size}"] = 1.0
    features[f"{kind}_{role}_{size}"] = 1.0
    if term_score:
        features[f"{kind}_term"] = term_score
    if head.dep_ == "pobj" and head.head.pos_ == "ADP":
        preposition = head.head.lower_
        if preposition in _PREPOSITIONS:
            features[f"after_{preposition}"] = 1.0
        if head.head.head.pos_ in ("NOUN", "PROPN"):
            features["pobj_of_noun"] = 1.0
    return features


def _logistic(features: dict[str, float]) -> float:
    """The span's score: its log-odds of being asked about, up to a constant per text."""
    weights = WEIGHTS
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


def select_keys(spans: list[AnswerSpan], limit: int | None = None) -> list[AnswerSpan]:
    """The best spans in order, each overlapping an already chosen one paying a small penalty.

    A phrase and its longer or shorter variant at the same place ("PFIs", "private finance
    initiatives (PFIs)") are alternatives: taking both spends the budget on one fact.
    Spans whose text differs only in case, punctuation or a leading article count once.
    """
    pool = list(spans)
    chosen: list[AnswerSpan] = []
    keys: set[str] = set()
    wanted = len(pool) if limit is None else limit
    while pool and len(chosen) < wanted:
        best_index, best_value = -1, float("-inf")
        for index, span in enumerate(pool[:60]):
            value = span.score
            if any(span.start < other.end and other.start < span.end for other in chosen):
                value -= _OVERLAP_PENALTY
            if value > best_value:
                best_index, best_value = index, value
        span = pool.pop(best_index)
        key = normal_key(span.text)
        if key and key not in keys:
            keys.add(key)
            chosen.append(span)
    return chosen


def normal_key(text: str) -> str:
    """Lower case, no punctuation, no articles: two answers with one key are one answer."""
    words = re.findall(r"[^\W_]+", text.lower())
    return " ".join(w for w in words if w not in ("a", "an", "the"))


def explain(span: AnswerSpan) -> list[tuple[str, float]]:
    """Each feature's contribution to the span's log-odds, largest first."""
    parts = [(name, WEIGHTS.get(name, 0.0) * value) for name, value in span.features]
    return sorted((p for p in parts if p[1]), key=lambda p: -abs(p[1]))
