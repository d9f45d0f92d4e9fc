"""What an item shows a reviewer: its prompt, its answer and its explanation, ready for a template.

Pure functions over tidy content (``quizzes.bank.rules``), no Django. Both kinds give the same
keys (``prompt``, ``answer``, ``explanation``, and ``summary``: the content in one line) so that
lists, the review queue and version lists show either kind the same way; each adds what its own
preview partial needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizzes.bank.rules import BLANK, correct_answer_text


def question_preview(type: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """A question as a student sees it (the cloze cut at its blank) and its answer key."""
    prompt = str(content.get("prompt") or "")
    blank = BLANK.search(prompt) if type == "cloze" else None
    return {
        "type": type,
        "prompt": prompt,
        "before": prompt[: blank.start()] if blank else prompt,
        "after": prompt[blank.end() :] if blank else "",
        "has_blank": blank is not None,
        "choices": content.get("choices") or [],
        "accepted": content.get("accepted") or [],
        "truth": content.get("truth"),
        "explanation": content.get("explanation") or "",
        "answer": correct_answer_text(type, content),
        "summary": prompt,
    }


def card_preview(kind: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """A flashcard's front, back and extra note (its prompt, answer and explanation)."""
    front, back = str(content.get("front") or ""), str(content.get("back") or "")
    extra = str(content.get("extra") or "")
    return {
        "kind": kind,
        "front": front,
        "back": back,
        "extra": extra,
        "prompt": front,
        "answer": back,
        "explanation": extra,
        "summary": f"{front} → {back}",
    }
