"""What a question or a flashcard must contain to be usable. Pure functions, no Django.

``clean_question`` and ``clean_card`` take what an instructor (or the generator) wrote, tidy it
(trim text, drop empty and repeated accepted answers, give choices stable ids, turn
``{{answer}}`` into a blank) and return the tidy content with every problem found, each naming
the field at fault so a form can show it next to that field. Nothing here raises for bad
content: the caller decides (the bank services refuse to save content with problems).

Rules, by type:

* every question has a prompt (for true/false: a statement, not a question);
* multiple choice: at least two choices, all written and distinct (compared the way answers are
  matched: case, punctuation and a leading article ignored); one correct choice for ``mcq``; for
  ``mcq_multi`` at least one correct and at least one wrong;
* true/false: a truth value;
* cloze: exactly one blank (``___``, three or more underscores) and an answer that is not already
  visible in the text; short answer: at least one accepted answer, not visible in the prompt;
* accepted answers (aliases) must have letters or digits; difficulty is 1–5 or empty;
* cards: a front and a back; a cloze card's front has exactly one blank, its back is the answer.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from quizzes.bank.scoring import normalise_answer

QUESTION_TYPES = ("mcq", "mcq_multi", "true_false", "cloze", "short_answer")
CARD_KINDS = ("basic", "reverse", "cloze")
MULTIPLE_CHOICE = ("mcq", "mcq_multi")
TYPED_ANSWER = ("cloze", "short_answer")

# What a blank looks like: the generator writes "_____"; people type "___" or more.
BLANK = re.compile(r"_{3,}")
# Anki-style "{{answer}}" or "{{c1::answer}}": a quick way to write a cloze.
BRACED = re.compile(r"\{\{(?:c\d+::)?(.+?)\}\}")
CANONICAL_BLANK = "_____"
CHOICE_ID = re.compile(r"^[A-Za-z0-9_-]{1,8}$")

MAX_PROMPT = 1000
MAX_CHOICE = 300
MAX_CHOICES = 8
MAX_ACCEPTED = 20
MAX_ANSWER = 200
MAX_EXPLANATION = 3000
MAX_CARD_SIDE = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: the field at fault and what to do about it."""

    field: str
    message: str


@dataclass(frozen=True)
class QuestionContent:
    """The content of one question version, tidied. ``choices`` are ``{"id", "text", "correct"}``."""

    prompt: str
    choices: tuple[dict[str, object], ...] = ()
    accepted: tuple[str, ...] = ()
    truth: bool | None = None
    explanation: str = ""
    difficulty: int | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready values, named like ``QuestionVersion``'s fields."""
        return {
            "prompt": self.prompt,
            "choices": [dict(c) for c in self.choices],
            "accepted": list(self.accepted),
            "truth": self.truth,
            "explanation": self.explanation,
            "difficulty": self.difficulty,
        }


@dataclass(frozen=True)
class CardContent:
    kind: str
    front: str
    back: str
    extra: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "front": self.front, "back": self.back, "extra": self.extra}


@dataclass
class _Checker:
    problems: list[Problem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(field_name, message))

    def too_long(self, field_name: str, value: str, limit: int, what: str) -> None:
        if len(value) > limit:
            self.add(
                field_name, f"{what} is {len(value):,} characters long; keep it under {limit:,}."
            )


def clean_question(
    type: str,
    *,
    prompt: str,
    choices: Sequence[Mapping[str, object]] = (),
    accepted: Iterable[str] = (),
    truth: bool | None = None,
    explanation: str = "",
    difficulty: int | None = None,
) -> tuple[QuestionContent, list[Problem]]:
    """Tidy a question's content for ``type`` and list its problems (empty when it is usable).

    Fields that do not apply to the type (choices of a cloze, the truth of an MCQ) are dropped.
    An unknown type is reported as a problem of the field ``type``.
    """
    check = _Checker()
    if type not in QUESTION_TYPES:
        check.add(
            "type", f"Unknown question type “{type}”; use one of {', '.join(QUESTION_TYPES)}."
        )
    prompt = _text(prompt)
    answers = [_text(a) for a in accepted]
    if type == "cloze" and not BLANK.search(prompt):
        prompt, braced = _unbrace(prompt)
        answers = braced + answers
    answers = _distinct_answers(answers)
    if type in MULTIPLE_CHOICE and len(choices) > MAX_CHOICES:
        # Counted before any work: a choice id is one or two letters (702 of them), and a
        # question with too many is refused anyway, so only the first ones are tidied.
        check.add(
            "choices", f"Use at most {MAX_CHOICES} choices; this question has {len(choices)}."
        )
        choices = choices[:MAX_CHOICES]
    content = QuestionContent(
        prompt=prompt,
        choices=_with_ids(choices) if type in MULTIPLE_CHOICE else (),
        accepted=tuple(answers) if type in TYPED_ANSWER else (),
        truth=truth if type == "true_false" else None,
        explanation=_text(explanation),
        difficulty=difficulty,
    )
    _check_prompt(check, type, content.prompt)
    if type in MULTIPLE_CHOICE:
        _check_choices(check, type, content.choices)
    elif type == "true_false" and content.truth is None:
        check.add("truth", "Say whether the statement is true or false.")
    elif type in TYPED_ANSWER:
        _check_accepted(check, type, content.prompt, content.accepted)
    check.too_long("explanation", content.explanation, MAX_EXPLANATION, "The explanation")
    if difficulty is not None and not 1 <= difficulty <= 5:
        check.add("difficulty", "Difficulty goes from 1 (easy) to 5 (hard), or leave it empty.")
    return content, check.problems


def clean_card(
    kind: str, *, front: str, back: str, extra: str = ""
) -> tuple[CardContent, list[Problem]]:
    """Tidy a flashcard and list its problems. A cloze card may be written as ``… {{answer}} …``:
    the braces become the blank and, when the back is empty, the answer."""
    check = _Checker()
    if kind not in CARD_KINDS:
        check.add("kind", f"Unknown card kind “{kind}”; use one of {', '.join(CARD_KINDS)}.")
    front, back, extra = _text(front), _text(back), _text(extra)
    if kind == "cloze" and not BLANK.search(front):
        front, braced = _unbrace(front)
        back = back or (braced[0] if braced else "")
    content = CardContent(kind=kind, front=front, back=back, extra=extra)
    if not front:
        check.add(
            "front",
            "Write the text with a blank (___) where the answer goes."
            if kind == "cloze"
            else "Write the front of the card.",
        )
    if not back:
        check.add(
            "back",
            "Give the answer that fills the blank."
            if kind == "cloze"
            else "Write the back of the card.",
        )
    if kind == "cloze" and front:
        _check_blanks(check, "front", front)
        if back and _leaks(back, front):
            check.add(
                "back", f"The answer “{back}” is already visible on the front; blank it there."
            )
    check.too_long("front", front, MAX_CARD_SIDE, "The front")
    check.too_long("back", back, MAX_CARD_SIDE, "The back")
    check.too_long("extra", extra, MAX_EXPLANATION, "The extra note")
    return content, check.problems


def blank_count(text: str) -> int:
    return len(BLANK.findall(text))


def correct_answer_text(type: str, content: Mapping[str, object]) -> str:
    """The answer a student should give, as text (for previews, duplicate checks and lists)."""
    if type in MULTIPLE_CHOICE:
        choices = cast(Sequence[Mapping[str, object]], content.get("choices") or [])
        return " / ".join(str(c.get("text", "")) for c in choices if c.get("correct"))
    if type == "true_false":
        truth = content.get("truth")
        return "" if truth is None else ("True" if truth else "False")
    accepted = cast(Sequence[object], content.get("accepted") or [])
    return str(accepted[0]) if accepted else ""


def _check_prompt(check: _Checker, type: str, prompt: str) -> None:
    if not prompt:
        check.add(
            "prompt",
            {
                "true_false": "Write the statement to be judged true or false.",
                "cloze": "Write the sentence, with a blank (___) where the answer goes.",
            }.get(type, "Write the question."),
        )
        return
    check.too_long("prompt", prompt, MAX_PROMPT, "The prompt")
    if type == "true_false" and prompt.rstrip().endswith("?"):
        check.add("prompt", "Write a statement, not a question: students judge it true or false.")
    if type == "cloze":
        _check_blanks(check, "prompt", prompt)


def _check_blanks(check: _Checker, field_name: str, text: str) -> None:
    blanks = blank_count(text)
    if blanks == 0:
        check.add(
            field_name,
            "Mark the blank with ___ (three or more underscores), or put the answer in {{double braces}}.",
        )
    elif blanks > 1:
        check.add(field_name, f"Use one blank per item; this text has {blanks}.")


def _check_choices(check: _Checker, type: str, choices: Sequence[Mapping[str, object]]) -> None:
    if len(choices) < 2:
        check.add("choices", "A multiple-choice question needs at least two choices.")
    if len(choices) > MAX_CHOICES:
        check.add(
            "choices", f"Use at most {MAX_CHOICES} choices; this question has {len(choices)}."
        )
    seen: dict[str, int] = {}
    for number, choice in enumerate(choices, start=1):
        text = str(choice["text"])
        if not text:
            check.add("choices", f"Choice {number} is empty: write it or remove it.")
            continue
        check.too_long("choices", text, MAX_CHOICE, f"Choice {number}")
        key = normalise_answer(text)
        if key in seen:
            check.add("choices", f"Choices {seen[key]} and {number} say the same thing (“{text}”).")
        else:
            seen[key] = number
    correct = sum(bool(c["correct"]) for c in choices)
    if type == "mcq" and correct == 0:
        check.add("choices", "Mark the correct choice.")
    elif type == "mcq" and correct > 1:
        check.add(
            "choices",
            f"Mark exactly one correct choice ({correct} are marked), or make it a "
            "several-answer question.",
        )
    elif type == "mcq_multi" and correct == 0:
        check.add("choices", "Mark at least one correct choice.")
    elif type == "mcq_multi" and choices and correct == len(choices):
        check.add(
            "choices",
            "Leave at least one choice wrong: when every choice is correct, ticking them all "
            "is always right.",
        )


def _check_accepted(check: _Checker, type: str, prompt: str, accepted: Sequence[str]) -> None:
    if not accepted:
        check.add(
            "accepted",
            "Give the answer that fills the blank."
            if type == "cloze"
            else "Give at least one accepted answer.",
        )
        return
    if len(accepted) > MAX_ACCEPTED:
        check.add("accepted", f"Give at most {MAX_ACCEPTED} accepted answers.")
    for answer in accepted:
        if not normalise_answer(answer):
            check.add(
                "accepted", f"“{answer}” has no letters or digits to match an answer against."
            )
        elif len(answer) > MAX_ANSWER:
            check.add("accepted", f"An accepted answer is longer than {MAX_ANSWER} characters.")
        elif prompt and _leaks(answer, prompt):
            where = "text" if type == "cloze" else "question"
            check.add(
                "accepted",
                f"The answer “{answer}” is already visible in the {where}; "
                + ("blank it there." if type == "cloze" else "rephrase the question."),
            )


def _leaks(answer: str, text: str) -> bool:
    """Whether ``answer`` appears, as whole words, in ``text`` (blanks removed)."""
    needle = normalise_answer(answer)
    haystack = normalise_answer(BLANK.sub(" ", text))
    return bool(needle) and f" {needle} " in f" {haystack} "


def _with_ids(choices: Sequence[Mapping[str, object]]) -> tuple[dict[str, object], ...]:
    """Keep each choice's id when it is well formed and unused; give the others the next free
    letter. Ids stay stable across edits, so responses and statistics can follow a choice."""
    given = [str(c.get("id") or "").strip() for c in choices]
    kept: set[str] = set()
    keep = []
    for choice_id in given:
        ok = bool(CHOICE_ID.match(choice_id)) and choice_id not in kept
        keep.append(ok)
        if ok:
            kept.add(choice_id)
    free = (letter for letter in _letters() if letter not in kept)
    out = []
    for choice, choice_id, ok in zip(choices, given, keep, strict=True):
        out.append(
            {
                "id": choice_id if ok else next(free),
                "text": _text(str(choice.get("text") or "")),
                "correct": bool(choice.get("correct")),
            }
        )
    return tuple(out)


def _letters() -> Iterable[str]:
    yield from string.ascii_lowercase
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second


def _distinct_answers(answers: Iterable[str]) -> list[str]:
    """Drop empty answers and those that match an earlier one anyway (same normalised form);
    keep ones with nothing to normalise so the checker can report them."""
    seen: set[str] = set()
    out = []
    for answer in answers:
        if not answer:
            continue
        key = normalise_answer(answer) or answer
        if key not in seen:
            seen.add(key)
            out.append(answer)
    return out


def _unbrace(text: str) -> tuple[str, list[str]]:
    found = [m.strip() for m in BRACED.findall(text)]
    return BRACED.sub(CANONICAL_BLANK, text), found


def _text(value: object) -> str:
    """Trim a text value and give it Unix newlines (browsers send CRLF)."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
