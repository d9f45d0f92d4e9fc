"""Forms for the bank's pages. They check the shape of the input; ``quizzes.bank.rules`` (through
the services) checks the meaning, and its problems are shown next to the field they name.

``ItemForm`` is what every item's editor shares (tags, article, term, claim; the content it
holds, shown in a preview); ``QuestionForm`` and ``CardForm`` add each kind's content fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.forms import BaseFormSet, formset_factory

from quizzes.bank.kinds import CARD, QUESTION, ItemKind
from quizzes.bank.rules import MAX_CHOICES, MULTIPLE_CHOICE
from quizzes.bank.selectors.links import link_choices
from quizzes.bank.services.best import MAX_BEST
from quizzes.bank.services.bulk import BULK_ACTIONS
from quizzes.core.web.forms import model_choice_field
from quizzes.errors import BankContentError, RetainError
from quizzes.models import CardKind, Claim, Course, RejectReason, Source, Term

PROMPT_LABELS = {
    "mcq": "Question",
    "mcq_multi": "Question",
    "true_false": "Statement",
    "cloze": "Sentence with a blank",
    "short_answer": "Question",
}
PROMPT_HELP = {
    "true_false": "A statement students judge true or false (not a question).",
    "cloze": "Mark the blank with ___ (three or more underscores), or write {{the answer}} in "
    "double braces.",
}
ACCEPTED_HELP = (
    "One per line. The first is the answer students are shown; the others are aliases. Matching "
    "ignores case, punctuation, extra spaces and a leading “a”, “an” or “the”."
)
LINKS = ("source", "term", "claim")


class ClaimChoiceField(forms.ModelChoiceField):
    """A claim by its text, cut to 90 characters."""

    def label_from_instance(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"


class ItemForm(forms.Form):
    """An item's editor: its kind's content fields (subclasses), tags, and what it belongs to
    (article, term, claim), limited to one course.

    ``content`` is the item's content to start from (its current version, or a blank); the
    preview shows it until the form holds valid input.
    """

    item_kind: ClassVar[ItemKind]
    # Fields the form shows in its own way (a formset), whose problems it keeps apart.
    elsewhere_fields: ClassVar[tuple[str, ...]] = ()

    tags = forms.CharField(
        required=False,
        max_length=600,
        help_text="Separate tags with commas, e.g. “week 1, sanctions”.",
    )
    source: forms.ModelChoiceField[Source] = forms.ModelChoiceField(
        queryset=None, required=False, label="Article", empty_label="No article"
    )
    term: forms.ModelChoiceField[Term] = forms.ModelChoiceField(
        queryset=None, required=False, label="Term it tests", empty_label="None"
    )
    claim = ClaimChoiceField(
        queryset=None, required=False, label="Claim it tests", empty_label="None"
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        course: Course,
        variant: str,
        content: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.variant = variant
        self.start = {**self.item_kind.blank, **(content or {})}
        super().__init__(data, initial={**self.initial_from(self.start), **(initial or {})})
        choices = link_choices(course)
        model_choice_field(self, "source").queryset = choices.sources
        model_choice_field(self, "term").queryset = choices.terms
        model_choice_field(self, "claim").queryset = choices.claims
        self.fields["tags"].widget.attrs.update({"list": "tag-names", "autocomplete": "off"})
        self.elsewhere: dict[str, list[str]] = {name: [] for name in self.elsewhere_fields}

    def initial_from(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """The form's initial values for this content."""
        return dict(content)

    def content(self) -> dict[str, Any]:
        """The content the form holds (valid forms only), by the kind's field names."""
        raise NotImplementedError

    def tag_list(self) -> list[str]:
        return [t for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]

    def links(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in LINKS}

    def shown_variant(self) -> str:
        return self.variant

    def tidy(self) -> tuple[str, dict[str, Any]]:
        """The variant and the tidy content the form holds: its input when valid, else where it
        started (for the preview and the live duplicate check)."""
        content = self.content() if self.is_bound and self.is_valid() else self.start
        kind, variant = self.item_kind, self.shown_variant()
        given = {n: content.get(n, kind.blank[n]) for n in kind.content_fields}
        tidy, _problems = kind.clean(variant, given)
        return variant, tidy

    def preview(self) -> dict[str, Any]:
        return self.item_kind.preview(*self.tidy())

    def add_bank_error(self, error: RetainError) -> None:
        """Show a bank error next to each field it names; problems of fields the form shows in its
        own way go to ``elsewhere[field]``, and anything else to the form's top."""
        problems = (
            error.problems
            if isinstance(error, BankContentError)
            else [(error.field, error.message)]
        )
        for field, message in problems:
            if field in self.fields:
                self.add_error(field, message)
            elif field in self.elsewhere:
                self.elsewhere[field].append(message)
            else:
                self.add_error(None, message)


class QuestionForm(ItemForm):
    item_kind = QUESTION
    elsewhere_fields = ("choices",)

    # Not required here: the bank's rules say what is missing, in words that fit the type.
    prompt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    accepted = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Accepted answers",
        help_text=ACCEPTED_HELP,
    )
    truth = forms.TypedChoiceField(
        choices=[("true", "True"), ("false", "False")],
        coerce=lambda v: v == "true",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        label="The statement is",
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Shown after answering. Cite the article's sentence if it helps.",
    )
    difficulty = forms.TypedChoiceField(
        choices=[("", "Not set"), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="1 (easy) to 5 (hard).",
    )

    field_order = ["prompt", "accepted", "truth", "explanation", "difficulty", "tags"]

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        type = self.variant
        self.fields["prompt"].label = PROMPT_LABELS.get(type, "Question")
        self.fields["prompt"].help_text = PROMPT_HELP.get(type, "")
        if type not in ("cloze", "short_answer"):
            del self.fields["accepted"]
        if type != "true_false":
            del self.fields["truth"]
        # A new question starts with four empty choices; an edit offers one more.
        self.formset = (
            choice_formset(
                data=data,
                initial=[dict(c) for c in self.start["choices"]],
                blank=1 if self.start["choices"] else 4,
            )
            if type in MULTIPLE_CHOICE
            else None
        )

    def initial_from(self, content: Mapping[str, Any]) -> dict[str, Any]:
        truth = content.get("truth")
        return {
            "prompt": content.get("prompt", ""),
            "accepted": "\n".join(content.get("accepted") or []),
            "truth": "" if truth is None else ("true" if truth else "false"),
            "explanation": content.get("explanation", ""),
            "difficulty": content.get("difficulty") or "",
        }

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.formset is None or self.formset.is_valid()) and valid

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {
            "type": self.variant,
            "prompt": data.get("prompt", ""),
            "explanation": data.get("explanation", ""),
            "difficulty": data.get("difficulty"),
        }
        if "accepted" in self.fields:
            out["accepted"] = data.get("accepted", "").splitlines()
        if "truth" in self.fields:
            out["truth"] = data.get("truth")
        if self.formset is not None:
            out["choices"] = choices_from(self.formset)
        return out


class ChoiceForm(forms.Form):
    id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=8)
    text = forms.CharField(required=False, label="Choice text", max_length=1000)
    correct = forms.BooleanField(required=False, label="Correct")


def choice_formset(
    *, data: Any = None, initial: list[dict[str, Any]] | None = None, blank: int = 1
) -> BaseFormSet:
    """The choices of a multiple-choice question: reorderable, removable, ``blank`` empty rows."""
    factory = formset_factory(
        ChoiceForm,
        extra=blank,
        can_order=True,
        can_delete=True,
        max_num=MAX_CHOICES,
        absolute_max=MAX_CHOICES + 4,
    )
    return factory(data=data, initial=initial, prefix="choices")


def choices_from(formset: BaseFormSet) -> list[dict[str, Any]]:
    """The formset's choices in the order the instructor gave them; empty rows are left out."""
    return [
        {
            "id": form.cleaned_data.get("id", ""),
            "text": form.cleaned_data.get("text", ""),
            "correct": form.cleaned_data.get("correct", False),
        }
        for form in formset.ordered_forms
        if form.cleaned_data.get("text", "").strip() or form.cleaned_data.get("correct")
    ]


class CardForm(ItemForm):
    item_kind = CARD

    kind = forms.ChoiceField(
        choices=CardKind.choices, widget=forms.RadioSelect, initial=CardKind.BASIC
    )
    front = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a cloze card: the text with a blank (___), or with {{the answer}} in "
        "double braces.",
    )
    back = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    extra = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Shown with the answer: a source sentence, a mnemonic.",
    )

    field_order = ["kind", "front", "back", "extra", "tags"]

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in CARD.content_fields}

    def shown_variant(self) -> str:
        if self.is_bound and self.is_valid():
            return str(self.cleaned_data.get("kind") or CardKind.BASIC)
        return str(self.start.get("kind") or CardKind.BASIC)


class BulkForm(forms.Form):
    ACTIONS = [
        ("approve", "Approve"),
        ("reject", "Reject"),
        ("tag", "Add tag"),
        ("untag", "Remove tag"),
    ]
    action = forms.ChoiceField(choices=[a for a in ACTIONS if a[0] in BULK_ACTIONS])
    tags = forms.CharField(required=False, max_length=60, label="Tag")
    scope = forms.ChoiceField(
        choices=[("selected", "Selected items"), ("filtered", "Every item matching the filters")],
        initial="selected",
        widget=forms.RadioSelect,
        label="Apply to",
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the bulk service refuses ids outside the user's courses.
        ids = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        ids_field = self.fields["ids"]
        if isinstance(ids_field, forms.ChoiceField):
            ids_field.choices = [(i, i) for i in ids]
        self.fields["tags"].widget.attrs.update({"list": "tag-names", "autocomplete": "off"})


class RejectForm(forms.Form):
    category = forms.ChoiceField(
        choices=[("", "No reason given"), *RejectReason.choices], required=False, label="Why?"
    )
    reason = forms.CharField(required=False, max_length=500, label="Note")


class ApproveBestForm(forms.Form):
    """How many of an article's best drafts to approve, and of which kind."""

    kind = forms.ChoiceField(choices=[("questions", "questions"), ("cards", "cards")])
    count = forms.IntegerField(min_value=1, max_value=MAX_BEST)
