"""Forms for the quiz pages: settings, slots, regrade, and reading a take page's answers.

They check the shape of input; the services check the meaning (and their errors are shown next
to the field they name).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from quizzes.core.web.forms import model_choice_field
from quizzes.models import Question, QuestionType, Quiz, Source, Tag
from quizzes.models.quizzes import REVIEW_ITEMS, REVIEW_PHASES
from quizzes.quiz.services.quizzes import SETTINGS

PHASE_LABELS = {
    "during": "During the attempt (for answers the student checks)",
    "after_submit": "Right after submitting",
    "after_close": "After the quiz closes",
}
ITEM_LABELS = {
    "score": "Score",
    "correctness": "Which answers were right",
    "answers": "The correct answers",
    "explanations": "Explanations with the source sentence",
}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class QuizSettingsForm(forms.ModelForm):
    """Every quiz setting; the review policy fields are laid out as a phase × item grid."""

    class Meta:
        model = Quiz
        fields = list(SETTINGS)
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        labels = {
            "time_limit_minutes": "Time limit (minutes)",
            "grace_seconds": "Grace period (seconds)",
            "max_attempts": "Attempts allowed",
            "pass_mark": "Pass mark (%)",
            "layout": "Pages",
        }
        help_texts = {
            "time_limit_minutes": "Leave empty for no limit.",
            "grace_seconds": "Answers saved this long after the deadline still count.",
            "max_attempts": "Leave empty for unlimited.",
            "opens_at": "Leave empty to open as soon as it is published.",
            "closes_at": "Leave empty to keep it open.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for phase in REVIEW_PHASES:
            for item in REVIEW_ITEMS:
                self.fields[f"review_{phase}_{item}"].label = ITEM_LABELS[item]
        for name in ("opens_at", "closes_at"):
            field = self.fields[name]
            if isinstance(field, forms.DateTimeField):
                field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    # Display order: the two shuffle boxes side by side after the menus.
    LAYOUT_ORDER = (
        "title",
        "instructions",
        "opens_at",
        "closes_at",
        "time_limit_minutes",
        "grace_seconds",
        "max_attempts",
        "grading_method",
        "pass_mark",
        "layout",
        "shuffle_questions",
        "shuffle_choices",
    )

    def settings_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.LAYOUT_ORDER]

    def review_grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (PHASE_LABELS[phase], [self[f"review_{phase}_{item}"] for item in REVIEW_ITEMS])
            for phase in REVIEW_PHASES
        ]


class QuestionChoiceField(forms.ModelChoiceField):
    """A question by its type and the start of its prompt."""

    def label_from_instance(self, obj: Question) -> str:
        prompt = obj.current.prompt if obj.current else ""
        return f"{obj.get_type_display()}: {prompt[:90]}"


class FixedSlotForm(forms.Form):
    question = QuestionChoiceField(queryset=None, label="Question", empty_label=None)
    pin = forms.BooleanField(
        required=False,
        label="Pin its current version",
        help_text="Otherwise each new attempt gets its latest approved version.",
    )
    points = forms.FloatField(initial=1, min_value=0.1, max_value=100)

    def __init__(
        self, data: QueryDict | None = None, *, questions: QuerySet[Question], **kwargs: Any
    ) -> None:
        super().__init__(data, prefix="fixed", **kwargs)
        model_choice_field(self, "question").queryset = questions


class RandomSlotForm(forms.Form):
    count = forms.IntegerField(initial=3, min_value=1, max_value=100, label="How many")
    source: forms.ModelChoiceField[Source] = forms.ModelChoiceField(
        queryset=None, required=False, label="From the article", empty_label="Any article"
    )
    tag: forms.ModelChoiceField[Tag] = forms.ModelChoiceField(
        queryset=None, required=False, label="With the tag", empty_label="Any tag"
    )
    type = forms.ChoiceField(
        choices=[("", "Any type"), *QuestionType.choices], required=False, label="Of the type"
    )
    points = forms.FloatField(initial=1, min_value=0.1, max_value=100, label="Points each")

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        sources: QuerySet[Source],
        tags: QuerySet[Tag],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, prefix="random", **kwargs)
        model_choice_field(self, "source").queryset = sources
        model_choice_field(self, "tag").queryset = tags


class FromSourceForm(forms.Form):
    source: forms.ModelChoiceField[Source] = forms.ModelChoiceField(
        queryset=None, label="Article", empty_label=None
    )

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "source").queryset = sources


class RegradeForm(forms.Form):
    question = QuestionChoiceField(queryset=None, label="Fixed question", empty_label=None)
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Preview only (change nothing)"
    )

    def __init__(
        self, data: QueryDict | None = None, *, questions: QuerySet[Question], **kwargs: Any
    ) -> None:
        super().__init__(data, prefix="regrade", **kwargs)
        model_choice_field(self, "question").queryset = questions


def posted_answer(data: QueryDict, slot: int, qtype: str, blanks: int) -> Any:
    """The answer a plain form post carries for ``slot`` (``None`` when empty), in the shape the
    service stores: a choice id, a list of ids, "true"/"false", a list per blank, or text."""
    name = f"answer-{slot}"
    if qtype == QuestionType.MCQ_MULTI:
        return data.getlist(name) or None
    if qtype == QuestionType.CLOZE:
        parts = [data.get(f"{name}-{n}", "") for n in range(1, blanks + 1)]
        return parts if any(p.strip() for p in parts) else None
    value = data.get(name)
    return value if value not in (None, "") else None


def posted_flags(data: QueryDict) -> dict[int, bool]:
    """The flags a take page's form carries: ``{slot: flagged}`` for each question it showed
    (``flaggable``; an unticked box sends nothing, so it reads as not flagged)."""
    slots = {int(s) for s in data.getlist("flaggable") if s.isdigit()}
    return {slot: data.get(f"flag-{slot}") == "on" for slot in sorted(slots)}
