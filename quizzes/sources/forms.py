"""The form for adding an article (paste, upload or the sample)."""

from __future__ import annotations

from typing import Any

from django import forms

from quizzes.sources import ingest


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
        max_length=300,
        required=False,
        help_text="Leave empty to use the article's own title or first heading.",
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == "paste" and not (data.get("text") or "").strip():
            self.add_error("text", "Paste the article's text.")
        if kind == "upload" and not data.get("file"):
            self.add_error("file", "Choose a file to upload.")
        return data


class TitleForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title")
