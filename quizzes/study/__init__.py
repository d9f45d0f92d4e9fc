"""Studying decks with FSRS: decks and their options, the learner's day, next cards, reviews
and their log, personal parameters. ``fast/`` is the fenced hot path (hand-written SQL, lean
JSON views) that keeps grading a card fast."""
