"""GIFT, Moodle's plain-text question format: reader and writer. Pure Python.

Written by hand: the GIFT packages on PyPI are unmaintained (pygiftparser, 2017) or write only
(gift-wrapper). The syntax followed is Moodle's own (docs.moodle.org/en/GIFT_format and
``question/format/gift/format.php``): questions separated by blank lines, ``//`` comment
lines, ``::title::``, ``{…}`` answers with ``=`` right / ``~`` wrong, ``%50%`` weights, ``#``
feedback and ``####`` general feedback, ``{T}``/``{F}``, the "missing word" form (text after
the answers), ``[html]``/``[moodle]``/``[plain]``/``[markdown]`` markers, the escapes
``\\~ \\= \\# \\{ \\} \\:`` and ``\\n``, and tags as a comment (``// [tag:name]``, Moodle 3.6+).

Mapping: ``{=a ~b ~c}`` → mcq; several ``=`` or positive ``%n%`` weights → mcq_multi;
``{T}``/``{F}`` → true_false; only ``=`` answers → short_answer, or cloze when the answers sit
inside the sentence (missing word) or the text shows a blank (``___``). Essays, matching and
numeric ranges have no counterpart in Retain and are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from quizzes.interop.items import (
    BLANK,
    Choice,
    FormatError,
    Item,
    Problem,
    Read,
    blank_count,
    with_blank,
)
from quizzes.interop.safety import check_size, decode_text
from quizzes.interop.text import html_to_text, tidy

SPECIAL = "~=#{}:"
_ESCAPE = re.compile(r"([~=#{}:])")
_TAG = re.compile(r"\[tag:([^\]]+)\]")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def read(data: bytes) -> Read:
    """Read a GIFT file into questions; each problem names the line its question starts on."""
    check_size(data)
    text = decode_text(data)
    found = Read()
    for line, block, tags in _blocks(text):
        where = f"line {line}"
        try:
            item = _question(block, tags, where)
        except FormatError as error:
            found.problems.append(Problem(where, error.message))
            continue
        if item is not None:
            found.items.append(item)
    if not found.items and not found.problems:
        raise FormatError("The file holds no GIFT questions (each needs answers in {…}).")
    return found


def _blocks(text: str) -> Iterable[tuple[int, str, list[str]]]:
    """Each question's text (comments removed), the line it starts on and its tags: those its
    comments give (``// [tag:x]``), else the last part of the ``$CATEGORY:`` it is under."""
    lines: list[str] = []
    tags: list[str] = []
    category = ""
    start = 0
    for number, raw in enumerate([*text.split("\n"), ""], start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            tags.extend(t.strip() for t in _TAG.findall(stripped))
            continue
        if stripped.startswith("$CATEGORY:"):
            category = _category_tag(stripped.removeprefix("$CATEGORY:"))
            continue
        if not stripped:
            if lines:
                yield start, "\n".join(lines), tags or ([category] if category else [])
                lines, tags = [], []
            continue
        if not lines:
            start = number
        lines.append(raw)


def _category_tag(path: str) -> str:
    """The last part of a Moodle category path, unless it is the top or a default category."""
    parts = [p.strip() for p in path.replace("$course$", "").replace("$system$", "").split("/")]
    parts = [p for p in parts if p]
    if not parts or parts[-1] == "top" or parts[-1].startswith("Default for"):
        return ""
    return parts[-1]


def _question(block: str, tags: list[str], where: str) -> Item | None:
    title = ""
    body = block.strip()
    if body.startswith("::"):
        end = _unescaped(body, "::", 2)
        if end < 0:
            raise FormatError("the title has no closing “::”.")
        title = _unescape(body[2:end]).strip()
        body = body[end + 2 :].strip()
    opening = _unescaped(body, "{")
    if opening < 0:
        raise FormatError("no answers: write them in {…} after the question.")
    closing = _unescaped(body, "}", opening + 1)
    if closing < 0:
        raise FormatError("the answers have no closing “}”.")
    before, answers, after = body[:opening], body[opening + 1 : closing], body[closing + 1 :]
    is_html = bool(re.match(r"^\s*\[html\]", before, re.IGNORECASE))
    before = _FORMAT.sub("", before)
    answers = _FORMAT.sub("", answers)
    missing_word = bool(after.strip())

    def plain(value: str) -> str:
        value = _unescape(value)
        return html_to_text(value) if is_html else tidy(value)

    answers, general = _split_general(answers)
    if missing_word:
        joined = _unescape(before) + BLANK + _unescape(after)
        prompt = html_to_text(joined) if is_html else tidy(joined)
    else:
        prompt = plain(before)
    common: dict[str, Any] = {
        "prompt": prompt,
        "explanation": plain(general),
        "tags": tuple(dict.fromkeys(tags)),
        "title": title,
        "where": where,
    }
    spec = answers.strip()
    if not spec:
        raise FormatError("an essay question (empty {}) has no answer to check; Retain has none.")
    if spec.startswith("#"):
        return _numeric(spec[1:], common)
    feedback_parts = _split_unescaped(spec, "#")
    upper = _unescape(feedback_parts[0]).strip().upper()
    if upper in _TRUE:
        notes = [plain(f) for f in feedback_parts[1:] if plain(f)]
        explanation = "\n".join(p for p in (common["explanation"], *notes) if p)
        return Item(
            kind="question",
            type="true_false",
            truth=_TRUE[upper],
            **{**common, "explanation": explanation},
        )
    if _unescaped(spec, "->") >= 0:
        raise FormatError("a matching question (“->”); Retain has no matching questions.")
    choices = _answers(spec, plain)
    if not choices:
        raise FormatError("no answers found between { and }.")
    if all(c.marker == "=" for c in choices):
        accepted = tuple(c.text for c in choices if c.weight is None or c.weight >= 100)
        notes = [f"“{c.text}”: {c.feedback}" for c in choices if c.feedback]
        explanation = "\n".join(p for p in (common["explanation"], *notes) if p)
        blank = missing_word or blank_count(prompt) > 0
        return Item(
            kind="question",
            type="cloze" if blank else "short_answer",
            accepted=accepted,
            **{**common, "prompt": with_blank(prompt), "explanation": explanation},
        )
    correct = [c for c in choices if c.correct]
    single = any(c.marker == "=" for c in choices) and len(correct) == 1
    return Item(
        kind="question",
        type="mcq" if single else "mcq_multi",
        choices=tuple(Choice(c.text, c.correct, c.feedback) for c in choices),
        **common,
    )


def _numeric(spec: str, common: dict[str, Any]) -> Item:
    """A numeric question with one exact answer (``{#42}``) is a short answer; tolerances and
    ranges cannot be checked by Retain."""
    first = _split_unescaped(spec, "#")[0].strip().lstrip("=")
    if re.fullmatch(r"-?\d+(?:\.\d+)?", first):
        return Item(kind="question", type="short_answer", accepted=(first,), **common)
    raise FormatError(
        f"a numeric answer with a tolerance or range (“{first}”); Retain checks exact answers only."
    )


class _Answer:
    __slots__ = ("correct", "feedback", "marker", "text", "weight")

    def __init__(self, marker: str, text: str, weight: float | None, feedback: str) -> None:
        self.marker = marker
        self.text = text
        self.weight = weight
        self.feedback = feedback
        self.correct = weight > 0 if weight is not None else marker == "="


def _answers(spec: str, plain: Callable[[str], str]) -> list[_Answer]:
    """Split ``=a #fb ~%50%b`` into answers at each unescaped ``=`` or ``~``."""
    out: list[_Answer] = []
    starts = [i for i, ch in enumerate(spec) if ch in "=~" and not _escaped(spec, i)]
    for n, at in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(spec)
        chunk = spec[at + 1 : end]
        cut = _unescaped(chunk, "#")
        text, feedback = (chunk[:cut], chunk[cut + 1 :]) if cut >= 0 else (chunk, "")
        weight = None
        match = _WEIGHT.match(text.strip())
        if match:
            weight = float(match.group(1))
            text = text.strip()[match.end() :]
        value = plain(text)
        if value:
            out.append(_Answer(spec[at], value, weight, plain(feedback)))
    return out


def _split_general(answers: str) -> tuple[str, str]:
    at = _unescaped(answers, "####")
    return (answers[:at], answers[at + 4 :]) if at >= 0 else (answers, "")


def _escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _unescaped(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    while at >= 0 and _escaped(text, at):
        at = text.find(needle, at + 1)
    return at


def _split_unescaped(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    while (at := _unescaped(text, separator, start)) >= 0:
        parts.append(text[start:at])
        start = at + len(separator)
    parts.append(text[start:])
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\([~=#{}:\\])", r"\1", text).replace("\\n", "\n")


def escape(text: str) -> str:
    """Text safe inside GIFT: the special characters escaped, line breaks as ``\\n``."""
    return _ESCAPE.sub(r"\\\1", text).replace("\n", "\\n")


def write(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    """Questions as GIFT (UTF-8). Cards are not GIFT's; pass questions only."""
    blocks = [f"// {title}" if title else "// Exported from Retain"]
    for item in items:
        blocks.append(_write_one(item))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _write_one(item: Item) -> str:
    lines = []
    if item.tags:
        lines.append("// " + " ".join(f"[tag:{t.replace(']', ')')}]" for t in item.tags))
    head = f"::{escape(item.title)}:: " if item.title else ""
    general = f"\n\t####{escape(item.explanation)}" if item.explanation else ""
    if item.type == "true_false":
        answer = "{" + ("TRUE" if item.truth else "FALSE") + general + "}"
        lines.append(f"{head}{escape(item.prompt)} {answer}")
    elif item.type in ("mcq", "mcq_multi"):
        correct = len(item.correct_choices)
        rows = []
        for choice in item.choices:
            if item.type == "mcq":
                mark = "=" if choice.correct else "~"
            else:
                share = _weight(100 / correct) if choice.correct else "-100"
                mark = f"~%{share}%"
            feedback = f" #{escape(choice.feedback)}" if choice.feedback else ""
            rows.append(f"\t{mark}{escape(choice.text)}{feedback}")
        lines.append(f"{head}{escape(item.prompt)} {{\n" + "\n".join(rows) + general + "\n}")
    elif item.type == "cloze" and blank_count(item.prompt) == 1:
        before, after = item.blank_parts()
        answers = " ".join(f"={escape(a)}" for a in item.accepted)
        if after.strip():  # Moodle's "missing word" form: the answers where the blank is
            lines.append(f"{head}{escape(before)}{{{answers}{general}}}{escape(after)}")
        else:  # a blank at the very end: keep it in the text, answers after it
            lines.append(f"{head}{escape(with_blank(item.prompt))} {{{answers}{general}}}")
    else:  # short answer (and a cloze without a blank, which the bank would refuse anyway)
        answers = " ".join(f"={escape(a)}" for a in item.accepted)
        lines.append(f"{head}{escape(item.prompt)} {{{answers}{general}}}")
    return "\n".join(lines)


def _weight(value: float) -> str:
    """A Moodle grade percentage: whole numbers plain, others to five decimals (Moodle's own
    list of grades, e.g. 33.33333)."""
    return str(int(value)) if value == int(value) else f"{value:.5f}"
