"""Grade one response to one question version. Pure functions, no Django.

The question side is ``QuestionContent`` (built from a ``QuestionVersion``'s stored content with
``QuestionContent.from_dict``); the response side is the plain JSON value the client saved:

=============== ======================================== ==========================================
type            content                                   response
=============== ======================================== ==========================================
mcq_single      choices, exactly one correct              a choice id
mcq_multiple    choices, one or more correct              a list of choice ids
true_false      truth                                     ``True``/``False`` (or "true"/"false")
short_answer    accepted answers (aliases included)       a string
cloze           accepted answers per blank                a list of strings, one per blank (a
                                                          string is accepted for a single blank)
=============== ======================================== ==========================================

Scoring rules:

* Multiple answers, "right minus wrong" floored at 0 (Moodle's all-or-nothing alternative is the
  exact-set check, which is what ``Grade.correct`` reports)::

      score = max(0, chosen_correct / n_correct - chosen_wrong / n_wrong)

  (the second term is 0 when every choice is correct). Ticking every box scores 0; only the exact
  set of correct choices scores 1. Unknown ids (e.g. a choice removed by a later version) earn
  and cost nothing.
* Text answers match when ``normalise_answer`` makes them equal to an accepted answer. A cloze
  scores the share of blanks right; it is correct when every blank is.
* An empty, missing or malformed response scores 0 with a detail that says why; grading never
  raises because of the response. A malformed question raises ``ValueError`` when built.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

__all__ = [
    "QUESTION_TYPES",
    "Choice",
    "Grade",
    "QuestionContent",
    "QuestionType",
    "grade",
    "normalise_answer",
]

QuestionType = Literal["mcq_single", "mcq_multiple", "true_false", "short_answer", "cloze"]
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "mcq_single",
    "mcq_multiple",
    "true_false",
    "short_answer",
    "cloze",
)


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question; ``id`` is stable across shuffles."""

    id: str
    text: str
    correct: bool = False


@dataclass(frozen=True)
class QuestionContent:
    """What grading needs from a question version. Raises ``ValueError`` if it cannot be graded.

    ``accepted`` serves short answers; ``blanks`` (accepted answers per blank, in order) serves
    cloze. A cloze given only ``accepted`` has one blank.
    """

    type: QuestionType
    choices: tuple[Choice, ...] = ()
    accepted: tuple[str, ...] = ()
    truth: bool | None = None
    blanks: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise ValueError(f"unknown question type {self.type!r}")
        object.__setattr__(self, "choices", tuple(self.choices))
        object.__setattr__(self, "accepted", tuple(self.accepted))
        blanks = tuple(tuple(b) for b in self.blanks)
        if self.type == "cloze" and not blanks and self.accepted:
            blanks = (self.accepted,)
        object.__setattr__(self, "blanks", blanks)

        n_correct = sum(c.correct for c in self.choices)
        if self.type in ("mcq_single", "mcq_multiple"):
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError("choice ids must be unique")
            if self.type == "mcq_single" and n_correct != 1:
                raise ValueError(
                    f"a single-answer question needs one correct choice, has {n_correct}"
                )
            if self.type == "mcq_multiple" and n_correct < 1:
                raise ValueError("a multiple-answer question needs at least one correct choice")
        elif self.type == "true_false" and not isinstance(self.truth, bool):
            raise ValueError("a true/false question needs truth set to True or False")
        elif self.type == "short_answer" and not _usable(self.accepted):
            raise ValueError("a short-answer question needs at least one accepted answer")
        elif self.type == "cloze" and (not blanks or not all(_usable(b) for b in blanks)):
            raise ValueError("every blank of a cloze needs at least one accepted answer")

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> QuestionContent:
        """Build from stored JSON: ``{"type", "choices": [{"id", "text", "correct"}],
        "accepted": [...], "aliases": [...], "truth", "blanks": [[...], ...]}``.

        ``aliases`` are appended to ``accepted``. Raises ``ValueError`` for missing or
        ill-typed fields.
        """
        try:
            raw_choices = cast(Sequence[Mapping[str, object]], data.get("choices") or ())
            choices = tuple(
                Choice(id=str(c["id"]), text=str(c.get("text", "")), correct=bool(c.get("correct")))
                for c in raw_choices
            )
            accepted = _strings(data.get("accepted")) + _strings(data.get("aliases"))
            raw_blanks = cast(Sequence[object], data.get("blanks") or ())
            blanks = tuple(_strings(b) for b in raw_blanks)
            truth = data.get("truth")
            return cls(
                type=cast(QuestionType, data.get("type")),
                choices=choices,
                accepted=accepted,
                truth=truth if isinstance(truth, bool) else None,
                blanks=blanks,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed question content: {error}") from error


@dataclass(frozen=True)
class Grade:
    """Result of grading: ``score`` in [0, 1], ``correct`` only for full credit, ``detail`` a
    short explanation for feedback and audits, ``parts`` per-blank results of a cloze."""

    score: float
    correct: bool
    detail: str
    parts: tuple[bool, ...] = ()


def grade(question: QuestionContent, response: object) -> Grade:
    """Grade ``response`` against ``question``; see the module docstring for each type's rules."""
    match question.type:
        case "mcq_single":
            return _grade_single(question, response)
        case "mcq_multiple":
            return _grade_multiple(question, response)
        case "true_false":
            return _grade_true_false(question, response)
        case "short_answer":
            return _grade_text(question.accepted, response)
        case "cloze":
            return _grade_cloze(question, response)
    raise AssertionError(f"unhandled question type {question.type!r}")  # pragma: no cover


_NO_ANSWER = Grade(score=0.0, correct=False, detail="no answer")


def _grade_single(question: QuestionContent, response: object) -> Grade:
    if _blank(response):
        return _NO_ANSWER
    if not isinstance(response, str | int) or isinstance(response, bool):
        return _unreadable(response)
    chosen = str(response)
    right = next(c for c in question.choices if c.correct)
    if chosen == right.id:
        return Grade(score=1.0, correct=True, detail="correct choice")
    if chosen not in {c.id for c in question.choices}:
        return Grade(score=0.0, correct=False, detail="unknown choice")
    return Grade(score=0.0, correct=False, detail="wrong choice")


def _grade_multiple(question: QuestionContent, response: object) -> Grade:
    if _blank(response):
        return _NO_ANSWER
    if isinstance(response, str | int) and not isinstance(response, bool):
        response = [response]  # a lone id is a one-element selection
    if not isinstance(response, list | tuple | set | frozenset):
        return _unreadable(response)
    if any(not isinstance(i, str | int) or isinstance(i, bool) for i in response):
        return _unreadable(response)
    chosen = {str(i) for i in response}
    correct = {c.id for c in question.choices if c.correct}
    wrong = {c.id for c in question.choices if not c.correct}
    hits, misses = len(chosen & correct), len(chosen & wrong)
    penalty = misses / len(wrong) if wrong else 0.0
    score = max(0.0, hits / len(correct) - penalty)
    return Grade(
        score=score,
        correct=(chosen & (correct | wrong)) == correct,
        detail=f"{hits} of {len(correct)} correct choices, {misses} wrong",
    )


_TRUE_WORDS = {"true": True, "t": True, "false": False, "f": False}


def _grade_true_false(question: QuestionContent, response: object) -> Grade:
    if _blank(response):
        return _NO_ANSWER
    if isinstance(response, str):
        response = _TRUE_WORDS.get(response.strip().casefold(), response)
    if not isinstance(response, bool):
        return _unreadable(response)
    if response is question.truth:
        return Grade(score=1.0, correct=True, detail="correct")
    return Grade(score=0.0, correct=False, detail="wrong")


def _grade_text(accepted: Sequence[str], response: object) -> Grade:
    if _blank(response):
        return _NO_ANSWER
    if not isinstance(response, str):
        return _unreadable(response)
    if _matches(accepted, response):
        return Grade(score=1.0, correct=True, detail="matches an accepted answer")
    return Grade(score=0.0, correct=False, detail="no accepted answer matches")


def _grade_cloze(question: QuestionContent, response: object) -> Grade:
    if _blank(response):
        return _NO_ANSWER
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, list | tuple) or any(
        r is not None and not isinstance(r, str) for r in response
    ):
        return _unreadable(response)
    answers = list(response)[: len(question.blanks)]
    answers += [None] * (len(question.blanks) - len(answers))
    parts = tuple(
        isinstance(answer, str) and _matches(accepted, answer)
        for accepted, answer in zip(question.blanks, answers, strict=True)
    )
    right = sum(parts)
    return Grade(
        score=right / len(parts),
        correct=all(parts),
        detail=f"{right} of {len(parts)} blanks right",
        parts=parts,
    )


def _matches(accepted: Sequence[str], response: str) -> bool:
    answer = normalise_answer(response)
    return bool(answer) and any(answer == normalise_answer(a) for a in accepted)


def _blank(response: object) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | tuple | set | frozenset | dict):
        return all(_blank(r) for r in response)
    return False


def _unreadable(response: object) -> Grade:
    return Grade(
        score=0.0, correct=False, detail=f"unreadable response ({type(response).__name__})"
    )


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in cast(Sequence[object], value))


def _usable(answers: Sequence[str]) -> bool:
    return any(normalise_answer(a) for a in answers)


# Typographic characters people paste or phones insert, mapped to what a keyboard types:
# curly and low quotes, primes, backtick and acute accent; hyphens, dashes and minus signs.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    }
)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+(?=\S)")
_SPACES = re.compile(r"\s+")


def normalise_answer(text: str) -> str:
    """Canonical form of a typed answer for comparison.

    Unicode NFKC (full-width letters, ligatures, no-break spaces), typographic quotes and dashes
    made plain, case folded; apostrophes and full stops removed ("U.S." = "US", "don't" =
    "dont") except a decimal point ("3.5" stays); commas between digits removed ("1,000" =
    "1000"); other punctuation becomes a space ("well-known" = "well known"), except a minus
    sign in front of a number; whitespace collapsed; one leading article (a, an, the) dropped
    when something follows it. Accents are kept: they can change the word.
    """
    # Map typography before NFKC, which would split an acute accent into space + combining mark.
    text = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY)).casefold()
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        between_digits = before.isdigit() and after.isdigit()
        if char == "." and between_digits:
            out.append(char)
        elif char in "'." or (char == "," and between_digits):
            continue
        elif char == "-" and after.isdigit() and not before.strip():
            out.append(char)
        elif unicodedata.category(char).startswith("P"):
            out.append(" ")
        else:
            out.append(char)
    collapsed = _SPACES.sub(" ", "".join(out)).strip()
    return _ARTICLE.sub("", collapsed, count=1)
