"""Query filters for ids and scores, bounded like every other number a client sends
(``core.bounds``); used by the selectors' filter sets, so pages and the API share them.

django-filter's ``NumberFilter`` takes any decimal (``1e400`` too) and hands it to the database;
``IdFilter`` takes 1 to 2⁶³−1 and ``ScoreFilter`` a finite number within ±1,000; anything else is
an invalid filter (the API's 400, a page's empty result).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from quizzes.core.bounds import ID_MAX

# Scores are shares or small counts; a bound keeps huge numbers from the database.
SCORE_BOUND = 1000.0


class IdFormField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    # The stubs type NumberFilter.field_class as DecimalField's; any number field works here.
    field_class = IdFormField  # type: ignore[assignment]


class ScoreFormField(forms.FloatField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -SCORE_BOUND)
        kwargs.setdefault("max_value", SCORE_BOUND)
        super().__init__(**kwargs)


@extend_schema_field({"type": "number", "minimum": -SCORE_BOUND, "maximum": SCORE_BOUND})
class ScoreFilter(django_filters.NumberFilter):
    field_class = ScoreFormField  # type: ignore[assignment]  # as IdFilter's
