"""The API's part of each kind of item: its serializers (``api.serializers``), its filters, and
what a replacement (PUT) gives the fields it leaves out. ``api.views`` serves both kinds with
one set of views built from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django_filters import FilterSet

from quizzes.bank.api import serializers as io
from quizzes.bank.api.serializers import Shape
from quizzes.bank.kinds import CARD, QUESTION, ItemKind
from quizzes.bank.selectors.filters import FILTERS


@dataclass(frozen=True)
class ApiKind:
    """The API's part of one kind of item: its serializers and how a replacement fills gaps."""

    item: ItemKind
    # What PUT gives a content field left out ("replace the content": emptied, but not the
    # required ones, and not a card's kind).
    replace_blanks: dict[str, Any]
    output: Shape
    fields: Shape  # what PATCH and PUT take
    create_input: Shape
    version_output: Shape
    # The same extensions of the kind's shapes for both kinds (``io.created_output`` …).
    create_output: Shape = field(init=False)
    update_output: Shape = field(init=False)
    version_history_output: Shape = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "create_output", io.created_output(self.output, self.item))
        object.__setattr__(self, "update_output", io.updated_output(self.output))
        object.__setattr__(self, "version_history_output", io.history_output(self.version_output))

    @property
    def filterset(self) -> type[FilterSet]:
        return FILTERS[self.item.name]


QUESTION_API = ApiKind(
    item=QUESTION,
    replace_blanks={
        "choices": [],
        "accepted": [],
        "truth": None,
        "explanation": "",
        "difficulty": None,
    },
    output=io.QuestionOutput,
    fields=io.QuestionFields,
    create_input=io.QuestionCreateInput,
    version_output=io.VersionOutput,
)
CARD_API = ApiKind(
    item=CARD,
    replace_blanks={"extra": ""},
    output=io.CardOutput,
    fields=io.CardFields,
    create_input=io.CardCreateInput,
    version_output=io.CardVersionOutput,
)
