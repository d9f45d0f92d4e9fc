"""Awkward input gives a clear error or an honest small result, never a crash."""

from __future__ import annotations

import pytest

from quizzes.generation.pipeline import generate
from quizzes.generation.types import GenerationError


def test_one_sentence_gives_a_small_honest_result() -> None:
    generation = generate("The Nile flows north through Egypt into the Mediterranean Sea.")
    assert len(generation.items) <= 6
    for item in generation.items:
        assert item.evidence.text in generation.document.text


def test_a_title_alone_is_refused() -> None:
    with pytest.raises(GenerationError):
        generate("Related articles\n\nLoad more")


def test_html_soup_is_stripped_before_generation() -> None:
    soup = (
        "<div class='nav'><a href='/'>Home</a></div><div><p>The Amazon river carries more water "
        "than any other river on Earth.</p><p>It drains a basin of about seven million square "
        "kilometres across Brazil, Peru and Colombia.</p><span>Share</span></div>"
    )
    generation = generate(soup)
    assert "<" not in generation.document.text
    assert all("<" not in item.prompt for item in generation.items)


def test_a_long_text_of_repeats_is_handled(sample_text: str) -> None:
    long_text = (sample_text + "\n\n") * 22
    assert len(long_text) >= 190_000
    generation = generate(long_text)
    # Repeated paragraphs are dropped as repeats: the result is the article's, not 22 times it.
    assert generation.words < 1500
    assert len(generation.items) >= 40


def test_an_acronym_in_brackets_joins_its_expansion() -> None:
    generation = generate(
        "The American Football Conference (AFC) champion Denver Broncos defeated the National "
        "Football Conference (NFC) champion Carolina Panthers. The AFC title was their eighth."
    )
    acronyms = {term.text: term for term in generation.terms if term.kind == "ACRONYM"}
    assert "AFC" in acronyms
    assert acronyms["AFC"].definition == "American Football Conference"
