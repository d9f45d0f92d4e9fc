"""Comparing bank content: what changed between two versions, and how alike two items are.

Pure functions, no Django. ``field_diffs`` turns an audit event's ``{"field": [before, after]}``
into something a template shows (words struck out and inserted, choices added, removed,
reworded or re-marked); ``similarity`` scores two items' gist in [0, 1] for duplicate warnings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from quizzes.bank.rules import BLANK
from quizzes.bank.scoring import normalise_answer

# Above this, a new item "nearly repeats" an existing one (token-level similarity of the gists).
DUPLICATE_THRESHOLD = 0.8

LABELS = {
    "prompt": "Prompt",
    "choices": "Choices",
    "accepted": "Accepted answers",
    "truth": "True or false",
    "explanation": "Explanation",
    "difficulty": "Difficulty",
    "tags": "Tags",
    "source": "Article",
    "term": "Term",
    "claim": "Claim",
    "kind": "Kind",
    "front": "Front",
    "back": "Back",
    "extra": "Extra",
    "status": "Status",
}
TEXT_FIELDS = {"prompt", "explanation", "front", "back", "extra"}
LIST_FIELDS = {"accepted", "tags"}
_WORDS = re.compile(r"\s+|[^\s\w]|\w+")


@dataclass(frozen=True)
class TextPart:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class ChoiceChange:
    """One choice across two versions. ``status``: same, added, removed or changed."""

    id: str
    status: str
    text: str
    parts: tuple[TextPart, ...] = ()
    correct_before: bool | None = None
    correct_after: bool | None = None
    moved: bool = False


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    kind: str  # "text", "choices", "list" or "value"
    parts: tuple[TextPart, ...] = ()
    choices: tuple[ChoiceChange, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    before: object = None
    after: object = None


def changed_fields(
    before: Mapping[str, object], after: Mapping[str, object], fields: Sequence[str]
) -> dict[str, list[object]]:
    """``{field: [before, after]}`` for each of ``fields`` whose value differs."""
    return {f: [before.get(f), after.get(f)] for f in fields if before.get(f) != after.get(f)}


def field_diffs(changes: Mapping[str, Sequence[object]]) -> list[FieldDiff]:
    """Display-ready diffs for an event's ``changes`` (``{field: [before, after]}``)."""
    out = []
    for name, (before, after) in changes.items():
        label = LABELS.get(name, name.replace("_", " ").capitalize())
        if name in TEXT_FIELDS:
            out.append(
                FieldDiff(name, label, "text", parts=text_diff(str(before or ""), str(after or "")))
            )
        elif name == "choices":
            out.append(
                FieldDiff(name, label, "choices", choices=choices_diff(_rows(before), _rows(after)))
            )
        elif name in LIST_FIELDS:
            old, new = [str(v) for v in _items(before)], [str(v) for v in _items(after)]
            out.append(
                FieldDiff(
                    name,
                    label,
                    "list",
                    added=tuple(v for v in new if v not in old),
                    removed=tuple(v for v in old if v not in new),
                    before=old,
                    after=new,
                )
            )
        else:
            out.append(FieldDiff(name, label, "value", before=_show(before), after=_show(after)))
    return out


def text_diff(before: str, after: str) -> tuple[TextPart, ...]:
    """Word-level diff: runs of equal, deleted and inserted text, in reading order."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    parts: list[TextPart] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(TextPart("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(TextPart("delete", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(TextPart("insert", "".join(new[j1:j2])))
    return tuple(parts)


def choices_diff(
    before: Sequence[Mapping[str, object]] | None, after: Sequence[Mapping[str, object]] | None
) -> tuple[ChoiceChange, ...]:
    """Compare choices by id: added, removed, reworded, re-marked (correct) or moved."""
    old = {str(c.get("id")): c for c in before or []}
    old_order = [str(c.get("id")) for c in before or []]
    new_order = [str(c.get("id")) for c in after or []]
    shared_old = [i for i in old_order if i in new_order]
    shared_new = [i for i in new_order if i in old]
    out: list[ChoiceChange] = []
    for choice in after or []:
        cid = str(choice.get("id"))
        text, correct = str(choice.get("text", "")), bool(choice.get("correct"))
        if cid not in old:
            out.append(ChoiceChange(cid, "added", text, correct_after=correct))
            continue
        was = old[cid]
        was_text, was_correct = str(was.get("text", "")), bool(was.get("correct"))
        moved = shared_old.index(cid) != shared_new.index(cid)
        if was_text == text and was_correct == correct:
            out.append(
                ChoiceChange(
                    cid,
                    "same",
                    text,
                    correct_before=was_correct,
                    correct_after=correct,
                    moved=moved,
                )
            )
        else:
            out.append(
                ChoiceChange(
                    cid,
                    "changed",
                    text,
                    parts=text_diff(was_text, text) if was_text != text else (),
                    correct_before=was_correct,
                    correct_after=correct,
                    moved=moved,
                )
            )
    for cid in old_order:
        if cid not in new_order:
            was = old[cid]
            out.append(
                ChoiceChange(
                    cid,
                    "removed",
                    str(was.get("text", "")),
                    correct_before=bool(was.get("correct")),
                )
            )
    return tuple(out)


def gist(prompt: str, answer: str) -> str:
    """What an item asks, as one text: the blank filled with the answer, or prompt + answer.

    An instruction before the sentence with the blank ("Fill in the blank: …", "Which answer
    fills the blank? …") is left out: two items about one sentence should compare as the same.
    """
    blank = BLANK.search(prompt)
    if blank is None:
        return f"{prompt} {answer}"
    head = prompt[: blank.start()]
    cut = max(head.rfind(": "), head.rfind("? "))
    return BLANK.sub(answer, prompt[cut + 2 :] if cut >= 0 else prompt, count=1)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, in [0, 1]: the share of matching words in order, ignoring case
    and punctuation (so a reworded distractor or a moved comma still counts as a repeat)."""
    left, right = normalise_answer(a).split(), normalise_answer(b).split()
    if not left or not right:
        return 0.0
    # Cheap bound first: texts that share few words cannot be near-duplicates.
    common = len(set(left) & set(right))
    if 2 * common / (len(set(left)) + len(set(right))) < DUPLICATE_THRESHOLD * 0.75:
        return 0.0
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


@dataclass(frozen=True)
class Candidate:
    """An existing item to compare a new one against."""

    id: int
    text: str
    label: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def near_duplicates(
    text: str, candidates: Sequence[Candidate], *, threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[Candidate, float]]:
    """Candidates at least ``threshold`` alike to ``text``, most alike first."""
    scored = [(c, similarity(text, c.text)) for c in candidates]
    hits = [(c, round(s, 3)) for c, s in scored if s >= threshold]
    return sorted(hits, key=lambda hit: (-hit[1], hit[0].id))


def _rows(value: object) -> list[Mapping[str, object]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _show(value: object) -> object:
    if value is None or value == "":
        return "—"
    if value is True:
        return "True"
    if value is False:
        return "False"
    return value
