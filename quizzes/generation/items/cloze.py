"""Cloze: a key claim with an informative span blanked, to be typed (aliases accepted).

Never blanked: the article's topic or title words (every sentence gives them away), a
small number written as a word ("four") unless it is a date, a generic phrase.
"""

from __future__ import annotations

import re
from dataclasses import replace

from wordfreq import zipf_frequency

from ..claims import in_third_person, standalone
from ..types import Claim, Evidence, ItemDraft, Tested
from .context import FIRST_PERSON, Blank, ItemContext, cite, crude_lemma, needs_context
from .typed import NAMED_KINDS, answer_kind, typed_distractors

_SMALL_NUMBERS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
)


_BLANK_FILLER = frozenset(["new", "different", "full", "main", "other", "many", "first"])
_TOPICAL_SHARE = 0.2
_VOCABULARY_SHARE = 0.08  # a lone common noun this share of sentences mention is the article's
_VOCABULARY_MIN = 3  # vocabulary ("yeast" in a recipe, "mathematician" in a mathematician's life)


def _frequent_words(context: ItemContext, share: float) -> frozenset[str]:
    """Words that at least ``share`` of the article's sentences use (and three at least):
    blanking one tests nothing, every other sentence gives it away."""
    counts: dict[str, int] = {}
    sentences = [s for s in context.analysis.sentences if not s.heading]
    for sentence in sentences:
        for lemma in {crude_lemma(word) for word in sentence.lemmas}:
            counts[lemma] = counts.get(lemma, 0) + 1
    least = max(_VOCABULARY_MIN, share * len(sentences))
    return frozenset(lemma for lemma, count in counts.items() if count >= least)


def _worth_blanking(
    context: ItemContext,
    blank: Blank,
    text: str,
    vocabulary: frozenset[str] = frozenset(),
    topical: frozenset[str] = frozenset(),
) -> bool:
    if context.is_topic(blank.text):
        return False
    if " " not in blank.text and blank.text.islower() and crude_lemma(blank.text) in vocabulary:
        return False
    words = [crude_lemma(w) for w in re.findall(r"[^\W\d_]+", blank.text.lower())]
    # A name or a phrase counts only when a fifth of the sentences use its words (the topic):
    # "Bolton" or "inter-agency coordination" in a few sentences is worth asking for,
    # "Concorde" or "mobile phones" in every other one is not.
    common = vocabulary if blank.text.islower() and " " not in blank.text else topical
    if (
        words
        and all(w in common or w in _BLANK_FILLER for w in words)
        and not any(ch.isdigit() for ch in blank.text)
    ):
        return False  # "mobile phones" in Nokia's story, "Concorde" in Concorde's: every
        # other sentence gives it away
    if (
        blank.start == 0
        and " " not in blank.text
        and blank.label == "NP"
        and re.search(rf"\b{re.escape(blank.text.lower())}\b", context.analysis.doc.text)
    ):
        return False  # "_____ that interact strongly …" → "Particles": a common noun, capitalised
    if blank.text.lower() in _SMALL_NUMBERS and blank.label != "DATE":
        return False
    if _common_noun(context, blank) or _relative_time(blank) or blank.label == "NORP":
        return False
    before, after = text[: blank.start].rstrip(), text[blank.end :].lstrip()
    # One member of a list ("Acre, Jerusalem, _____, Damascus"): any member would fit.
    in_list = before.endswith(",") and (after.startswith((",", "and ", "or ")))
    in_list = in_list or (before.endswith((", and", ", or")) or after.startswith(", and"))
    # A number followed by its own conversion ("_____ (2,300 sq mi)") gives itself away.
    converted = any(ch.isdigit() for ch in blank.text) and after.startswith("(")
    return not (in_list or converted)


# A lone everyday noun ("kettle", "nurse", "packet", "pupils"): raters kept 4 of 72 ratings
# of such blanks in rounds 5–8b, whatever the sentence; rarer ones ("legumes", "ammonia") more.
_EVERYDAY_ZIPF = 3.5
_RELATIVE_TIME = re.compile(
    r"\b(?:night|day|days|week|weeks|month|months|year|years|today|tonight|yesterday|tomorrow|"
    r"morning|afternoon|evening|weekdays?|weekends?|winter|summer|spring|autumn|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


def _common_noun(context: ItemContext, blank: Blank) -> bool:
    """An everyday word on its own, unless it is one of the article's key terms."""
    text = blank.text
    if " " in text or not text.isalpha() or not text[1:].islower():
        return False
    if text[:1].isupper() and blank.start != 0:
        return False  # a name ("Saturn", "Toulouse")
    if blank.term is not None and blank.term in context.terms[:20]:
        return False
    return zipf_frequency(text.lower(), "en") >= _EVERYDAY_ZIPF


def _relative_time(blank: Blank) -> bool:
    """ "last night", "the next several weeks", "winter", "Tuesday": when, said relative to the
    report, is no fact to learn (a year or a century is)."""
    text = blank.text
    return not any(ch.isdigit() for ch in text) and bool(_RELATIVE_TIME.search(text))


def generate(context: ItemContext) -> list[ItemDraft]:
    """One cloze per key claim, blanking the phrase a reader is most likely to be asked for."""
    drafts = []
    vocabulary = _frequent_words(context, _VOCABULARY_SHARE)
    topical = _frequent_words(context, _TOPICAL_SHARE)
    for claim in context.claims:
        short = context.concise(claim)
        if short is None or context.not_a_statement(claim):
            continue
        lead = ""
        if context.points_outside(claim) and not _LEADING_ANAPHOR.match(short.text):
            continue  # a pronoun inside the claim: the sentence before may not resolve it
        if context.points_outside(claim):
            # "The result of this is a somewhat schizophrenic US policy.": the sentence it
            # leans on is given first, so the blank is answerable and nothing dangles.
            before = _sentence_before(context, claim)
            if before is None:
                continue
            lead = before + " "
        if FIRST_PERSON.search(short.text.replace("US", "")):
            # "According to the author, I cannot believe …" reads wrong: told of the author.
            third = in_third_person(short.text)
            if third is None:
                continue
            short = replace(short, text=third)
        blanks = [
            b
            for b in context.blanks(short)
            if _worth_blanking(context, b, short.text, vocabulary, topical)
        ]
        if not blanks:
            continue

        def asked(blank: Blank, evidence: Evidence = claim.evidence) -> tuple[float, int]:
            """A key term first, then the answer model's score of the phrase in its sentence."""
            key = 1.0 if blank.term is not None and blank.term in context.terms[:20] else 0.0
            at = evidence.text.find(blank.text)
            if at < 0:
                return key + blank.weight, -blank.start
            start = evidence.start + at
            return key + context.span_score(start, start + len(blank.text)), -blank.start

        ranked = sorted(blanks, key=asked, reverse=True)
        # The best blank, and one for each other key term of the claim: a draft the ranker
        # keeps only when that term has no better item (see quality.gate's cover).
        chosen = [ranked[0]] + [
            b for b in ranked[1:] if b.term is not None and b.term in context.terms
        ]
        for number, blank in enumerate(chosen[:3]):
            choice = None if lead else _choose_the_name(context, claim, short, blank)
            if choice is not None:
                drafts.append(choice)  # a name is chosen among rivals rather than spelt
                continue
            drafts.append(
                ItemDraft(
                    type="cloze",
                    prompt="Fill in the blank: " + lead + context.with_blank(short, blank),
                    answer=blank.text,
                    accepted=context.accepted(blank),
                    explanation=cite(claim.evidence),
                    tests=Tested("claim", claim.text)
                    if number == 0 or blank.term is None
                    else Tested("term", blank.term.text),
                    evidence=claim.evidence,
                    generator="cloze.claim",
                    score=claim.score * (0.65 + 0.3 * blank.weight),
                )
            )
    return drafts


_MAX_LEAD_WORDS = 35
# "This …", "The result of this …", "These measures …": a claim that opens on what the sentence
# before said, which that sentence given first resolves.
_LEADING_ANAPHOR = re.compile(
    r"^(?:this|that|these|those|such|the result of this|as a result of this)\b", re.IGNORECASE
)


def _sentence_before(context: ItemContext, claim: Claim) -> str | None:
    """The sentence just before the claim's, when it is in the same paragraph, short, a
    statement, and stands on its own (else None: two sentences of context would not do)."""
    sentences = context.analysis.sentences
    index = claim.sentence
    if not 0 < index < len(sentences):
        return None
    before, current = sentences[index - 1], sentences[index]
    if before.paragraph != current.paragraph or before.heading or not before.finite:
        return None
    text = standalone(before.text)
    if len(text.split()) > _MAX_LEAD_WORDS or text.endswith("?") or needs_context(text):
        return None
    if re.match(r"^(?:it|this|that|these|they|he|she|there)\b", text, re.IGNORECASE):
        return None
    return text


def _choose_the_name(
    context: ItemContext, claim: Claim, short: Claim, blank: Blank
) -> ItemDraft | None:
    """The same blank as a choice among names of its kind, when it is a name, place, group,
    organisation, event, date or number and the article (or a closed set) offers rivals.

    Typed names are hard to spell and so to grade; choosing among typed rivals is not. Ranked
    below the wh-questions: a teacher keeps fewer blanked sentences than questions.
    """
    at = claim.evidence.text.find(blank.text)
    if at < 0:
        return None
    start = claim.evidence.start + at
    span = context.analysis.doc.char_span(start, start + len(blank.text), alignment_mode="expand")
    if span is None:
        return None
    kind = answer_kind(context, blank.text, span.root.i)
    if kind not in NAMED_KINDS:
        return None
    sentence = context.analysis.sentences[claim.sentence]
    wrong = typed_distractors(
        context, blank.text, span.root.i, sentence=sentence, question=short.text, count=3
    )
    if len(wrong) < (2 if kind == "PERSON" else 3):
        return None
    return ItemDraft(
        type="mcq",
        prompt="Which answer fills the blank? " + context.with_blank(short, blank),
        answer=blank.text,
        choices=tuple(sorted([blank.text, *wrong], key=str.lower)),
        explanation=cite(claim.evidence),
        tests=Tested("claim", claim.text),
        evidence=claim.evidence,
        generator="mcq.cloze",
        score=0.0,
    )
