"""Distractors: wrong answers of the same kind as the right one.

Sources, in order: phrases of the same entity type from the document (names for names, places
for places), sibling noun phrases from the document (same number and capitalisation), and
numeric or date perturbations. A candidate is never equal to the answer, contained in it or
containing it, nor one of its aliases. No lexical database is used (none ships its data inside
a wheel we can depend on), so common-noun answers fall back to document phrases only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .terms import NUMERIC_LABELS
from .types import Span, Term

_KIND_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_WORD = re.compile(r"[a-z0-9]+")


def family(label: str) -> str:
    """The kind a distractor must share with the answer ("GPE" and "LOC" are both places)."""
    if label in NUMERIC_LABELS:
        return "NUMBER"
    return _KIND_FAMILY.get(label, label)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def overlaps(a: str, b: str) -> bool:
    """True when one phrase equals or contains the other, word-wise ("Trump" / "Donald Trump")."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb:
        return True
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


@dataclass(frozen=True)
class Candidate:
    text: str
    kind: str
    score: float
    plural: bool
    proper: bool
    forms: tuple[str, ...]  # the candidate's own aliases, so we never offer two of one thing


class DistractorPool:
    """Everything in a document that can serve as a wrong answer, grouped by kind."""

    def __init__(self, terms: list[Term], mentions: list[Span]) -> None:
        by_family: dict[str, dict[str, Candidate]] = {}
        seen_forms: set[str] = set()
        for term in terms:
            kind = family("NP" if term.kind == "ACRONYM" else term.kind)
            candidate = Candidate(
                term.text, kind, term.score, term.plural, term.proper, term.forms()
            )
            by_family.setdefault(kind, {}).setdefault(term.text.lower(), candidate)
            seen_forms.update(form.lower() for form in term.forms())
        for mention in mentions:
            kind = family(mention.label)
            if mention.text.lower() in seen_forms or len(mention.text.split()) > 5:
                continue
            score = 0.1 if kind == "NP" else 0.3
            candidate = Candidate(
                mention.text, kind, score, mention.plural, mention.proper, (mention.text,)
            )
            by_family.setdefault(kind, {}).setdefault(mention.text.lower(), candidate)
        self._by_family = {
            kind: sorted(found.values(), key=lambda c: (-c.score, c.text))
            for kind, found in by_family.items()
        }

    def distractors_for(
        self, answer: str, label: str, *, plural: bool, avoid: tuple[str, ...] = (), count: int = 3
    ) -> list[str]:
        """Up to ``count`` wrong answers for ``answer`` (of entity ``label``), best first."""
        kind = family(label)
        banned = [answer, *avoid]
        chosen: list[str] = []

        def acceptable(text: str) -> bool:
            return not any(overlaps(text, other) for other in (*banned, *chosen))

        if kind == "NUMBER":
            for text in perturb_number(answer):
                if len(chosen) < count and acceptable(text):
                    chosen.append(text)
            return chosen
        capital = answer[:1].isupper()
        for candidate in self._by_family.get(kind, []):
            if len(chosen) >= count:
                break
            if kind == "NP" and (
                candidate.plural != plural
                or candidate.text[:1].isupper() != capital
                or abs(len(candidate.text.split()) - len(answer.split())) > 2
            ):
                continue
            if any(not acceptable(form) for form in candidate.forms):
                continue
            chosen.append(candidate.text)
        return chosen


def perturb_number(text: str) -> list[str]:
    """Nearby but different numbers or years: "October 2019" → "October 2018", …; [] if none."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if match:
        raw = match.group(0).replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            return []
        integer = value.is_integer()
        if integer and 1000 <= value <= 2100:
            steps = [-1, 1, -2, 2, -3]
            values = [value + step for step in steps]
        elif integer:
            values = [value + 1, value * 2, max(value - 1, 0), value + 2, value * 3]
        else:
            values = [round(value * f, 2) for f in (1.5, 0.5, 2, 0.75)]
        out = []
        for new in values:
            shown = str(int(new)) if float(new).is_integer() else str(new)
            if "," in match.group(0) and float(new).is_integer():
                shown = f"{int(new):,}"
            candidate = text[: match.start()] + shown + text[match.end() :]
            if candidate != text and candidate not in out:
                out.append(candidate)
        return out
    lower = text.lower()
    for index, word in enumerate(_NUMBER_WORDS):
        found = re.search(rf"\b{word}\b", lower)
        if found:
            others = [w for w in _NUMBER_WORDS if w != word]
            others.sort(key=lambda w: (abs(_NUMBER_WORDS.index(w) - index), w))
            out = []
            for other in others[:4]:
                shown = other.capitalize() if text[found.start()].isupper() else other
                out.append(text[: found.start()] + shown + text[found.end() :])
            return out
    return []
