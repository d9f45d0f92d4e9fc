"""What every bank endpoint shares: its error responses, the base view, and the
serializers questions and cards have in common (choices, evidence, links, events, bulk)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from quizzes.bank.selectors.items import links_resolve
from quizzes.bank.services.bulk import BULK_ACTIONS
from quizzes.core.api.errors import error_response
from quizzes.models import Course

NOT_FOUND = error_response("No such item in a course you teach (students always get this).")
BAD_FILTER = OpenApiResponse(
    description="A filter value is not valid (e.g. an unknown type): {filter: [messages]}."
)


# --- Serializers shared by questions and cards


class ChoiceIO(serializers.Serializer):
    id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=8,
        help_text="Kept across versions; omit for new.",
    )
    text = serializers.CharField(allow_blank=True)
    correct = serializers.BooleanField(default=False)


class EvidenceOutput(serializers.Serializer):
    start = serializers.IntegerField(source="evidence_start")
    end = serializers.IntegerField(source="evidence_end")
    text = serializers.CharField(source="evidence_text")


class LinkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    similarity = serializers.FloatField()


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    detail = serializers.JSONField()


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class BulkInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    action = serializers.ChoiceField(choices=BULK_ACTIONS)
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class BulkOutput(serializers.Serializer):
    action = serializers.CharField()
    ids = serializers.ListField(child=serializers.IntegerField())
    changed = serializers.IntegerField(help_text="Items whose state changed.")


def links_from_ids(course: Course, data: dict[str, Any]) -> dict[str, Any]:
    """Turn article/term/claim ids into objects of ``course`` (only those given)."""
    given = {name: data.pop(name) for name in ("source", "term", "claim") if name in data}
    return links_resolve(course, **given)
