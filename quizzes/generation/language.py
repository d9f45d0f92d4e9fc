"""Is this text English prose? A cheap check that needs no language model.

English running text is full of a few dozen function words; other languages written in Latin
script share only a handful of them, and other scripts share none.
"""

from __future__ import annotations

import re

from .types import GenerationError

_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "as",
        "was",
        "with",
        "be",
        "by",
        "on",
        "not",
        "he",
        "this",
        "are",
        "or",
        "his",
        "from",
        "at",
        "which",
        "but",
        "have",
        "an",
        "they",
        "you",
        "were",
        "her",
        "she",
        "there",
        "been",
        "has",
        "their",
        "one",
        "its",
        "we",
        "all",
        "would",
        "will",
        "can",
        "more",
        "if",
        "no",
        "who",
        "so",
        "what",
        "up",
        "out",
        "about",
        "into",
        "than",
        "them",
        "could",
        "only",
        "other",
        "these",
        "then",
        "some",
        "when",
        "also",
        "our",
        "him",
        "my",
        "any",
        "had",
        "those",
        "over",
        "such",
        "after",
        "most",
        "did",
        "should",
        "because",
        "both",
        "between",
        "while",
    ]
)
_LETTERS = re.compile(r"[^\W\d_]+")


def check_english(text: str) -> None:
    """Raise :class:`GenerationError` unless ``text`` looks like English prose.

    Very short texts (under a dozen words) pass when most of their letters are Latin:
    there is too little evidence to refuse them.
    """
    sample = text[:50_000]
    words = _LETTERS.findall(sample)
    letters = sum(len(word) for word in words)
    if not letters:
        raise GenerationError("The text has no words to work with.")
    latin = sum(1 for word in words for ch in word if ch < "\u0250")
    if latin < 0.6 * letters:
        raise GenerationError("The text does not look like English; only English is supported.")
    if len(words) < 12:
        return
    # Counted among lower-case words: a list of names ("John Adams, John F. Kennedy and …")
    # is still English, and its few common words show it.
    lower = [word for word in words if word.islower()] or words
    function_words = sum(1 for word in lower if word.lower() in _FUNCTION_WORDS)
    if function_words < 0.15 * len(lower):
        raise GenerationError(
            "The text does not look like English prose (too few common English words); "
            "only English articles are supported."
        )
