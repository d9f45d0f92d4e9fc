"""Frozen dataclasses passed between the generation stages.

Every stage is a plain function from some of these values to others; nothing here knows about
spaCy or Django, so results can be compared, hashed, serialised and stored as they are.
Offsets are character offsets into the *cleaned* text unless a field says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ItemType = Literal["mcq", "true_false", "cloze", "short_answer", "flashcard"]
ITEM_TYPES: tuple[ItemType, ...] = ("mcq", "true_false", "cloze", "short_answer", "flashcard")
Stance = Literal["fact", "opinion"]


class GenerationError(ValueError):
    """The input cannot be turned into items (empty, binary, not English, nothing left to use).

    The message is meant for the person who supplied the text.
    """


@dataclass(frozen=True)
class Options:
    """Knobs of one generation run; the same text with the same options gives the same result."""

    max_items: int = 80
    max_terms: int = 30
    max_claims: int = 50
    max_choices: int = 4
    # Items the keep model gives a lower probability of being kept stay out of the bank (see
    # items/keep.py); coverage may take back a key claim's best draft down to 0.3 below it
    # (listed after every item above the threshold).
    min_score: float = 0.5
    # Texts longer than this are refused with a clear error rather than parsed for minutes.
    max_chars: int = 300_000


@dataclass(frozen=True)
class Evidence:
    """A span of the cleaned text that an item, term or claim is grounded in."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class OffsetMap:
    """Maps cleaned-text offsets back to the original text.

    ``runs`` holds ``(clean_start, original_start, length)`` triples for stretches copied
    verbatim (or one-for-one character replacements); offsets between runs map to the end of
    the previous run.
    """

    runs: tuple[tuple[int, int, int], ...]

    def to_original(self, offset: int) -> int:
        """Return the original-text offset for a cleaned-text offset."""
        lo, hi = 0, len(self.runs)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.runs[mid][0] <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return 0
        clean_start, original_start, length = self.runs[lo - 1]
        return original_start + min(offset - clean_start, length)


@dataclass(frozen=True)
class RemovedText:
    """A piece of the original text that cleaning dropped, and why (shown by ``--explain``)."""

    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """The cleaned article: body paragraphs joined by blank lines, plus what was removed."""

    original: str
    text: str
    title: str
    paragraphs: tuple[tuple[int, int], ...]
    offsets: OffsetMap
    removed: tuple[RemovedText, ...] = ()
    # Indexes into ``paragraphs`` of list items ("• ...", "- ...", "1. ...") and of headings.
    bullets: tuple[int, ...] = ()
    headings: tuple[int, ...] = ()


@dataclass(frozen=True)
class Span:
    """A mention inside a sentence: an entity, a noun phrase or a number."""

    start: int
    end: int
    text: str
    label: str  # spaCy entity label, or "NP" for a noun phrase
    plural: bool = False
    proper: bool = False
    key: str = ""  # case-folded, head-lemmatised form: mentions with one key are one term
    head: int = -1  # token index of the phrase's head in the parse
    # How a place is used here: "actor" (subject, possessor, modifier: "US policy"), "location"
    # (after "in"/"at"/"from"), or "" when the sentence does not tell. Empty for non-places.
    role: str = ""
    # For places, how the phrase sits in its noun phrase: "the" ("the United States"), "bare"
    # (no determiner: "Japan"), "mod" (modifies a noun: "US policy"), "other" (after "a", "this":
    # no name can be swapped in), or "" (not a place).
    article: str = ""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text, with what the parse told us about it."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    finite: bool
    subject: Span | None
    subject_is_pronoun: bool
    mentions: tuple[Span, ...]
    lemmas: tuple[str, ...]
    token_start: int
    token_end: int
    bullet: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Term:
    """A key term: its preferred surface form, aliases, definition and salience."""

    text: str
    kind: str  # entity label (PERSON, GPE, ...), "ACRONYM" or "NP"
    aliases: tuple[str, ...]
    definition: str | None
    score: float
    evidence: Evidence
    mentions: int
    plural: bool = False
    proper: bool = False
    definition_evidence: Evidence | None = None
    # For places: "actor" or "location" when the document uses it one way (see ``Span.role``).
    role: str = ""
    # The form the document writes most often as a name of this thing ("US" over "United
    # States"); distractors use it so a swapped-in name reads like the article.
    common: str = ""
    # Forms the document writes after "the" ("the United States"), and without a determiner
    # ("Japan"), when they head their phrase: a swapped-in name must fit the article around it.
    definite_forms: tuple[str, ...] = ()
    bare_forms: tuple[str, ...] = ()
    # Forms written as a modifier ("US policy", "North Korean policy"), preferred in such slots.
    modifier_forms: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        return (self.text, *self.aliases)

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "definition": self.definition,
            "score": round(self.score, 4),
            "evidence": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class Claim:
    """A declarative sentence worth testing, cleaned of discourse markers.

    ``text`` stands alone (markers stripped, a leading pronoun replaced by its referent);
    ``enumeration`` names the set the claim belongs to ("four fundamental truths ...").
    """

    text: str
    stance: Stance
    score: float
    evidence: Evidence
    sentence: int
    enumeration: str | None = None
    resolved_from: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "stance": self.stance,
            "score": round(self.score, 4),
            "evidence": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class Tested:
    """What an item tests: a key term or a key claim."""

    kind: Literal["term", "claim"]
    text: str


@dataclass(frozen=True)
class ItemDraft:
    """A generated question or card before (and after) the quality gate."""

    type: ItemType
    prompt: str
    answer: str
    tests: Tested
    evidence: Evidence
    generator: str
    score: float
    choices: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    explanation: str = ""
    # The one controlled edit behind a false true/false statement: (kind, original, replacement).
    edit: tuple[str, str, str] | None = None
    # What the ranker saw: (feature, value) pairs behind ``score`` (shown by ``--explain``).
    features: tuple[tuple[str, float], ...] = ()
    # A true statement's false twin (one safe swap), put in its place for about half of the
    # kept statements after ranking (``quality.balance_truth``): not part of the JSON.
    false_variant: ItemDraft | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "prompt": self.prompt,
            "answer": self.answer,
            "choices": list(self.choices),
            "accepted": list(self.accepted),
            "explanation": self.explanation,
            "tests": {"kind": self.tests.kind, "text": self.tests.text},
            "generator": self.generator,
            "score": round(self.score, 4),
            "evidence": self.evidence.as_dict(),
        }


@dataclass(frozen=True)
class Rejection:
    """An item the quality gate refused, with every reason it failed."""

    item: ItemDraft
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"type": self.item.type, "prompt": self.item.prompt, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Generation:
    """Everything one run produced."""

    document: Document
    words: int
    terms: tuple[Term, ...]
    claims: tuple[Claim, ...]
    items: tuple[ItemDraft, ...]
    rejected: tuple[Rejection, ...]
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)
