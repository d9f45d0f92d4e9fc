"""The pages' part of each kind of item: its form, its URL names, its templates' per-kind
partials and a few words. One set of views and templates serves both kinds through these."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Field

from quizzes.bank.kinds import CARD, QUESTION, ItemKind
from quizzes.bank.web.forms import CardForm, ItemForm, QuestionForm

ACTIONS = ("new", "detail", "edit", "approve", "reject", "undo", "delete", "bulk", "duplicates")
# The kind's own partials, ``quizzes/bank/_<kind>_<part>.html``: its editor's content fields, its
# preview, its answer key in lists and the queue, its own facts on its page.
PARTS = ("fields", "preview", "key", "facts")


@dataclass(frozen=True)
class Words:
    """What the pages call a kind's things."""

    list: str  # its list in the bank (breadcrumbs)
    new: str  # the editor's heading for a new one
    answer: str  # its answer, in a list ("Answer", "Back")


@dataclass(frozen=True)
class PageKind:
    item: ItemKind
    form: type[ItemForm]
    list_url: str  # the URL name of the kind's list in the bank
    words: Words
    urls: dict[str, str] = field(init=False)  # URL names by action: {% url kind.urls.edit pk %}
    parts: dict[str, str] = field(init=False)  # partials by part: {% include kind.parts.key %}

    def __post_init__(self) -> None:
        urls = {action: f"bank:{self.item.name}-{action}" for action in ACTIONS}
        object.__setattr__(self, "urls", {**urls, "list": self.list_url})
        parts = {part: f"quizzes/bank/_{self.item.name}_{part}.html" for part in PARTS}
        object.__setattr__(self, "parts", parts)

    @property
    def name(self) -> str:
        return self.item.name

    @property
    def plural(self) -> str:
        return self.item.plural

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def variant_label(self) -> str:
        """What the filters call the variant: "Type", "Kind" (the model field's name)."""
        field_name = self.item.variant.field
        model_field = self.item.model._meta.get_field(field_name)
        name = model_field.verbose_name if isinstance(model_field, Field) else field_name
        return str(name).capitalize()


QUESTION_PAGES = PageKind(
    item=QUESTION,
    form=QuestionForm,
    list_url="bank:bank",
    words=Words(list="Question bank", new="Write a question", answer="Answer"),
)
CARD_PAGES = PageKind(
    item=CARD,
    form=CardForm,
    list_url="bank:bank-cards",
    words=Words(list="Cards", new="Write a flashcard", answer="Back"),
)
PAGES = {page.name: page for page in (QUESTION_PAGES, CARD_PAGES)}
PAGES_BY_PLURAL = {page.plural: page for page in (QUESTION_PAGES, CARD_PAGES)}
