"""The rule of a random draw: one attempt never holds two questions on the same fact when the pool
allows it.

A question's *fact keys* are the claim it tests, the article sentence it was cut from (its
evidence) and, for a claim that is one item of a list the article gives ("three key
differences: …"), that list. Two questions that share a key ask about the same thing — a student
who answers one is handed the other (a list's items are each other's distractors) — so a draw
takes at most one of them, and the builder says when the pool is too small for that. Load
questions with ``current`` and ``claim`` (``FACT_RELATED``) before asking for their keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from quizzes.models import Question, QuestionVersion

Key = tuple[Any, ...]
FACT_RELATED = ("current", "claim")


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def fact_keys(question: Question, version: QuestionVersion | None = None) -> frozenset[Key]:
    """The claim, the claim's list and the evidence sentence ``question`` (as ``version``, else
    its current one) tests; empty for a question with none (written by hand, no evidence)."""
    keys: set[Key] = set()
    claim = question.claim if question.claim_id else None
    if claim is not None:
        keys.add(("claim", claim.pk))
        if claim.enumeration:
            keys.add(("list", question.source_id, _words(claim.enumeration)))
    version = version or question.current
    sentence = _words(version.evidence_text if version else "")
    if sentence:
        keys.add(("sentence", question.source_id, sentence))
    return frozenset(keys)


def draw_distinct(
    candidates: Sequence[Question], count: int, taken: Iterable[Key] = ()
) -> list[Question]:
    """``count`` of ``candidates`` (in their order of preference), none sharing a claim or an
    evidence sentence with another or with ``taken`` (what the attempt already holds) as long as
    the candidates allow it; only then questions on a fact already drawn, best first."""
    used = set(taken)
    picked: list[Question] = []
    for question in candidates:
        if len(picked) == count:
            return picked
        keys = fact_keys(question)
        if not keys & used:
            picked.append(question)
            used |= keys
    chosen = {question.pk for question in picked}
    repeats = [question for question in candidates if question.pk not in chosen]
    return picked + repeats[: count - len(picked)]


def distinct_facts(questions: Iterable[Question], taken: Iterable[Key] = ()) -> int:
    """How many questions a draw from ``questions`` can always give without two on one fact:
    the number of groups of questions linked by a shared claim or sentence (a draw takes one from
    each, whatever the order), leaving out questions on a fact in ``taken``."""
    blocked = set(taken)
    parent: dict[Key, Key] = {}

    def root(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    groups = 0
    for question in questions:
        keys = fact_keys(question)
        if keys & blocked:
            continue
        if not keys:
            groups += 1  # a question on no recorded fact is a fact of its own
            continue
        first, *others = {root(key) for key in keys}
        for other in others:
            parent[other] = first
    return groups + len({root(key) for key in parent})
