"""API: decks — listing and making them, their default options, and each learner's overrides."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from quizzes.core.api.errors import error_response
from quizzes.core.api.fields import IdField, IdListField
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.filters import IdFilter
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import RetainError
from quizzes.models import Deck
from quizzes.study.selectors.decks import (
    deck_article,
    deck_for,
    deck_for_instructor,
    deck_tag,
    decks_for,
)
from quizzes.study.selectors.next_cards import study_context
from quizzes.study.services.decks import deck_create, deck_learner_options_set, deck_update

ERRORS = {
    400: error_response("Bad input; the message names the field at fault."),
    404: error_response("No such deck (or not one you may study)."),
}


# --- Decks -------------------------------------------------------------------------------------


class DeckOptionsOutput(serializers.Serializer):
    desired_retention = serializers.FloatField(help_text="0.70–0.97")
    new_per_day = serializers.IntegerField()
    reviews_per_day = serializers.IntegerField()
    learning_steps = serializers.ListField(child=serializers.FloatField(), help_text="Minutes.")
    relearning_steps = serializers.ListField(child=serializers.FloatField(), help_text="Minutes.")
    maximum_interval = serializers.IntegerField(help_text="Days.")
    leech_threshold = serializers.IntegerField(help_text="Lapses.")


class DeckOptionsInput(serializers.Serializer):
    """Any subset of the options; for your own overrides, null goes back to the deck's default.
    Steps may also be written like Anki's ("1m 10m 1h")."""

    desired_retention = serializers.JSONField(required=False)
    new_per_day = serializers.JSONField(required=False)
    reviews_per_day = serializers.JSONField(required=False)
    learning_steps = serializers.JSONField(required=False)
    relearning_steps = serializers.JSONField(required=False)
    maximum_interval = serializers.JSONField(required=False)
    leech_threshold = serializers.JSONField(required=False)


class DeckOutput(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    title = serializers.CharField()
    description = serializers.CharField()
    # A field named like Field.source: the stubs see that attribute (DRF's metaclass takes
    # declared fields off the class).
    source = serializers.IntegerField(source="source_id", allow_null=True)  # type: ignore[assignment]
    tag = serializers.IntegerField(source="tag_id", allow_null=True)
    published = serializers.BooleanField()
    card_count = serializers.IntegerField()
    role = serializers.CharField(help_text="Your role in the deck's course.")
    defaults = serializers.SerializerMethodField(help_text="The instructor's default options.")

    @extend_schema_field(DeckOptionsOutput)
    def get_defaults(self, deck: Deck) -> dict[str, Any]:
        return dict(DeckOptionsOutput(deck).data)


class DeckInput(serializers.Serializer):
    course = IdField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    source = IdField(  # type: ignore[assignment]  # as DeckOutput.source
        required=False, help_text="Approved cards of this article."
    )
    tag = IdField(required=False, help_text="Approved cards with this tag.")
    cards = IdListField(required=False, help_text="Approved cards picked by id.")
    published = serializers.BooleanField(required=False, default=False)
    options = DeckOptionsInput(required=False)


class DeckUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    published = serializers.BooleanField(required=False)
    options = DeckOptionsInput(required=False)


class DeckFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id", help_text="Only this course's decks.")

    class Meta:
        model = Deck
        fields = ["course"]


class DeckListCreate(ScopedAPIView):
    serializer_class = DeckOutput
    model = Deck
    filterset_class = DeckFilter

    def scoped(self) -> QuerySet[Deck]:
        return decks_for(self.request.user)

    @extend_schema(operation_id="v1_decks_list", responses={200: DeckOutput(many=True)})
    def get(self, request: AuthedAPIRequest) -> Response:
        """Decks you may study: every deck of the courses you teach, the published ones of the
        courses you study in."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DeckOutput(page, many=True).data)

    @extend_schema(request=DeckInput, responses={201: DeckOutput, **ERRORS})
    def post(self, request: AuthedAPIRequest) -> Response:
        data = DeckInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        course = course_for_instructor(request.user, values["course"])
        source = tag = None
        if "source" in values:
            source = deck_article(course, values["source"])
            if source is None:
                raise RetainError("No such article in this course.", field="source")
        if "tag" in values:
            tag = deck_tag(course, values["tag"])
            if tag is None:
                raise RetainError("No such tag in this course.", field="tag")
        deck = deck_create(
            course=course,
            user=request.user,
            title=values["title"],
            description=values["description"],
            source=source,
            tag=tag,
            card_ids=values.get("cards"),
            published=values["published"],
            options=values.get("options"),
        )
        return Response(
            DeckOutput(deck_for(request.user, deck.pk)).data, status=status.HTTP_201_CREATED
        )


class DeckDetail(generics.GenericAPIView):
    serializer_class = DeckOutput

    @extend_schema(responses={200: DeckOutput, 404: ERRORS[404]})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(DeckOutput(deck_for(request.user, pk)).data)

    @extend_schema(request=DeckUpdateInput, responses={200: DeckOutput, **ERRORS})
    def patch(self, request: AuthedAPIRequest, pk: int) -> Response:
        deck = deck_for_instructor(request.user, pk)
        data = DeckUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        deck_update(deck=deck, user=request.user, **data.validated_data)
        return Response(DeckOutput(deck_for(request.user, pk)).data)


class DeckMyOptionsOutput(serializers.Serializer):
    effective = DeckOptionsOutput(help_text="What you study with.")
    overrides = serializers.DictField(help_text="Only what you changed.")
    defaults = DeckOptionsOutput(help_text="The instructor's defaults.")


def _my_options(request: AuthedAPIRequest, pk: int) -> dict[str, Any]:
    context = study_context(request.user, pk)
    return {
        "effective": DeckOptionsOutput(context.options).data,
        "overrides": context.overrides or {},
        "defaults": DeckOptionsOutput(context.deck).data,
    }


class DeckMyOptions(generics.GenericAPIView):
    serializer_class = DeckMyOptionsOutput

    @extend_schema(responses={200: DeckMyOptionsOutput, 404: ERRORS[404]})
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(_my_options(request, pk))

    @extend_schema(request=DeckOptionsInput, responses={200: DeckMyOptionsOutput, **ERRORS})
    def patch(self, request: AuthedAPIRequest, pk: int) -> Response:
        deck = deck_for(request.user, pk)
        data = DeckOptionsInput(data=request.data)
        data.is_valid(raise_exception=True)
        deck_learner_options_set(deck=deck, user=request.user, options=data.validated_data)
        return Response(_my_options(request, pk))
