"""Serializer fields for the numbers a client sends, bounded as ``quizzes.core.bounds`` says.

Use these instead of a bare ``serializers.IntegerField`` for any input: an id is 1 to 2⁶³−1, any
other integer fits a 32-bit column unless it says otherwise, a list of ids is at most
``ID_LIST_MAX`` long (refused before any work). The bounds are in the OpenAPI schema too.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from quizzes.core.bounds import ID_LIST_MAX, ID_MAX, INT_MAX


class IdField(serializers.IntegerField):
    """The id of a row (1 to 2⁶³−1)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class BoundedIntegerField(serializers.IntegerField):
    """An integer a client sends: 0 to 2³¹−1 unless ``min_value``/``max_value`` say otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", INT_MAX)
        super().__init__(**kwargs)


class BoundedFloatField(serializers.FloatField):
    """A finite number between ``min_value`` and ``max_value`` (both required: an unbounded float
    lets ``inf`` in, which no JSON answer can carry back)."""

    def __init__(self, *, min_value: float, max_value: float, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class IdListField(serializers.ListField):
    """A list of ids, at most ``ID_LIST_MAX`` (``max_length``) of them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", IdField())
        kwargs.setdefault("max_length", ID_LIST_MAX)
        super().__init__(**kwargs)
