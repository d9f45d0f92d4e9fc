"""Distractors: wrong answers of the same kind as the right one.

Sources, in order: phrases of the same entity type from the document (names for names, places
for places), sibling noun phrases from the document (same number and capitalisation), and
numeric or date perturbations. A candidate is never equal to the answer, contained in it or
containing it, nor one of its aliases. No lexical database is used (none ships its data inside
a wheel we can depend on), so common-noun answers fall back to document phrases only.

Like for like: a place the document uses as an actor (a subject, a possessor, a modifier such as
"US policy", or one with a demonym) is only swapped for another actor, and a place that is only
ever a location ("in Stockholm") for another location. A place is offered in the form the
document writes most ("US" over "United States"; an acronym for an acronym), and only when that
form fits the article around the blank ("for _____" wants a name the document writes without
"the"). An organisation named like an event ("… Summit") counts as an event; a noun-phrase
answer gets noun-phrase distractors whose head is of the same shape (an acronym for an acronym).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .terms import NUMERIC_LABELS
from .types import Span, Term

_KIND_FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
# Head nouns that make an "organisation" an event ("Hanoi Summit", "Paris Peace Conference").
_EVENT_HEADS = frozenset(
    ["summit", "summits", "meeting", "conference", "talks", "war", "election", "elections",
     "games", "olympics", "cup", "championship", "festival", "crisis", "revolution", "battle",
     "treaty", "accord", "accords", "forum", "tournament", "uprising", "invasion", "ceremony"]
)  # fmt: skip
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_WORD = re.compile(r"[a-z0-9]+")


def family(label: str, text: str = "") -> str:
    """The kind a distractor must share with the answer ("GPE" and "LOC" are both places)."""
    if label in NUMERIC_LABELS:
        return "NUMBER"
    if label == "ORG" and text and text.split()[-1].lower() in _EVENT_HEADS:
        return "EVENT"
    return _KIND_FAMILY.get(label, label)


def head_shape(text: str) -> str:
    """ "acronym" when the phrase's last word is written in capitals ("CVID"), else "word"."""
    words = text.split()
    last = "".join(ch for ch in words[-1] if ch.isalnum()) if words else ""
    return "acronym" if len(last) >= 2 and last.isupper() else "word"


@lru_cache(maxsize=20_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def words_of(text: str) -> list[str]:
    """Lower-case words and numbers of ``text``."""
    return list(_words(text))


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
    role: str = ""  # places: "actor", "location" or "" (see ``Span.role``)
    common: str = ""  # the form the document writes most
    definite_forms: tuple[str, ...] = ()  # forms written after "the"
    bare_forms: tuple[str, ...] = ()  # forms written with no determiner
    modifier_forms: tuple[str, ...] = ()  # forms written before a noun ("US policy")

    def surface(self, answer: str, article: str) -> str | None:
        """The form to offer against ``answer`` in a blank with ``article`` around it, if any.

        An acronym answer gets the candidate's acronym; otherwise the form the document writes
        most. After "the" only a form the document writes after "the" fits, and with no
        determiner only one it writes bare; a modifier slot ("_____ policy") takes any form.
        """
        preferred = [self.common or self.text, self.text, *self.forms]
        if article == "mod":
            preferred = [*self.modifier_forms, *preferred]
        if head_shape(answer) == "acronym" and len(answer.split()) == 1:
            preferred = [f for f in self.forms if head_shape(f) == "acronym"] + preferred
        fits: tuple[str, ...] | None = None
        if article == "other":
            return None
        if article == "the":
            fits = self.definite_forms
        elif article == "bare":
            fits = self.bare_forms
        for form in preferred:
            if fits is None or form in fits:
                return form
        return None


class DistractorPool:
    """Everything in a document that can serve as a wrong answer, grouped by kind."""

    def __init__(self, terms: list[Term], mentions: list[Span]) -> None:
        by_family: dict[str, dict[str, Candidate]] = {}
        seen_forms: set[str] = set()
        for term in terms:
            kind = family("NP" if term.kind == "ACRONYM" else term.kind, term.text)
            candidate = Candidate(
                term.text,
                kind,
                term.score,
                term.plural,
                term.proper,
                term.forms(),
                role=term.role,
                common=term.common or term.text,
                definite_forms=term.definite_forms,
                bare_forms=term.bare_forms,
                modifier_forms=term.modifier_forms,
            )
            by_family.setdefault(kind, {}).setdefault(term.text.lower(), candidate)
            seen_forms.update(form.lower() for form in term.forms())
        for mention in mentions:
            kind = family(mention.label, mention.text)
            if mention.text.lower() in seen_forms or len(mention.text.split()) > 5:
                continue
            score = 0.1 if kind == "NP" else 0.3
            candidate = Candidate(
                mention.text,
                kind,
                score,
                mention.plural,
                mention.proper,
                (mention.text,),
                role=mention.role,
                common=mention.text,
                definite_forms=(mention.text,) if mention.article == "the" else (),
                bare_forms=(mention.text,) if mention.article == "bare" else (),
                modifier_forms=(mention.text,) if mention.article == "mod" else (),
            )
            by_family.setdefault(kind, {}).setdefault(mention.text.lower(), candidate)
        self._by_family = {
            kind: sorted(found.values(), key=lambda c: (-c.score, c.text))
            for kind, found in by_family.items()
        }

    def candidates(self, kind: str) -> list[Candidate]:
        """Every candidate of one kind (see :func:`family`), best first."""
        return list(self._by_family.get(kind, []))

    def distractors_for(
        self,
        answer: str,
        label: str,
        *,
        plural: bool,
        avoid: tuple[str, ...] = (),
        count: int = 3,
        role: str = "",
        article: str = "",
    ) -> list[str]:
        """Up to ``count`` wrong answers for ``answer`` (of entity ``label``), best first.

        ``role`` is how the document uses the answer when it is a place ("actor"/"location");
        ``article`` is how the blank sits in its phrase ("the", "bare", "mod" or "" unknown).
        """
        kind = family(label, answer)
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
        shape = head_shape(answer)
        for candidate in self._by_family.get(kind, []):
            if len(chosen) >= count:
                break
            if kind == "NP" and (
                candidate.plural != plural
                or candidate.text[:1].isupper() != capital
                or abs(len(candidate.text.split()) - len(answer.split())) > 2
                or head_shape(candidate.text) != shape
            ):
                continue
            text = candidate.text
            if kind == "PLACE":
                if candidate.role and candidate.role != (role or "actor"):
                    continue  # an actor for a location, or the other way round; a place
                    # only ever used as a location is offered for locations only
                surface = candidate.surface(answer, article)
                if surface is None:
                    continue
                text = surface
            elif kind == "PERSON" and len(answer.split()) == 1:
                # A surname for a surname: "between Kim and Trump", not "… and Donald Trump".
                single = [f for f in candidate.forms if len(f.split()) == 1 and f[:1].isupper()]
                text = single[0] if single else text
            if any(not acceptable(form) for form in candidate.forms):
                continue
            chosen.append(text)
        return chosen


_RANGE = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:to|–|-)\s*\w",
    re.IGNORECASE,
)


def perturb_number(text: str) -> list[str]:
    """Nearby but different numbers or years: "October 2019" → "October 2018", …; [] if none,
    or for a range ("two to three months": changing one end gives "five to three months")."""
    if _RANGE.search(text):
        return []
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
