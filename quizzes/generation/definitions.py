"""Definitions the text itself gives for its terms.

Four patterns, in order of trust: an acronym spelled out in brackets ("complete, verifiable,
irreversible denuclearization (CVID)"); a naming phrase ("call this X", "known as X", "so-called
X"); a role in front of or in apposition to a name ("the mercurial US President Donald Trump",
"National Security Advisor, John Bolton"); and a copular sentence ("X is a Y").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from .mentions import key_of
from .types import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .nlp import Analysis

# ``find_definitions``' offer(key, text, sentence index): a definition found, kept if it is the first.
Offer = Callable[[str, str, int], None]

_STOP = frozenset(
    ["a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from"]
)
_NOT_DEFINABLE = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "it",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "result",
        "other",
        "others",
        "some",
        "all",
        "one",
    ]
)
_NAMING_VERBS = frozenset({"call", "term", "dub", "name", "know", "refer"})
_HEDGES = frozenset(["arguably", "perhaps", "probably", "possibly", "maybe", "surely", "really"])
_MEANING_VERBS = frozenset({"mean", "refer", "define", "denote"})


def bracketed_acronyms(analysis: Analysis) -> list[tuple[str, str, str, int]]:
    """(acronym, expansion key, expansion text, sentence index) for each "long form (ACRONYM)"."""
    doc = analysis.doc
    found = []
    for sentence in analysis.sentences:
        for i in range(sentence.token_start + 1, sentence.token_end - 1):
            token = doc[i]
            if not (doc[i - 1].text == "(" and doc[i + 1].text == ")"):
                continue
            letters = token.text[:-1] if token.text.endswith("s") else token.text
            if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
                continue
            want = list(letters.lower())
            j, first = i - 2, None
            while j >= sentence.token_start and want:
                word = doc[j]
                if word.is_punct or (word.lower_ in _STOP and word.lower_[0] != want[-1]):
                    j -= 1
                    continue
                if word.lower_[0] != want[-1]:
                    break
                want.pop()
                first = j
                j -= 1
            if not want and first is not None:
                tokens = list(doc[first : i - 1])
                while tokens and tokens[-1].is_punct:
                    tokens.pop()
                text = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
                found.append((token.text, key_of(tokens), text, sentence.index))
    return found


def find_definitions(analysis: Analysis) -> dict[str, tuple[str, Evidence]]:
    """Map a term key to (definition, evidence sentence); the first, most trusted one wins."""
    definitions: dict[str, tuple[str, Evidence]] = {}
    doc = analysis.doc

    def evidence(index: int) -> Evidence:
        sentence = analysis.sentences[index]
        return Evidence(sentence.start, sentence.end, sentence.text)

    def offer(key: str, text: str, index: int) -> None:
        text = text.strip(" ,;:–—-")
        if text.count("(") != text.count(")") or key.split()[0] in _NOT_DEFINABLE:
            return
        content = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _STOP]
        if len(content) < 2:
            return  # "the business": a word, not a definition
        if re.search(r"\(\d{4}\)", text):
            return  # "My Sister Rosalind Franklin (2012)": a book's title, not a description
        if (
            key
            and text
            and key not in definitions
            and text.lower() != key
            and len(text.split()) <= 25
        ):
            definitions[key] = (text, evidence(index))

    for acronym, _, expansion, index in bracketed_acronyms(analysis):
        offer(acronym.lower(), expansion, index)
    # People by sentence, found in one pass: ``Span.ents`` rescans the whole document.
    starts = [sentence.token_start for sentence in analysis.sentences]
    people: dict[int, list[SpacySpan]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not (len(ent) == 1 and ent.text.endswith("s")):
            people.setdefault(bisect_right(starts, ent.start) - 1, []).append(ent)
    for sentence in analysis.sentences:
        tokens = doc[sentence.token_start : sentence.token_end]
        for token in tokens:
            if token.lemma_.lower() in _NAMING_VERBS and token.pos_ == "VERB":
                _naming(token, sentence.index, offer)
        for ent in people.get(sentence.index, []):
            _role(ent, sentence.index, offer)
        root = tokens.root
        hedged = any(
            c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _HEDGES) for c in root.children
        )  # "Concorde is not the first …", "the French press is arguably …": no definition
        if (
            root.lemma_ == "be"
            and sentence.finite
            and not sentence.text.endswith("?")
            and not hedged
        ):
            subject = next((t for t in root.children if t.dep_ == "nsubj"), None)
            attr = next((t for t in root.children if t.dep_ == "attr"), None)
            if (
                subject is not None
                and attr is not None
                and attr.i > root.i
                and attr.pos_ in ("NOUN", "PROPN")
                # "The telescope has been a long time coming": a definition says what a thing
                # is, not what it has been or may be.
                and not any(c.dep_ == "aux" for c in root.children)
            ):
                words = [t for t in subject.subtree if t.pos_ != "DET"]
                if (
                    words
                    and subject.pos_ in ("NOUN", "PROPN")
                    and len(words) <= 4
                    and not any(t.pos_ == "PRON" or t.lower_ in _NOT_DEFINABLE for t in words)
                ):
                    first = next(attr.subtree)
                    if first.lower_ in ("a", "an", "the") or first.dep_ == "poss":
                        end = attr.right_edge.i + 1
                        offer(key_of(words), doc[first.i : end].text, sentence.index)
        if root.lemma_ in _MEANING_VERBS and sentence.finite and not sentence.text.endswith("?"):
            _meaning(root, sentence.index, offer)
    return definitions


def _meaning(verb: Token, index: int, offer: Offer) -> None:
    """ "Just-in-time means making only what is needed", "X refers to Y", "X is defined as
    Y", "X means that Y": the subject's meaning, given by the text in so many words."""
    doc = verb.doc
    if any(c.dep_ == "neg" for c in verb.children):
        return
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    start = verb.sent.start
    if subject is None:
        # A hyphenated coinage the parser splits ("Just-in-time means …"): the words before
        # the verb, when they are one written word.
        before = doc[start : verb.i]
        if (
            not before
            or " " in before.text.strip()
            or any(t.pos_ in ("VERB", "AUX") for t in before)
        ):
            return
        words = [t for t in before if not t.is_punct]
    else:
        if subject.pos_ not in ("NOUN", "PROPN") or subject.i > verb.i:
            return
        words = [t for t in subject.subtree if t.pos_ != "DET" and not t.is_punct]
        # The subject's own words: "Jidoka, sometimes translated as …, means …" keeps "Jidoka".
        words = [t for t in words if t.i <= subject.i or t.dep_ in ("compound", "amod")]
    if not words or len(words) > 4 or any(t.lower_ in _NOT_DEFINABLE for t in words):
        return
    meaning = None
    for child in verb.children:
        if child.i < verb.i:
            continue
        if verb.lemma_ == "mean" and child.dep_ in ("dobj", "xcomp", "ccomp"):
            meaning = child
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("to", "as"):
            meaning = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        if meaning is not None:
            break
    if meaning is None:
        return
    tokens = [t for t in meaning.subtree if not (t.dep_ == "mark" and t.lower_ == "that")]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if len(tokens) < 2 or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return
    offer(key_of(words), doc[tokens[0].i : tokens[-1].i + 1].text, index)


def _naming(verb: Token, index: int, offer: Offer) -> None:
    """ "… letters from Kim – call this pen pal diplomacy": the named thing is what precedes."""
    doc = verb.doc
    named = None
    children = list(verb.children)
    if verb.lemma_.lower() in ("know", "refer", "term", "dub", "call") and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in children
    ):
        prep = next(c for c in children if c.dep_ == "prep" and c.lower_ == "as")
        named = next((c for c in prep.children if c.dep_ == "pobj"), None)
    elif verb.lemma_.lower() == "call":
        objects = [c for c in children if c.dep_ == "dobj"]
        named = objects[-1] if objects else None
        if named is not None and named.lower_ in ("this", "that", "it"):
            named = next((c for c in children if c.dep_ in ("oprd", "xcomp", "ccomp")), None)
    if named is None:
        return
    name_tokens = [t for t in named.subtree if t.pos_ != "DET" and t.lower_ not in ("this", "that")]
    name_tokens = [t for t in name_tokens if t.i >= verb.i and t.dep_ != "advcl"]
    if not name_tokens or len(name_tokens) > 5:
        return
    # The thing named: the noun phrase that ends just before the naming clause.
    j = verb.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].lower_ in ("we", "i", "you", "let", "us", "to")):
        j -= 1
    if j < 0 or doc[j].pos_ not in ("NOUN", "PROPN"):
        return
    # Climb from the last noun through prepositions and gerunds ("delight in receiving
    # letters from Kim"), never into a finite verb.
    head = doc[j]
    while (
        head.dep_ in ("pobj", "dobj", "pcomp", "prep", "compound")
        and head.head.i < head.i
        and (head.head.pos_ in ("NOUN", "PROPN", "ADP") or head.head.tag_ == "VBG")
    ):
        head = head.head
    start = head.left_edge.i
    if head.pos_ == "ADP" and start > 0 and doc[start - 1].pos_ == "NOUN":
        noun = doc[start - 1]
        start = min([noun.i] + [t.i for t in noun.lefts if t.dep_ in ("amod", "compound")])
        if (
            start > 0
            and doc[start - 1].dep_ in ("amod", "conj")
            and doc[start - 1].tag_ in ("JJ", "VBD", "VBN")
        ):
            start -= 1
    while start < j and doc[start].pos_ in ("DET", "CCONJ", "PRON", "PUNCT"):
        start += 1
    if j - start > 12:
        return
    offer(key_of(name_tokens), doc[start : j + 1].text, index)


def _role(ent: SpacySpan, index: int, offer: Offer) -> None:
    """A role written in front of a name, or in apposition to it."""
    doc = ent.doc
    root = ent.root
    key = key_of(list(ent))
    # "the mercurial US President Donald Trump": the name's noun phrase before the name.
    left = [t for t in root.lefts if t.i < ent.start]
    if left:
        start = min(t.left_edge.i for t in left)
        words = doc[start : ent.start]
        if (
            len(words) >= 2
            and any(t.pos_ in ("NOUN", "PROPN") for t in words)
            and not any(t.dep_ == "poss" or (t.is_punct and t.text != ",") for t in words)
        ):
            offer(key, words.text, index)
            return
    # "National Security Advisor, John Bolton" / "John Bolton, the National Security Advisor".
    for other in (*(c for c in root.children if c.dep_ == "appos"), root.head):
        if other is root or not (other.dep_ == "appos" or root.dep_ == "appos"):
            continue
        if other.pos_ not in ("NOUN", "PROPN") or ent.start <= other.i < ent.end:
            continue
        tokens = [t for t in other.subtree if not ent.start <= t.i < ent.end]
        if tokens and tokens[0].tag_ in ("VBD", "VBN", "VBG", "VBZ", "VBP"):
            return  # "…, organised women to plant trees": a clause, not a role
        if sum(1 for t in tokens if t.is_alpha and not t.is_stop) < 3:
            return  # "the Sherpa climber", "the think tank": a label, nothing to learn
        if tokens and len(tokens) <= 10 and tokens[-1].i - tokens[0].i + 1 == len(tokens):
            offer(key, doc[tokens[0].i : tokens[-1].i + 1].text, index)
            return
