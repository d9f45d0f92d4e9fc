"""Forms for the study pages. They check the shape of input; the deck services check the meaning
(``quizzes.study.deck_options.check_options``), so the page and the API refuse the same values."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from quizzes.study.deck_options import OPTION_NAMES, DeckOptions

STEP_HELP = "Durations such as “1m 10m 1h”."


def _steps_text(minutes: Any) -> str:
    parts = []
    for value in minutes or ():
        value = float(value)
        if value >= 1440 and value % 1440 == 0:
            parts.append(f"{value / 1440:g}d")
        elif value >= 60 and value % 60 == 0:
            parts.append(f"{value / 60:g}h")
        elif value < 1:
            parts.append(f"{value * 60:g}s")
        else:
            parts.append(f"{value:g}m")
    return " ".join(parts)


class DeckOptionsForm(forms.Form):
    """The seven deck options. As the learner's overrides every field is optional: empty means
    "the instructor's default", shown as the placeholder."""

    desired_retention = forms.FloatField(
        label="Desired retention",
        min_value=0.70,
        max_value=0.97,
        help_text="How likely you want to be to remember a card when it is due: 0.70 to 0.97. "
        "Higher means more reviews.",
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_per_day = forms.IntegerField(label="New cards per day", min_value=0, max_value=9999)
    reviews_per_day = forms.IntegerField(
        label="Maximum reviews per day", min_value=0, max_value=99999
    )
    learning_steps = forms.CharField(label="Learning steps", help_text=STEP_HELP)
    relearning_steps = forms.CharField(label="Relearning steps", help_text=STEP_HELP)
    maximum_interval = forms.IntegerField(
        label="Maximum interval (days)", min_value=1, max_value=36500
    )
    leech_threshold = forms.IntegerField(
        label="Leech threshold (lapses)",
        min_value=1,
        max_value=99,
        help_text="A card forgotten this many times is suspended and tagged “leech”.",
    )

    def __init__(self, *args: Any, defaults: DeckOptions, overrides: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.overrides = overrides
        for name in OPTION_NAMES:
            field = self.fields[name]
            field.required = not overrides
            value = getattr(defaults, name)
            shown = _steps_text(value) if name.endswith("steps") else value
            if overrides:
                field.widget.attrs["placeholder"] = f"{shown} (default)"
            elif not self.is_bound:
                self.initial.setdefault(name, shown)
        for name in ("learning_steps", "relearning_steps"):
            self.fields[name].required = False

    def set_overrides(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            self.initial[name] = _steps_text(value) if name.endswith("steps") else value

    def options(self) -> dict[str, Any]:
        """The cleaned values for the deck services. An empty override is None (back to the
        default); empty steps in the defaults mean "no steps"."""
        out: dict[str, Any] = {}
        for name in OPTION_NAMES:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                value = None if self.overrides or not name.endswith("steps") else ""
            out[name] = value
        return out


class DeckSettingsForm(forms.Form):
    title = forms.CharField(max_length=200)
    published = forms.BooleanField(
        required=False, help_text="Students of the course see published decks only."
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        max_length=64,
        label="Your time zone",
        help_text="Your study day starts at 04:00 here, e.g. Europe/Paris.",
    )


class ArticleDeckForm(forms.Form):
    source = forms.TypedChoiceField(coerce=int, label="Article")

    def __init__(self, *args: Any, sources: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.TypedChoiceField", self.fields["source"]).choices = sources
