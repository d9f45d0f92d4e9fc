"""Cleaning removes page furniture by kind of line, and keeps offsets to the original."""

from __future__ import annotations

import pytest

from quizzes.generation.clean import clean_text
from quizzes.generation.types import GenerationError

BODY = (
    "The river delta has grown for three thousand years. Farmers along its banks grow rice "
    "and jute in the wet season. The delta's soils are renewed by floods every summer."
)


def test_it_drops_navigation_bylines_licences_and_footers() -> None:
    raw = "\n\n".join(
        [
            "Deltas of the World",
            "By Jane Smith",
            BODY,
            "Read more: Ten facts about rivers",
            "Subscribe to our newsletter",
            "Sediment from the mountains settles where the river slows down and spreads out.",
            "Related posts",
            "The Delta Blog is written by volunteers.",
            "© 2024 Delta Media. All rights reserved.",
        ]
    )
    document = clean_text(raw)
    assert document.title == "Deltas of the World"
    assert "Read more" not in document.text
    assert "Subscribe" not in document.text
    assert "Jane Smith" not in document.text
    assert "volunteers" not in document.text
    assert "rights reserved" not in document.text
    assert "Sediment from the mountains" in document.text
    reasons = {removed.reason for removed in document.removed}
    assert {"title", "byline or date line", "navigation or call to action"} <= reasons


def test_it_drops_a_sentence_repeated_inside_a_longer_paragraph() -> None:
    quote = "Farmers along its banks grow rice and jute in the wet season."
    raw = f"{quote}\n\n{BODY} Fishing villages line the outer islands of the delta."
    document = clean_text(raw)
    assert document.text.count(quote) == 1
    assert document.text.startswith("The river delta")


def test_it_drops_a_later_repeat_of_a_sentence() -> None:
    raw = f"{BODY}\n\nNew ports opened last year. {BODY.split('. ')[0]}. The end of the story is near."
    document = clean_text(raw)
    assert document.text.count("The river delta has grown") == 1
    assert "New ports opened last year." in document.text


def test_offsets_map_back_to_the_original() -> None:
    raw = "Title line here\n\n  The   river delta\u00a0has grown.  Farmers grow rice in the delta. "
    document = clean_text(raw)
    position = document.text.index("Farmers")
    assert raw[document.offsets.to_original(position) :].startswith("Farmers")


def test_it_strips_html_and_keeps_offsets() -> None:
    raw = (
        "<html><head><title>x</title><script>var a = 1;</script></head><body>"
        "<nav>Home | About</nav><h1>Rivers</h1><p>The river delta has grown for three "
        "thousand years.</p><p>Farmers &amp; fishers live along its banks in the wet season."
        "</p><footer>Copyright 2024</footer></body></html>"
    )
    document = clean_text(raw)
    assert "var a" not in document.text
    assert "Home" not in document.text
    assert "Farmers & fishers" in document.text
    position = document.text.index("fishers")
    assert raw[document.offsets.to_original(position) :].startswith("fishers")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   \n\t  \n", "empty"),
        ("\x00\x01\x02\x03binary\x04\x05\x06\x07" * 20, "binary"),
        (
            "Le fleuve traverse la ville depuis des siècles et les habitants vivent de la pêche "
            "dans les eaux calmes du delta pendant toute la saison des pluies.",
            "English",
        ),
        ("Река течёт через город уже много веков, и жители живут рыбной ловлей.", "English"),
    ],
)
def test_it_refuses_unusable_text_with_a_clear_message(raw: str, message: str) -> None:
    with pytest.raises(GenerationError, match=message):
        clean_text(raw)


def test_it_refuses_text_over_the_limit() -> None:
    with pytest.raises(GenerationError, match="limit"):
        clean_text("word " * 100, max_chars=100)
