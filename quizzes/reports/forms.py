"""The shape of a report and of its resolution on the pages (the services check the meaning)."""

from __future__ import annotations

from django import forms

from quizzes.models import ReportReason, ReportStatus
from quizzes.reports.services import MAX_NOTE, MAX_RESPONSE


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=(("question", "question"), ("card", "card")))
    item = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = forms.ChoiceField(
        choices=ReportReason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Tell the instructor more (optional)",
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=((ReportStatus.FIXED, "Fixed"), (ReportStatus.DISMISSED, "Dismissed"))
    )
    response = forms.CharField(required=False, max_length=MAX_RESPONSE)
