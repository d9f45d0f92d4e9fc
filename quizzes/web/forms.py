"""Forms for the web pages. They check the shape of input; services check the meaning."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from quizzes import ingest
from quizzes.errors import RetainError


class SignupForm(UserCreationForm):
    join_code = forms.CharField(
        max_length=32, required=False, help_text="Optional: the code your instructor gave you."
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class JoinForm(forms.Form):
    join_code = forms.CharField(max_length=32, label="Join code")


class SourceForm(forms.Form):
    SOURCE_CHOICES = [
        ("paste", "Paste text"),
        ("upload", "Upload a file"),
        ("sample", "Use the sample article"),
    ]
    kind = forms.ChoiceField(
        choices=SOURCE_CHOICES, widget=forms.RadioSelect, initial="paste", label="Article from"
    )
    title = forms.CharField(
        max_length=300, required=False, help_text="Leave empty to use the article's first line."
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label="Article text",
        help_text=f"Plain text, Markdown or HTML; up to {ingest.MAX_CHARS:,} characters.",
    )
    file = forms.FileField(required=False, help_text="A .txt, .md or .html file up to 2 MB, UTF-8.")
    author = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=500, required=False, label="URL")
    licence = forms.CharField(max_length=300, required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "paste" and not (data.get("text") or "").strip():
            self.add_error("text", "Paste the article's text.")
        if kind == "upload" and not data.get("file"):
            self.add_error("file", "Choose a file to upload.")
        return data


def add_service_error(form: forms.Form, error: RetainError) -> None:
    """Show a service's error next to the field it names (or at the top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
