"""What every page's forms share: a service's error shown next to the field it names."""

from __future__ import annotations

from django import forms

from quizzes.errors import RetainError


def add_service_error(form: forms.BaseForm, error: RetainError) -> None:
    """Show a service's error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
