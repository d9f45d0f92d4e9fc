"""What an item shows a reviewer: its prompt, its answer and its explanation, ready for a template.

Pure functions over tidy content (``quizzes.bank.rules``), no Django. Both kinds give the same
keys (``prompt``, ``answer``, ``explanation``, and ``summary``: the content in one line) so that
lists, the review queue and version lists show either kind the same way; each adds what its own
preview partial needs.
"""

from __future__ import annotations

import re
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


# A numbered set on a card's back, as the enumeration generator writes it: "(1) …; (2) …".
SET_MEMBER = re.compile(r"(?:^|;\s*)\((\d+)\)\s+")


def set_members(back: str) -> list[str]:
    """The members of a numbered set "(1) …; (2) …" in order, or [] when ``back`` is not one."""
    parts = SET_MEMBER.split(back.strip())
    numbers, members = parts[1::2], parts[2::2]
    if parts[0] or len(members) < 2 or numbers != [str(n) for n in range(1, len(members) + 1)]:
        return []
    return [member.strip() for member in members]


def card_preview(kind: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """A flashcard's front, back and extra note (its prompt, answer and explanation); a back that
    is a numbered set also as its members, which a reviewer reads better as a list."""
    front, back = str(content.get("front") or ""), str(content.get("back") or "")
    extra = str(content.get("extra") or "")
    return {
        "kind": kind,
        "front": front,
        "back": back,
        "members": set_members(back),
        "extra": extra,
        "prompt": front,
        "answer": back,
        "explanation": extra,
        "summary": f"{front} → {back}",
    }
