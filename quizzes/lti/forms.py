"""Forms of the LMS integration's pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from quizzes.models import DeckRule, PlacementKind


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


class PlatformForm(forms.Form):
    name = forms.CharField(max_length=255, help_text="For you, e.g. “University Moodle”.")
    issuer = forms.CharField(max_length=255, help_text="The platform's issuer (iss), a URL.")
    client_id = forms.CharField(max_length=255, label="Client id")
    auth_url = forms.CharField(max_length=200, label="OIDC authorization (login) URL")
    token_url = forms.CharField(max_length=200, label="Access token URL")
    keyset_url = forms.CharField(max_length=200, label="Public keyset (JWKS) URL")
    deployment_ids = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Deployment ids",
        help_text="One per line.",
    )
    frame_origins = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Other sites that show Retain in a frame",
        help_text="One origin per line, e.g. https://school.instructure.com for hosted Canvas.",
    )

    def cleaned_lists(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["deployment_ids"] = _lines(data["deployment_ids"])
        data["frame_origins"] = _lines(data.get("frame_origins", ""))
        return data


class PlatformUpdateForm(forms.Form):
    is_active = forms.BooleanField(required=False, label="Launches from this platform are allowed")
    active_deployments = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Active deployments"
    )
    new_deployment_ids = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Add deployment ids",
        help_text="One per line.",
    )
    frame_origins = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Other sites that show Retain in a frame",
        help_text="One origin per line.",
    )

    def __init__(self, *args: Any, deployments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.MultipleChoiceField", self.fields["active_deployments"])
        field.choices = [(str(pk), name) for pk, name in deployments]

    def cleaned_lists(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "is_active": data["is_active"],
            "active_deployments": [int(pk) for pk in data["active_deployments"]],
            "new_deployment_ids": _lines(data.get("new_deployment_ids", "")),
            "frame_origins": _lines(data.get("frame_origins", "")),
        }


class PlacementForm(forms.Form):
    """The deep-linking picker: one activity, and for a deck what its grade counts."""

    choice = forms.CharField(error_messages={"required": "Choose an activity to add."})
    deck_rule = forms.ChoiceField(
        choices=DeckRule.choices,
        required=False,
        widget=forms.RadioSelect,
        label="For a deck, the grade counts",
        initial=DeckRule.MASTERY,
    )
    reviews_target = forms.IntegerField(required=False, min_value=1, label="Reviews expected")
    reviews_due_at = forms.DateTimeField(
        required=False,
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_choice(self) -> tuple[str, int | None]:
        kind, _, target = self.cleaned_data["choice"].partition(":")
        if kind not in PlacementKind.values:
            raise forms.ValidationError("Choose an activity to add.")
        try:
            return kind, int(target) if target else None
        except ValueError:
            raise forms.ValidationError("Choose an activity to add.") from None


class XapiSettingsForm(forms.Form):
    enabled = forms.BooleanField(required=False, label="Send xAPI statements to this LRS")
    endpoint = forms.CharField(
        max_length=500,
        required=False,
        label="LRS endpoint",
        help_text="The xAPI base URL, e.g. https://lrs.example.edu/xAPI/",
    )
    username = forms.CharField(max_length=200, required=False, label="Key (username)")
    password = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        label="Secret (password)",
        help_text="Leave empty to keep the stored one.",
    )
