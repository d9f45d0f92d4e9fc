"""Wh-questions made by transforming the article's sentences (see :mod:`..questions`).

Each question becomes a short-answer item (the answer typed, its aliases accepted) and, when
the article offers enough wrong answers of the same kind, a multiple-choice item. Answers that
test nothing are refused here: the article's topic or title words, generic nouns, pronouns.
Opinions keep the author's framing ("According to the author, …").
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..claims import resolve_pronoun, stance_of
from ..questions import WhQuestion, relative_questions, wh_questions
from ..types import Evidence, ItemDraft, Sentence, Term, Tested
from .context import FIRST_PERSON, ItemContext, cite, distinct_answers
from .rank import item_score
from .typed import NAMED_KINDS, answer_kind, typed_distractors

_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
_TYPED_WORDS = 4  # longer answers make a flashcard rather than a typed short answer
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def eligible(context: ItemContext, sentence: Sentence) -> bool:
    """A sentence that can carry an item on its own: a finished, third-person statement."""
    text = sentence.text
    if sentence.heading or not sentence.finite or text.endswith("?") or len(text.split()) < 5:
        return False
    if FIRST_PERSON.search(text.replace("US", "")):
        return False
    return not (text[:1].islower() and not sentence.bullet)


def generate(context: ItemContext) -> list[ItemDraft]:
    """Short-answer and multiple-choice wh-questions from every eligible sentence."""
    drafts: list[ItemDraft] = []
    doc = context.analysis.doc
    for sentence in context.analysis.sentences:
        if not eligible(context, sentence):
            continue
        span = doc[sentence.token_start : sentence.token_end]
        opinion = stance_of(sentence.text) == "opinion"
        referent = None
        if sentence.subject_is_pronoun:
            resolution = resolve_pronoun(sentence, context.analysis)
            # Only a named referent: "he" → a person, "it" → a place or organisation.
            if (
                resolution is not None
                and resolution[1][:1].isupper()
                and _only_candidate(context, sentence, resolution)
            ):
                referent = resolution[1]
        questions = [
            *wh_questions(span, context.names, referent),
            *relative_questions(span, context.names),
        ]
        for question in questions:
            draft = _short_answer(context, sentence, question, opinion)
            if draft is None:
                continue
            drafts.append(draft)
            choice = _multiple_choice(context, sentence, question, draft)
            if choice is not None:
                drafts.append(choice)
    return drafts


def _only_candidate(context: ItemContext, sentence: Sentence, resolution: tuple[str, str]) -> bool:
    """True when the referent is the named subject of the sentence just before (the usual
    "X did … . He then …") and no other name of its kind stands in that sentence.

    "Before Genghis Khan died, he named Ögedei Khan … He died in 1227": the previous subject
    is a pronoun and two people are named, so "he" stays unresolved rather than risk a
    question about the wrong person.
    """
    if sentence.index == 0:
        return False
    before = context.analysis.sentences[sentence.index - 1]
    if before.subject is None or before.subject_is_pronoun:
        return False
    referent = resolution[1].lower()
    term = context.term_for(resolution[1])
    forms = {f.lower() for f in term.forms()} if term is not None else {referent}
    if before.subject.text.lower().removeprefix("the ") not in forms | {referent}:
        return False
    named = (
        (m, context.term_for(m.text))
        for m in before.mentions
        if m.proper and m.label not in ("DATE", "CARDINAL", "NP", "ORDINAL")
    )
    others = {(found.text if found else m.key) for m, found in named}
    return len(others - {term.text if term is not None else referent}) == 0


def _framed(question: str, opinion: bool) -> str:
    if not opinion:
        return question
    return "According to the author, " + question[:1].lower() + question[1:]


def _short_answer(
    context: ItemContext, sentence: Sentence, question: WhQuestion, opinion: bool
) -> ItemDraft | None:
    answer = question.answer
    if context.is_topic(answer) or len(answer) < 2:
        return None
    head = context.analysis.doc[question.head]
    content = [w for w in re.findall(r"[^\W\d_]+", answer) if w.lower() not in _DETERMINERS]
    if len(content) == 1 and head.pos_ == "NOUN" and zipf_frequency(head.lower_, "en") >= 4.5:
        return None  # "the disease", "the country": a common noun alone tests nothing
    bare = _DETERMINER.sub("", answer)
    term = context.term_for(bare) or context.term_for(answer)
    if question.role == "subject" and (context.is_main_figure(bare) or head.pos_ != "PROPN"):
        # "Who had been in the hospital for several weeks?" → the article's own patient, and
        # "What gathered outside the hospital?" → "a crowd of reporters": raters kept 22% of
        # typed subject questions, most of them asking for a named rival of the main figure.
        return None
    accepted = [answer, bare]
    if term is not None:
        accepted.extend(term.forms())
    evidence = Evidence(sentence.start, sentence.end, sentence.text)
    # What the item tests: the answer when it is a key term, else the key term the question
    # asks about ("What does North Korea require?" tests what the reader knows of North Korea).
    about = term or _term_in(context, question.question)
    tests = Tested("term", about.text) if about is not None else Tested("claim", sentence.text)
    features = {
        "form": _FORM[question.role],
        "answer": context.span_score(question.start, question.end),
        "central": context.central(sentence.index),
        "key": term.score if term is not None else 0.4,
        "length": _length_fit(question.question),
    }
    score, explained = item_score(features, opinion=opinion)
    # A long answer cannot be typed word for word: the learner recalls it and grades themself.
    recall = len(bare.split()) > _TYPED_WORDS and term is None
    return ItemDraft(
        type="flashcard" if recall else "short_answer",
        prompt=_framed(question.question, opinion),
        answer=answer,
        accepted=distinct_answers(accepted),
        explanation=cite(evidence),
        tests=tests,
        evidence=evidence,
        generator=f"{'flashcard' if recall else 'short_answer'}.wh_{question.role}",
        score=score,
        features=explained,
    )


def _multiple_choice(
    context: ItemContext, sentence: Sentence, question: WhQuestion, typed: ItemDraft
) -> ItemDraft | None:
    answer = _DETERMINER.sub("", question.answer)
    wrong = typed_distractors(
        context, answer, question.head, sentence=sentence, question=question.question
    )
    kind = answer_kind(context, answer, question.head)
    # Only names, places, organisations, events and numbers: for a common phrase the article's
    # other phrases were too often implausible or also right ("oxygen gas" for "atomic
    # oxygen"), so such a question stays typed or a flashcard.
    if kind not in NAMED_KINDS or len(wrong) < 2:
        return None
    features = dict(typed.features)
    features["form"] = min(features["form"] + 0.05, 1.0)
    features["distractors"] = 1.0
    score, explained = item_score(features, opinion=typed.prompt.startswith("According"))
    return ItemDraft(
        type="mcq",
        prompt=typed.prompt,
        answer=answer,
        choices=tuple(sorted([answer, *wrong[:3]], key=str.lower)),
        explanation=typed.explanation,
        tests=typed.tests,
        evidence=typed.evidence,
        generator=f"mcq.wh_{question.role}",
        score=score,
        features=explained,
    )


# How often a question of each kind is one a teacher keeps, judged on the tuning articles.
_FORM = {
    "subject": 0.7,
    "object": 0.7,
    "attribute": 0.75,
    "time": 0.8,
    "place": 0.75,
    "count": 0.75,
    "agent": 0.7,
    "prep_object": 0.65,
    "relative": 0.7,
}


def _term_in(context: ItemContext, prompt: str) -> Term | None:
    """The best key term named in the prompt, if any."""
    lower = f" {prompt.lower()} "
    for term in context.terms:
        if any(f" {form.lower()}" in lower for form in term.forms() if len(form) > 2):
            return term
    return None


def _length_fit(prompt: str) -> float:
    words = len(prompt.split())
    return 1.0 if words <= 18 else max(0.0, 1.0 - (words - 18) / 12)
