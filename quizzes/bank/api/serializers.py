"""The bank API's shapes: what every item has (``ItemOutput``, ``ItemFields``), what each kind
adds (a question's type and current version; a card's kind, sides and evidence), and what both
share (choices, evidence, links, duplicates, events, reject, bulk). What a create, an update or a
version list adds to a kind's shape is added the same way for both (``created_output`` …). Class
names are the OpenAPI component names clients know (``QuestionCreateOutput``, ``CardOutput``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from quizzes.bank.rules import CARD_KINDS, MAX_CHOICES, QUESTION_TYPES
from quizzes.bank.services.best import MAX_BEST
from quizzes.bank.services.bulk import BULK_ACTIONS
from quizzes.bank.services.tags import tag_names
from quizzes.core.api.errors import ErrorOutput, error_response
from quizzes.core.api.fields import IdListField
from quizzes.models import RejectReason

if TYPE_CHECKING:
    from quizzes.bank.kinds import ItemKind

Shape = type[serializers.Serializer]

NOT_FOUND = error_response("No such item in a course you teach (students always get this).")
BAD_FILTER = OpenApiResponse(
    description="A filter value is not valid (e.g. an unknown type): {filter: [messages]}."
)
CHANGES = ["amended", "new_version", "unchanged"]
CHANGE_HELP = (
    "amended: the unshown draft's version was changed in place; new_version: version N+1 was "
    "made; unchanged: no content change."
)


# --- Shared by questions and cards


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


class DuplicateErrorOutput(ErrorOutput):
    duplicates = DuplicateOutput(many=True, help_text="The live items it nearly repeats.")


DUPLICATE = error_response(
    "It nearly repeats live items of the course (listed); nothing was saved. Send it again "
    "with confirm_duplicate to save it anyway.",
    DuplicateErrorOutput,
)


class EventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    at = serializers.DateTimeField()
    detail = serializers.JSONField()


class RejectInput(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=RejectReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, from the generation rubric's list (optional); counted in the course's "
        "rejection report.",
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, help_text="A free note."
    )


class GeneratorRejectionsOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="question or card")
    generator = serializers.CharField()
    drafts = serializers.IntegerField(help_text="Still waiting for review.")
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    rejected_share = serializers.FloatField(
        allow_null=True, help_text="Rejected among those reviewed (null before any review)."
    )
    reasons = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Rejections per reason (the rubric's list, and none: no reason given).",
    )


class BulkInput(serializers.Serializer):
    ids = IdListField(allow_empty=True)
    action = serializers.ChoiceField(choices=BULK_ACTIONS)
    tags = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class BulkOutput(serializers.Serializer):
    action = serializers.CharField()
    ids = IdListField()
    changed = serializers.IntegerField(help_text="Items whose state changed.")


class ItemOutput(serializers.Serializer):
    """What every bank item shows, whatever its kind."""

    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    # A field named like Field.source: the stubs see that attribute (DRF's metaclass takes
    # declared fields off the class).
    source = serializers.IntegerField(source="source_id", allow_null=True)  # type: ignore[assignment]
    term = LinkOutput(allow_null=True)
    claim = LinkOutput(allow_null=True)
    status = serializers.CharField()
    reject_reason = serializers.CharField(
        help_text="Why it was rejected, from the rubric's list (blank: none given, or not rejected)."
    )
    origin = serializers.CharField()
    generator = serializers.CharField()
    score = serializers.FloatField()
    rank = serializers.IntegerField(
        allow_null=True,
        help_text="Place in the engine's review queue (1 = first); null if not generated.",
    )
    touched = serializers.BooleanField()
    tags = serializers.SerializerMethodField()
    shown_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_tags(self, item: Any) -> list[str]:
        return tag_names(item)


class ItemFields(serializers.Serializer):
    """What every item's input may give besides its content."""

    tags = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    source = serializers.IntegerField(  # type: ignore[assignment]  # as ItemOutput.source
        allow_null=True, required=False, help_text="Article id."
    )
    term = serializers.IntegerField(allow_null=True, required=False)
    claim = serializers.IntegerField(allow_null=True, required=False)
    approve = serializers.BooleanField(default=False, help_text="Approve it in the same step.")


class CreateFields(serializers.Serializer):
    course = serializers.IntegerField()
    confirm_duplicate = serializers.BooleanField(
        default=False,
        help_text="Save it even though it nearly repeats a live item of the course (without "
        "this, such a request answers 409 with the items it repeats).",
    )


class VersionHistoryFields(serializers.Serializer):
    current = serializers.BooleanField()
    changes = serializers.DictField(
        child=serializers.ListField(),
        help_text="{field: [before, after]} against the previous version.",
    )


def created_output(output: Shape, kind: ItemKind) -> Shape:
    """``<Kind>CreateOutput``: the new item, and the live items it nearly repeats (confirmed)."""
    duplicates = DuplicateOutput(
        many=True,
        help_text=f"Live {kind.plural} of the course this one nearly repeats (confirmed).",
    )
    return _extended(output, "Create", {"duplicates": duplicates})


def updated_output(output: Shape) -> Shape:
    """``<Kind>UpdateOutput``: the changed item, and what the change did to its versions."""
    change = serializers.ChoiceField(choices=CHANGES, help_text=CHANGE_HELP)
    return _extended(output, "Update", {"change": change})


def history_output(version_output: Shape) -> Shape:
    """``<Version>HistoryOutput``: a version, whether it is current and what it changed."""
    return _extended(version_output, "History", {}, VersionHistoryFields)


def _extended(base: Shape, role: str, fields: dict[str, Any], *mixins: Shape) -> Shape:
    name = base.__name__.removesuffix("Output") + f"{role}Output"
    return type(name, (base, *mixins), {**fields, "__module__": __name__})


# --- Questions


class VersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    prompt = serializers.CharField()
    choices = ChoiceIO(many=True)
    accepted = serializers.ListField(
        child=serializers.CharField(),
        help_text="Accepted answers and aliases; the first is canonical.",
    )
    truth = serializers.BooleanField(allow_null=True)
    explanation = serializers.CharField()
    difficulty = serializers.IntegerField(allow_null=True)
    evidence = EvidenceOutput(source="*")
    edit = serializers.JSONField(
        allow_null=True, help_text="The generator's one controlled edit behind a false statement."
    )
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class QuestionOutput(ItemOutput):
    type = serializers.ChoiceField(choices=QUESTION_TYPES)
    current = VersionOutput()


class QuestionFields(ItemFields):
    prompt = serializers.CharField(allow_blank=True, trim_whitespace=False)
    # Counted before any work (the rules say the same in words, for the other channels).
    choices: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=ChoiceIO(),
        required=False,
        max_length=MAX_CHOICES,
        error_messages={"max_length": "Use at most {max_length} choices."},
    )
    accepted = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    truth = serializers.BooleanField(allow_null=True, required=False)
    explanation = serializers.CharField(allow_blank=True, required=False)
    difficulty = serializers.IntegerField(allow_null=True, required=False)


class QuestionCreateInput(QuestionFields, CreateFields):
    type = serializers.ChoiceField(choices=QUESTION_TYPES)


# --- Cards


class CardVersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    front = serializers.CharField()
    back = serializers.CharField()
    extra = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class CardOutput(ItemOutput):
    kind = serializers.ChoiceField(choices=CARD_KINDS)
    front = serializers.CharField(help_text="For a cloze card: the text with its blank (_____).")
    back = serializers.CharField()
    extra = serializers.CharField()
    sibling_key = serializers.CharField(
        help_text="Cards sharing it come from the same term or claim (siblings)."
    )
    evidence = EvidenceOutput(source="*")


class CardFields(ItemFields):
    kind = serializers.ChoiceField(choices=CARD_KINDS, required=False)
    front = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="For a cloze card: the text with a blank (___), or as … {{the answer}} ….",
    )
    back = serializers.CharField(allow_blank=True, required=False, default="")
    extra = serializers.CharField(allow_blank=True, required=False)


class CardCreateInput(CardFields, CreateFields):
    kind = serializers.ChoiceField(choices=CARD_KINDS, default="basic")


class ApproveBestInput(serializers.Serializer):
    questions = serializers.IntegerField(min_value=0, max_value=MAX_BEST, default=0)
    cards = serializers.IntegerField(min_value=0, max_value=MAX_BEST, default=0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["questions"] and not attrs["cards"]:
            raise serializers.ValidationError("Ask for at least one question or card.")
        return attrs


class ApproveBestOutput(serializers.Serializer):
    questions = IdListField(help_text="The questions approved, in the review queue's order.")
    cards = IdListField(help_text="The cards approved, in the review queue's order.")
