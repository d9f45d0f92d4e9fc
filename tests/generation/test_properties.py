"""Properties over arbitrary text: no crash, and everything an item shows comes from the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.generation.distractors import words_of
from quizzes.generation.pipeline import generate
from quizzes.generation.quality import COMPOSED_ANSWERS
from quizzes.generation.types import Generation, GenerationError

WORDS = [
    "the",
    "river",
    "city",
    "council",
    "king",
    "army",
    "trade",
    "Paris",
    "Rome",
    "London",
    "1850",
    "1912",
    "three",
    "seven",
    "grew",
    "built",
    "ruled",
    "moved",
    "is",
    "was",
    "has",
    "had",
    "not",
    "and",
    "of",
    "in",
    "on",
    "by",
    "for",
    "with",
    "after",
    "before",
    "during",
    "merchants",
    "farmers",
    "bridge",
    "war",
    "treaty",
    "Napoleon",
    "Victoria",
    "empire",
    "north",
    "south",
    "large",
    "small",
]

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=18).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=5).map(" ".join)
articles = st.lists(paragraphs, min_size=1, max_size=6).map("\n\n".join)
anything = st.text(max_size=400)

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def _check_grounded(generation: Generation) -> None:
    text = generation.document.text
    lower = text.lower()
    for item in generation.items:
        evidence = item.evidence
        assert text[evidence.start : evidence.end] == evidence.text
        if item.generator in COMPOSED_ANSWERS:
            # Put together from the text's own words: a cause, a numbered set, a claim.
            assert set(words_of(item.answer)) - set(words_of(text)) <= set("0123456789")
        elif item.type in ("cloze", "short_answer", "flashcard"):
            assert item.answer.lower() in lower
        if item.type == "mcq":
            assert item.answer in item.choices
            if item.generator != "mcq.enumeration":
                assert item.answer.lower() in lower
        if item.type == "true_false":
            assert item.answer in ("True", "False")
    for term in generation.terms:
        assert text[term.evidence.start : term.evidence.end] == term.evidence.text


@FAST
@given(anything)
def test_arbitrary_text_never_crashes(raw: str) -> None:
    try:
        generation = generate(raw)
    except GenerationError as error:
        message = str(error)
        generation = None
    if generation is None:
        assert message  # a refusal always says why
        return
    _check_grounded(generation)


@FAST
@given(articles)
def test_items_from_english_like_text_are_grounded(raw: str) -> None:
    try:
        generation = generate(raw)
    except GenerationError:
        return
    _check_grounded(generation)
