"""The import form: a file, its format (or "detect it") and, optionally, an article to file the
imported items under (they then appear in that article's review queue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from quizzes.core.web.forms import model_choice_field
from quizzes.interop.formats import import_formats
from quizzes.interop.safety import MAX_FILE_BYTES
from quizzes.models import Source


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=(
            "Moodle XML (.xml), GIFT (.gift or .txt), a QTI package (.zip), an Anki package "
            f"(.apkg), CSV or TSV, Quizlet or Anki text (.txt); at most {MAX_FILE_BYTES // 1_048_576} MB."
        ),
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[("", "Detect it from the file")] + [(f.name, f.label) for f in import_formats()],
    )
    source = forms.ModelChoiceField(
        label="File the items under an article (optional)",
        required=False,
        queryset=Source.objects.none(),
        empty_label="No article",
        help_text="The imported drafts then also appear in that article's review queue.",
    )

    def __init__(self, *args: Any, sources: QuerySet[Source] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sources is not None:
            model_choice_field(self, "source").queryset = sources


class ImportDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("confirm", "Import"), ("cancel", "Cancel")])
