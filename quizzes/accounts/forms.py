"""The sign-up form (it checks the shape of input; services check the meaning)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm


class SignupForm(UserCreationForm):
    join_code = forms.CharField(
        max_length=32, required=False, help_text="Optional: the code your instructor gave you."
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name",
        help_text="What will use it, so you can tell your tokens apart (e.g. “phone”, “grading script”).",
    )
