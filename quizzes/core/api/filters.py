"""Query filters for ids, bounded like every other id (``core.bounds``).

django-filter's ``NumberFilter`` takes any decimal (``1e400`` too) and hands it to the database;
``IdFilter`` takes 1 to 2⁶³−1 and answers anything else with the API's 400.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from quizzes.core.bounds import ID_MAX


class IdFormField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    field_class = IdFormField
