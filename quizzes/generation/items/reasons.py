"""What an article argues: why-questions, consequences and contrasts, as flashcards.

- **Why** (``flashcard.why``): a main clause with a causal clause or phrase ("… because fleas
  carried the bacterium", "… because of fossil-fuel burning", "… due to …", "… in order to …")
  → "Why did the plague spread quickly?" with the cause as the answer.
- **What follows** (``flashcard.consequence``): a sentence opened by "Therefore", "As a result",
  "Consequently", "Thus" or "Hence" follows from the one before it → the earlier sentence is
  given and the card asks what follows from it.
- **How do X and Y differ** (``flashcard.contrast``): "X …, whereas/while Y …", "Unlike Y, X …",
  "In contrast to Y, X …" → the card names both and the answer is the sentence.

Flashcards are graded by the learner, so a clause can be the answer. PDTB's explicit
connectives are rare (3–4% of sentences in the checked texts), so these forms are few but
among the ones that test understanding rather than recall. Opinions keep the author's framing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..claims import stance_of, standalone
from ..questions import clause_question, clause_words, sentence_words
from ..types import Evidence, ItemDraft, Sentence, Tested
from .context import ItemContext, cite
from .rank import FORM_PRIOR, item_score
from .wh import eligible

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_CAUSE_MARKS = frozenset(["because"])
_CAUSE_PREPS = {("because", "of"), ("due", "to"), ("owing", "to"), ("thanks", "to")}
_RESULT_OPENERS = re.compile(
    r"^(?:therefore|as a result|consequently|thus|hence|for this reason|as a consequence)\b,?\s*",
    re.IGNORECASE,
)
_CONTRAST_MARKS = frozenset(["whereas", "while"])


def generate(context: ItemContext) -> list[ItemDraft]:
    """Why, consequence and contrast cards from every eligible sentence."""
    drafts: list[ItemDraft] = []
    sentences = context.analysis.sentences
    for sentence in sentences:
        if not eligible(context, sentence):
            continue
        drafts.extend(_why(context, sentence))
        drafts.extend(_contrast(context, sentence))
        if sentence.index > 0:
            drafts.extend(_consequence(context, sentences[sentence.index - 1], sentence))
    return drafts


def _card(
    context: ItemContext, sentence: Sentence, prompt: str, answer: str, generator: str
) -> ItemDraft:
    opinion = stance_of(sentence.text) == "opinion"
    if opinion and "according to" not in prompt.lower() and not prompt.startswith("The article"):
        prompt = "According to the author, " + prompt[:1].lower() + prompt[1:]
    evidence = Evidence(sentence.start, sentence.end, sentence.text)
    features = {
        "form": FORM_PRIOR[generator],
        "answer": 0.6,
        "central": context.central(sentence.index),
        "key": 0.5,
        "length": 1.0
        if len(prompt.split()) <= 22
        else max(0.0, 1 - (len(prompt.split()) - 22) / 12),
    }
    score, explained = item_score(features, opinion=opinion)
    return ItemDraft(
        type="flashcard",
        prompt=prompt,
        answer=answer[:1].upper() + answer[1:],
        explanation=cite(evidence),
        tests=Tested("claim", sentence.text),
        evidence=evidence,
        generator=generator,
        score=score,
        features=explained,
    )


def _why(context: ItemContext, sentence: Sentence) -> list[ItemDraft]:
    doc = context.analysis.doc
    span = doc[sentence.token_start : sentence.token_end]
    root = span.root
    for child in root.children:
        cause: list[Token] = []
        prefix = "Because "
        marks = {c.lower_: c for c in child.children if c.dep_ == "mark"}
        purpose = _purpose(child, root)
        if child.dep_ == "advcl" and marks.keys() & _CAUSE_MARKS:
            # "… because …" or a fronted "Because …, …"
            cause = [t for t in child.subtree if t.i not in {m.i for m in marks.values()}]
            removed = {t.i for t in child.subtree}
        elif (conjoined := _conjoined_result(child, root)) is not None:
            # "Engineers drilled three boreholes, so the rescue finished early" (the parser
            # makes the result a second clause joined by "so"): why it finished early.
            result_clause, cause = conjoined
            question = clause_question(result_clause, "Why", set())
            if (
                question is None
                or len(cause) < 3
                or any(t.lower_ in (*_CAUSE_PRONOUNS, "that") for t in cause)
            ):
                continue
            answer = "Because " + clause_words(cause)
            return [_card(context, sentence, question, answer, "flashcard.why")]
        elif (result := _result_of(child, root)) is not None:
            # "Parts arrive just in time, so the factory holds little stock": why it holds little.
            cause, removed = result
            cause_text = clause_words(cause)
            question = clause_question(span, "Why", removed)
            if (
                question is None
                or len(cause) < 3
                or any(t.lower_ in (*_CAUSE_PRONOUNS, "that") for t in cause)
            ):
                continue
            return [_card(context, sentence, question, "Because " + cause_text, "flashcard.why")]
        elif purpose is not None:
            # "… so that it would fit into a car", "… in order to cut costs", "… to slow it"
            prefix, cause = purpose
            removed = {t.i for t in child.subtree}
        elif child.dep_ in ("prep", "advmod", "amod") and child.i > root.i and purpose is None:
            following = doc[child.i + 1] if child.i + 1 < sentence.token_end else None
            if following is None or (child.lower_, following.lower_) not in _CAUSE_PREPS:
                continue
            pobj = next((t for t in child.subtree if t.dep_ == "pobj"), None)
            if pobj is None:
                continue
            cause = list(pobj.subtree)
            removed = {t.i for t in child.subtree}
        else:
            continue
        # A comma before the cause (or after a fronted one) goes with it.
        if child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",":
            removed.add(child.left_edge.i - 1)
        if child.i < root.i and doc[child.right_edge.i + 1].text == ",":
            removed.add(child.right_edge.i + 1)
        # ", which led to …": an aside on the cause is not part of it.
        aside = next(
            (t for t in cause if t.dep_ == "relcl" and t.left_edge.i > 0
             and t.doc[t.left_edge.i - 1].text == ","),
            None,
        )  # fmt: skip
        if aside is not None:
            cause = [t for t in cause if t.i < aside.left_edge.i - 1]
        # "so that Ramanujan could come to Cambridge, and Ramanujan arrived …": the purpose
        # ends where a second clause joins it.
        for index, token in enumerate(cause[:-1]):
            if token.text in (",", ";") and cause[index + 1].lower_ in ("and", "but"):
                cause = cause[:index]
                break
        while cause and cause[-1].is_punct:
            cause.pop()
        pronouns = ("this", "he", "she") if prefix != "Because " else _CAUSE_PRONOUNS
        if len(cause) < 2 or any(t.lower_ in pronouns for t in cause):
            continue
        if all(t.like_num or t.pos_ in ("NOUN", "DET") for t in cause) and any(
            t.like_num for t in cause
        ):
            continue  # "Because of three bets": a count, not a cause
        question = clause_question(span, "Why", removed)
        if question is None:
            continue
        answer = sentence_words(cause)
        if prefix == "Because " and child.dep_ != "advcl":
            prefix = "Because of "
        return [_card(context, sentence, question, prefix + answer, "flashcard.why")]
    return []


_CAUSE_PRONOUNS = ("it", "this", "they", "he", "she")


def _conjoined_result(child: Token, root: Token) -> tuple[SpacySpan, list[Token]] | None:
    """For "X, so Y" parsed as two joined clauses: (Y as a span of its own, X's tokens)."""
    doc = root.doc
    if child.lower_ != "so" or child.dep_ != "cc" or child.i < root.i:
        return None
    if doc[child.i - 1].text != "," or child.i + 1 >= len(doc):
        return None
    if doc[child.i + 1].lower_ in ("that", "far", "much", "many", "long"):
        return None
    verb = next((c for c in root.children if c.dep_ == "conj" and c.i > child.i), None)
    if verb is None or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    end = verb.right_edge.i + 1
    cause = list(doc[root.sent.start : child.i - 1])
    if not cause or any(t.text == ";" for t in cause):
        return None
    if any(c.dep_ == "conj" and c.i < child.i for c in root.children):
        return None
    return doc[child.i + 1 : end], cause


def _result_of(child: Token, root: Token) -> tuple[list[Token], set[int]] | None:
    """For "X, so Y" (the parser makes X a clause of Y and "so" a marker of Y): X's tokens and
    every token the why-question on Y leaves out, else None."""
    doc = root.doc
    if child.lower_ != "so" or child.dep_ not in ("advmod", "mark", "cc") or child.i > root.i:
        return None
    if child.i == 0 or doc[child.i - 1].text != "," or child.i + 1 >= len(doc):
        return None
    if doc[child.i + 1].lower_ in ("that", "far", "much", "many", "long"):
        return None  # "so that" is a purpose; "so far", "so much" are not results
    cause_head = next(
        (c for c in root.children if c.dep_ in ("ccomp", "advcl", "conj") and c.i < child.i), None
    )
    if cause_head is None or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in root.children if c.i < child.i
    ):
        return None
    cause = [t for t in cause_head.subtree if t.i < child.i - 1]
    while cause and cause[-1].is_punct:
        cause.pop()
    if any(t.text == ";" for t in cause):
        return None  # "if …, the oven was not hot enough; many ovens run cool, so …": two causes
    if (
        not cause
        or cause[0].i != root.sent.start
        or not any(c.dep_ in ("nsubj", "nsubjpass") for c in cause_head.children)
    ):
        return None  # the cause must be the whole opening clause, with its own subject
    removed = {t.i for t in cause_head.subtree} | {child.i, child.i - 1}
    return cause, removed


# Verbs whose "to …" is no purpose: "lived to see it launched", "came to be known", "grew to".
_NOT_PURPOSE = frozenset(
    ["be", "have", "seem", "appear", "use", "need", "want", "try", "go", "become", "help",
     "live", "come", "grow", "tend", "turn", "prove", "happen", "fail", "manage", "continue",
     "begin", "start", "refuse", "decline", "hope", "expect", "plan", "agree", "promise"]
)  # fmt: skip


def _purpose(child: Token, root: Token) -> tuple[str, list[Token]] | None:
    """("So that " / "In order to " / "To ", the purpose's words) for a purpose clause of
    the main verb after it, else None. A purpose answers "why" as well as a cause does."""
    if child.i < root.i or root.lemma_ in _NOT_PURPOSE:
        return None
    if (
        any(c.dep_ in ("attr", "acomp") for c in root.children)
        or any(
            t.tag_ == "VBG" or (t.pos_ == "VERB" and t.dep_ not in ("amod", "compound"))
            for t in root.doc[root.i + 1 : child.left_edge.i]
        )
        or root.doc[child.left_edge.i - 1].text == ","
    ):
        return None  # "became the first spacecraft to land", "water combining … to form"
    words = list(child.subtree)
    while words and words[-1].is_punct:
        words.pop()
    if child.dep_ == "advcl":
        marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
        if marks == ["so", "that"]:
            return "So that ", [t for t in words if t.dep_ != "mark" or t.head.i != child.i]
        infinitive = [c for c in child.children if c.dep_ == "aux" and c.lower_ == "to"]
        before = root.doc[child.i - 2] if child.i >= 2 else None
        if not marks and infinitive and child.tag_ == "VB" and infinitive[0].i == child.i - 1:
            if before is not None and before.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                # "room to grow", "the first spacecraft to land": the noun's infinitive, or
                # too often so to trust; "in order to" and "so that" say purpose.
                return None
            return "To ", [t for t in words if t.i != infinitive[0].i]
        return None
    if child.dep_ == "prep" and child.lower_ == "in":
        order = next((c for c in child.children if c.dep_ == "pobj" and c.lower_ == "order"), None)
        verb = next((c for c in order.children if c.dep_ == "acl"), None) if order else None
        if verb is not None and any(c.lower_ == "to" for c in verb.children):
            return "In order to ", [
                t for t in verb.subtree if t.lower_ != "to" or t.head.i != verb.i
            ]
    return None


def _consequence(context: ItemContext, before: Sentence, sentence: Sentence) -> list[ItemDraft]:
    match = _RESULT_OPENERS.match(sentence.text)
    if match is None or before.paragraph != sentence.paragraph or not eligible(context, before):
        return []
    result = standalone(sentence.text[match.end() :])
    cause = standalone(before.text)
    if (
        len(result.split()) < 5
        or len(cause.split()) > 30
        or re.match(r"^(?:it|this|that|these|they|he|she|there)\b", cause, re.IGNORECASE)
        or re.search(r"\b(?:it|this|these|those|they|them|he|she|him)\b", cause)
        or re.match(r"^(?:it|this|that|these|they|he|she)\b", result, re.IGNORECASE)
    ):
        return []
    prompt = f"The article says: “{cause}” What follows from this?"
    evidence = Evidence(
        before.start, sentence.end, context.analysis.document.text[before.start : sentence.end]
    )
    card = _card(context, sentence, prompt, result, "flashcard.consequence")
    return [
        ItemDraft(
            type=card.type,
            prompt=card.prompt,
            answer=card.answer,
            explanation=cite(evidence),
            tests=card.tests,
            evidence=evidence,
            generator=card.generator,
            score=card.score,
            features=card.features,
        )
    ]


_VAGUE_SIDES = frozenset(["people", "person", "someone", "thing", "way", "many", "some", "others"])
# Raters kept no contrast card whose side opens on a quantity ("about ten workers", "both
# drinks") or sets people against a thing (rounds 5–11: 0 of 18 ratings).
_QUANTIFIERS = frozenset(
    ["about", "dozens", "many", "some", "several", "both", "few", "most", "all", "hundreds"]
)
_PEOPLE = re.compile(r"(?:[a-z]{3}(?:ers|ors|ists|ees|ians)|people|persons|men|women|officials)$")


def _people(side: Token) -> bool:
    """A side named by a common noun for people ("collectors", "investigators", "officials")."""
    return side.pos_ == "NOUN" and bool(_PEOPLE.search(side.lower_))


def _contrast(context: ItemContext, sentence: Sentence) -> list[ItemDraft]:
    doc = context.analysis.doc
    span = doc[sentence.token_start : sentence.token_end]
    root = span.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return []
    other = None
    for child in root.children:
        if child.dep_ == "advcl":
            mark = next((c for c in child.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ in _CONTRAST_MARKS:
                other = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif child.dep_ == "prep" and child.lower_ == "unlike":
            other = next((c for c in child.children if c.dep_ == "pobj"), None)
    if other is None or other.pos_ == "PRON":
        return []
    if {subject.lemma_.lower(), other.lemma_.lower()} & _VAGUE_SIDES:
        return []  # "How do clean running water and many people differ?": no two of a kind
    if any(next(side.subtree).lower_ in _QUANTIFIERS for side in (subject, other)):
        return []  # "How do Dozens of steam shovels and landslides differ?"
    if _people(subject) != _people(other):
        return []  # "How do collectors and the scientific credit differ?": people and a thing
    named = [any(t.pos_ == "PROPN" for t in side.subtree) for side in (subject, other)]
    possessive = any(t.dep_ == "poss" for side in (subject, other) for t in side.subtree)
    if (named[0] != named[1] or possessive) and subject.lemma_.lower() != other.lemma_.lower():
        # "Lego's revenue" and "the global toy market" are not two of a kind to compare;
        # "new buildings" and "older buildings", or two named things, are.
        return []
    first = _side(subject)
    second = _side(other)
    if (
        not first
        or not second
        or first.lower() == second.lower()
        or len(first.split()) > 6
        or len(second.split()) > 6
    ):
        return []
    context_words = {"this", "that", "these", "those", "it", "its", "their", "his", "her", "above",
                     "below", "same", "other", "latter", "former"}  # fmt: skip
    if {w.lower() for w in (first + " " + second).split()} & context_words:
        return []
    prompt = f"How do {first} and {second} differ, according to the article?"
    return [_card(context, sentence, prompt, standalone(sentence.text), "flashcard.contrast")]


def _side(token: Token) -> str:
    """One side of a contrast: its phrase, lower-cased when it opened the sentence."""
    tokens = [t for t in token.subtree if not t.is_punct]
    text = sentence_words(tokens)
    first = tokens[0] if tokens else None
    if first is not None and first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_:
        text = text[:1].lower() + text[1:]
    return text
