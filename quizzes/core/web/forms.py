"""What every page's forms share: a service's error shown next to the field it names, and the
model choice fields whose choices are known per request."""

from __future__ import annotations

from typing import Any

from django import forms

from quizzes.errors import RetainError


def add_service_error(form: forms.BaseForm, error: RetainError) -> None:
    """Show a service's error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name``, to give it this request's queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field
