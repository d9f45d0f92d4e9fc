"""API: flashcards in the bank (``/api/v1/cards/…``), the same shape as ``/api/v1/questions/…``.
Instructors only; everyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.bank.api.common import (
    BAD_FILTER,
    NOT_FOUND,
    BulkInput,
    BulkOutput,
    DuplicateOutput,
    EventOutput,
    EvidenceOutput,
    LinkOutput,
    RejectInput,
    links_from_ids,
)
from quizzes.bank.rules import CARD_KINDS
from quizzes.bank.selectors.filters import CardFilter
from quizzes.bank.selectors.items import (
    card_duplicates,
    card_for_instructor,
    card_versions,
    cards_for_instructor,
)
from quizzes.bank.services.bulk import cards_bulk
from quizzes.bank.services.cards import (
    card_approve,
    card_create,
    card_delete,
    card_reject,
    card_update,
)
from quizzes.core.api.errors import BAD_INPUT, ErrorOutput
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import Card, ItemEvent


class CardOutput(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    source = serializers.IntegerField(source="source_id", allow_null=True)
    term = LinkOutput(allow_null=True)
    claim = LinkOutput(allow_null=True)
    kind = serializers.ChoiceField(choices=CARD_KINDS)
    front = serializers.CharField(help_text="For a cloze card: the text with its blank (_____).")
    back = serializers.CharField()
    extra = serializers.CharField()
    sibling_key = serializers.CharField(
        help_text="Cards sharing it come from the same term or claim (siblings)."
    )
    evidence = EvidenceOutput(source="*")
    status = serializers.CharField()
    origin = serializers.CharField()
    generator = serializers.CharField()
    score = serializers.FloatField()
    touched = serializers.BooleanField()
    tags = serializers.SerializerMethodField()
    shown_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_tags(self, card: Card) -> list[str]:
        return sorted((t.name for t in card.tags.all()), key=str.casefold)


class CardCreateOutput(CardOutput):
    duplicates = DuplicateOutput(many=True)


class CardUpdateOutput(CardOutput):
    change = serializers.ChoiceField(choices=["amended", "new_version", "unchanged"])


class CardVersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    front = serializers.CharField()
    back = serializers.CharField()
    extra = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class CardVersionHistoryOutput(CardVersionOutput):
    current = serializers.BooleanField()
    changes = serializers.DictField(child=serializers.ListField())


class CardFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CARD_KINDS, required=False)
    front = serializers.CharField(allow_blank=True, trim_whitespace=False)
    back = serializers.CharField(allow_blank=True, required=False, default="")
    extra = serializers.CharField(allow_blank=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    source = serializers.IntegerField(allow_null=True, required=False)
    term = serializers.IntegerField(allow_null=True, required=False)
    claim = serializers.IntegerField(allow_null=True, required=False)
    approve = serializers.BooleanField(default=False)


class CardCreateInput(CardFields):
    course = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CARD_KINDS, default="basic")


class CardView(generics.GenericAPIView):
    """A view of one card (``pk`` in the path), scoped to the courses the user teaches."""

    def get_queryset(self) -> QuerySet[Card]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Card.objects.none()
        return cards_for_instructor(self.request.user)


def _card_body(request: Request, card_id: int) -> dict[str, Any]:
    return dict(CardOutput(card_for_instructor(request.user, card_id)).data)


class CardListCreate(generics.GenericAPIView):
    serializer_class = CardOutput
    filterset_class = CardFilter

    def get_queryset(self) -> QuerySet[Card]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Card.objects.none()
        return cards_for_instructor(self.request.user)

    @extend_schema(
        operation_id="v1_cards_list", responses={200: CardOutput(many=True), 400: BAD_FILTER}
    )
    def get(self, request: Request) -> Response:
        """Cards of the courses you teach: search (``q``), filter and sort."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CardOutput(page, many=True).data)

    @extend_schema(
        request=CardCreateInput, responses={201: CardCreateOutput, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def post(self, request: Request) -> Response:
        """Write a card by hand (a cloze card may be written as ``… {{answer}} …``)."""
        data = CardCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        course = course_for_instructor(request.user, values.pop("course"))
        values.update(links_from_ids(course, values))
        card = card_create(course=course, user=request.user, **values)
        body = _card_body(request, card.pk)
        body["duplicates"] = [
            DuplicateOutput(d).data
            for d in card_duplicates(
                course=course, front=card.front, back=card.back, exclude_id=card.pk
            )
        ]
        return Response(body, status=status.HTTP_201_CREATED)


class CardDetail(CardView):
    serializer_class = CardOutput

    @extend_schema(responses={200: CardOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_card_body(request, pk))

    @extend_schema(
        request=CardFields, responses={200: CardUpdateOutput, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change the given fields; a studied or approved card keeps its old content as a version."""
        return self._update(request, pk, partial=True)

    @extend_schema(
        request=CardFields, responses={200: CardUpdateOutput, 400: BAD_INPUT, 404: NOT_FOUND}
    )
    def put(self, request: Request, pk: int) -> Response:
        """Replace the content: fields left out are emptied (tags and links stay)."""
        return self._update(request, pk, partial=False)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        card = card_for_instructor(request.user, pk)
        data = CardFields(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if not partial:
            values = {"extra": "", **values}
        values.update(links_from_ids(card.course, values))
        _card, mode = card_update(card=card, user=request.user, **values)
        body = _card_body(request, pk)
        body["change"] = mode
        return Response(body)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted: no student had studied it."),
            200: OpenApiResponse(CardOutput, description="Archived instead: it has been studied."),
            404: NOT_FOUND,
        }
    )
    def delete(self, request: Request, pk: int) -> Response:
        card = card_for_instructor(request.user, pk)
        if card_delete(card=card, user=request.user) == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CardOutput(card).data)


class CardVersions(CardView):
    serializer_class = CardVersionHistoryOutput
    pagination_class = None

    @extend_schema(responses={200: CardVersionHistoryOutput(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The card's saved versions, newest first, with what changed against the one before."""
        card = card_for_instructor(request.user, pk)
        out = []
        for view in card_versions(card):
            row = dict(CardVersionOutput(view.version).data)
            row["current"] = view.current
            row["changes"] = view.changes
            out.append(row)
        return Response(out)


class CardEvents(CardView):
    serializer_class = EventOutput
    pagination_class = None

    @extend_schema(responses={200: EventOutput(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        """The card's audit trail, oldest first."""
        card = card_for_instructor(request.user, pk)
        events = ItemEvent.objects.filter(card=card).select_related("actor")
        return Response(EventOutput(events, many=True).data)


class CardApprove(CardView):
    serializer_class = CardOutput

    @extend_schema(request=None, responses={200: CardOutput, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        card_approve(card=card_for_instructor(request.user, pk), user=request.user)
        return Response(_card_body(request, pk))


class CardReject(CardView):
    serializer_class = CardOutput

    @extend_schema(request=RejectInput, responses={200: CardOutput, 400: BAD_INPUT, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        card = card_for_instructor(request.user, pk)
        data = RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        card_reject(card=card, user=request.user, reason=data.validated_data["reason"])
        return Response(_card_body(request, pk))


class CardBulk(generics.GenericAPIView):
    serializer_class = BulkOutput

    @extend_schema(
        request=BulkInput,
        responses={
            200: BulkOutput,
            400: OpenApiResponse(
                ErrorOutput,
                description="An unknown id or an item refusing the action: nothing was changed.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Approve, reject, tag or untag many cards by id, atomically."""
        data = BulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(BulkOutput(cards_bulk(user=request.user, **data.validated_data)).data)
