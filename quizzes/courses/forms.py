"""Forms for the course pages: a new course, joining one by its code."""

from __future__ import annotations

from django import forms


class CourseForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class JoinForm(forms.Form):
    join_code = forms.CharField(max_length=32, label="Join code")
