"""The neutral item every format reads into and writes from. Pure Python, no Django.

A reader turns a file into ``Item``s (and ``Problem``s for the parts it could not take); a
writer turns ``Item``s into a file. Neither knows about the bank: the services map an ``Item``
to a question's or a card's content and the bank's rules decide whether it is usable.

Conventions shared by every format:

* a fill-in-the-blank question (``type="cloze"``) and a cloze card hold their text with one
  blank written ``_____`` (``BLANK``); the answers are ``accepted`` (questions) or ``back``
  (cards);
* text is plain text with ``\\n`` line breaks; formats that carry HTML convert on the way in
  and out (``quizzes.interop.text``);
* ``where`` says where the item was read ("line 12", "item 3", "row 4", "note 2"), so every
  message about it can name the place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BLANK = "_____"
# How people (and the bank) write a blank: three or more underscores.
ANY_BLANK = re.compile(r"_{3,}")
QUESTION_TYPES = ("mcq", "mcq_multi", "true_false", "cloze", "short_answer")
CARD_KINDS = ("basic", "reverse", "cloze")

ItemKind = Literal["question", "card"]


@dataclass(frozen=True)
class Choice:
    """One choice of a multiple-choice question; ``feedback`` is what a format said to a
    student who picks it (Retain keeps one explanation per question, see ``Item.feedback``)."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Item:
    """One question or flashcard, as the formats know it.

    Questions use ``type`` (mcq, mcq_multi, true_false, cloze, short_answer), ``prompt``,
    ``choices``, ``accepted``, ``truth`` and ``explanation``; cards use ``type`` as their kind
    (basic, reverse, cloze), ``prompt`` as the front, ``back`` and ``explanation`` as the extra
    note. ``key`` is a stable identity for exports (an Anki GUID, a QTI identifier).
    """

    kind: ItemKind
    type: str
    prompt: str
    choices: tuple[Choice, ...] = ()
    accepted: tuple[str, ...] = ()
    truth: bool | None = None
    explanation: str = ""
    back: str = ""
    tags: tuple[str, ...] = ()
    title: str = ""
    difficulty: int | None = None
    source_title: str = ""
    evidence: str = ""
    key: str = ""
    where: str = ""

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)

    @property
    def feedback(self) -> str:
        """The explanation, followed by what the format said about single choices (Retain has
        no per-choice feedback; folding it in keeps what the author wrote)."""
        notes = [f"“{c.text}”: {c.feedback}" for c in self.choices if c.feedback]
        return "\n".join(part for part in (self.explanation, *notes) if part)

    def blank_parts(self) -> tuple[str, str]:
        """The text before and after the blank of a cloze item (``("", text)`` without one)."""
        parts = ANY_BLANK.split(self.prompt, maxsplit=1)
        return (parts[0], parts[1]) if len(parts) == 2 else ("", self.prompt)


@dataclass(frozen=True)
class Problem:
    """Something in the file that cannot become an item, and where it is."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class Read:
    """What a reader found: the items, and the problems of the parts it could not take."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Parts deliberately left out, with why (a Moodle "description", an empty row).
    skipped: list[Problem] = field(default_factory=list)


class FormatError(Exception):
    """A file that cannot be read at all (not UTF-8, malformed XML, a zip bomb, too large).
    ``where`` names the line, member or item at fault when there is one."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where


def blank_count(text: str) -> int:
    return len(ANY_BLANK.findall(text))


def with_blank(text: str) -> str:
    """``text`` with each blank written the one way the formats expect (``BLANK``)."""
    return ANY_BLANK.sub(BLANK, text)
