"""The two kinds of bank item, as two configurations of one lifecycle.

A question and a flashcard go through the same life: written (or generated) as a draft, edited
into versions, tagged, linked to the article's terms and claims, approved or rejected, deleted or
archived, every step audited. What differs is data, and it is named here once per kind: the
models, the content fields and their rules, how an item's variant is called (a question's
``type``, a card's ``kind``), where the current content is kept, and a few words for messages.
``quizzes.bank.services.items`` holds the lifecycle, the selectors the reads, and the web and
API layers their own per-kind parts (forms and templates, serializers) on top of these.

Where the current content lives is the one real difference in storage. A question's row points
at its current ``QuestionVersion`` (``current``): quizzes pin versions, attempts keep theirs. A
card's row holds a copy of its current content, because the study queue reads cards by the
thousand and must not join; its ``CardVersion``s are the history, and a card stored by the
generator has none until its first edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from quizzes.bank.compare import gist
from quizzes.bank.preview import card_preview, question_preview
from quizzes.bank.rules import (
    CARD_KINDS,
    QUESTION_TYPES,
    Problem,
    clean_card,
    clean_question,
    correct_answer_text,
)
from quizzes.models import Card, CardVersion, Question, QuestionVersion

BankItem = Question | Card
Version = QuestionVersion | CardVersion
Content = dict[str, Any]


@dataclass(frozen=True)
class Variant:
    """How items of a kind vary: a question's ``type``, a card's ``kind`` (the model's field)."""

    field: str
    choices: tuple[str, ...]
    # A card may change kind (its content is checked again); a question's type is fixed, since
    # its versions must stay comparable and quizzes grade by type.
    editable: bool
    # Labels by generator for a variant that several generated forms share: (variant, generator
    # or its prefix) → label. A why card is a "basic" card, but "Term → definition" misleads the
    # reviewer about what it asks.
    forms: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ItemKind:
    """One kind of bank item: what the shared lifecycle needs to know about it."""

    name: str  # "question" or "card": messages, the audit event's and the version's link
    plural: str
    model: type[Question] | type[Card]
    version_model: type[QuestionVersion] | type[CardVersion]
    related: tuple[str, ...]  # what lists and pages preload with each item
    current_on_row: bool  # the row holds the current content (cards) or points at it (questions)
    groups_siblings: bool  # items from one term or claim are siblings (cards: one buries the rest)
    used: str  # what students do with it: "seen" (questions) or "studied" (cards)
    variant: Variant
    content_fields: tuple[str, ...]  # the versioned content, named as on the version model
    blank: Mapping[str, Any]  # empty content: what a field left out of a replacement becomes
    label_field: str  # the content field that names an item in a list (its prompt, its front)
    gist_fields: tuple[str, ...]  # what duplicate detection reads
    # Tidy content for a variant and list its problems (``quizzes.bank.rules``).
    clean: Callable[[str, Mapping[str, Any]], tuple[Content, list[Problem]]]
    # What a reviewer sees (``quizzes.bank.preview``): prompt, answer, explanation and more.
    preview: Callable[[str, Mapping[str, Any]], Content]
    # What the item asks, as one text to compare for near-duplicates (``compare.gist``).
    gist: Callable[[str, Mapping[str, Any]], str]

    @property
    def title(self) -> str:
        return self.name.capitalize()

    def variant_of(self, item: BankItem) -> str:
        return str(getattr(item, self.variant.field))

    def variant_label(self, item: BankItem) -> str:
        """The variant as people read it ("Multiple choice", "Term → definition", "Why → reason"
        for a generated why card)."""
        forms = self.variant.forms.get(self.variant_of(item), {})
        for generator, label in forms.items():
            if item.generator.startswith(generator):
                return label
        return str(getattr(item, f"get_{self.variant.field}_display")())

    def content_of(self, item: BankItem) -> Content:
        """The item's current content as plain values (``content_fields``)."""
        holder = item if self.current_on_row else getattr(item, "current", None)
        if holder is None:
            return dict(self.blank)
        return {name: getattr(holder, name) for name in self.content_fields}

    def preview_of(self, item: BankItem) -> Content:
        return self.preview(self.variant_of(item), self.content_of(item))

    def evidence_of(self, item: BankItem) -> tuple[int, int, str]:
        """``(start, end, text)`` of the article sentence the item comes from."""
        holder = item.current if isinstance(item, Question) else item
        if holder is None:
            return 0, 0, ""
        return holder.evidence_start, holder.evidence_end, holder.evidence_text

    def stored(self, field_name: str) -> str:
        """The lookup path of a content field from the item's table (for ``values()``)."""
        return field_name if self.current_on_row else f"current__{field_name}"

    def topic(self, item: BankItem) -> str:
        """What the item tests: its sibling group, else its claim, else its term, else itself."""
        if self.groups_siblings and isinstance(item, Card) and item.sibling_key:
            return str(item.sibling_key)
        if item.claim_id:
            return f"claim:{item.claim_id}"
        if item.term_id:
            return f"term:{item.term_id}"
        return f"item:{item.pk}"


def current_set(item: BankItem, version: Version) -> Question:
    """Point a question at its current version (a card holds its current content on its row)."""
    if not (isinstance(item, Question) and isinstance(version, QuestionVersion)):
        raise TypeError(f"A {type(item).__name__} has no current version to point at")
    item.current = version
    return item


def _clean_question(type: str, content: Mapping[str, Any]) -> tuple[Content, list[Problem]]:
    tidy, problems = clean_question(type, **content)
    return tidy.as_dict(), problems


def _clean_card(kind: str, content: Mapping[str, Any]) -> tuple[Content, list[Problem]]:
    tidy, problems = clean_card(
        kind,
        front=str(content.get("front") or ""),
        back=str(content.get("back") or ""),
        extra=str(content.get("extra") or ""),
    )
    return tidy.as_dict(), problems


def _question_gist(type: str, content: Mapping[str, Any]) -> str:
    return gist(str(content.get("prompt") or ""), correct_answer_text(type, content))


def _card_gist(kind: str, content: Mapping[str, Any]) -> str:
    return gist(str(content.get("front") or ""), str(content.get("back") or ""))


QUESTION = ItemKind(
    name="question",
    plural="questions",
    model=Question,
    version_model=QuestionVersion,
    related=("current", "current__created_by", "source", "term", "claim"),
    current_on_row=False,
    groups_siblings=False,
    used="seen",
    variant=Variant("type", QUESTION_TYPES, editable=False),
    content_fields=("prompt", "choices", "accepted", "truth", "explanation", "difficulty"),
    blank={
        "prompt": "",
        "choices": [],
        "accepted": [],
        "truth": None,
        "explanation": "",
        "difficulty": None,
    },
    label_field="prompt",
    gist_fields=("prompt", "choices", "accepted", "truth"),
    clean=_clean_question,
    preview=question_preview,
    gist=_question_gist,
)

# The generated forms stored as "basic" cards, besides definitions (docs/generation.md).
BASIC_CARD_FORMS = {
    "flashcard.why": "Why → reason",
    "flashcard.consequence": "What follows",
    "flashcard.contrast": "Contrast",
    "flashcard.enumeration": "Name the set",
    "flashcard.claim": "Question → answer",
    "flashcard.wh_": "Question → answer",
}

CARD = ItemKind(
    name="card",
    plural="cards",
    model=Card,
    version_model=CardVersion,
    related=("source", "term", "claim"),
    current_on_row=True,
    groups_siblings=True,
    used="studied",
    variant=Variant("kind", CARD_KINDS, editable=True, forms={"basic": BASIC_CARD_FORMS}),
    content_fields=("kind", "front", "back", "extra"),
    blank={"kind": "basic", "front": "", "back": "", "extra": ""},
    label_field="front",
    gist_fields=("front", "back"),
    clean=_clean_card,
    preview=card_preview,
    gist=_card_gist,
)

KINDS = {kind.name: kind for kind in (QUESTION, CARD)}


def kind_of(item: BankItem) -> ItemKind:
    return QUESTION if isinstance(item, Question) else CARD
