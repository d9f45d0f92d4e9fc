"""API: decks, studying them (next cards with button intervals), reviews (single or batch), undo,
the 30-day forecast and the learner's study profile.

The two hot endpoints (next cards, review POST) build their JSON from plain dicts: the output
serializers below document the shape (OpenAPI) and a test checks the responses against them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.api.study_auth import STUDY_AUTHENTICATION
from quizzes.errors import RetainError
from quizzes.models import Deck, LearnerProfile, Source, Tag
from quizzes.selectors.courses import course_for_instructor
from quizzes.selectors.decks import deck_for, deck_for_instructor, decks_for
from quizzes.selectors.study import (
    MAX_LIMIT,
    StudyBatch,
    StudyCard,
    deck_progress,
    forecast,
    study_context,
)
from quizzes.services.decks import (
    deck_create,
    deck_learner_options_set,
    deck_study_batch,
    deck_update,
)
from quizzes.services.reviews import ReviewOutcome, review_record, review_undo
from quizzes.services.study import fit_message, profile_set_time_zone

ERRORS = {
    400: OpenApiResponse(description="Bad input; the message names the field at fault."),
    404: OpenApiResponse(description="No such deck (or not one you may study)."),
}
MAX_BATCH = 500


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
    source = serializers.IntegerField(source="source_id", allow_null=True)
    tag = serializers.IntegerField(source="tag_id", allow_null=True)
    published = serializers.BooleanField()
    card_count = serializers.IntegerField()
    role = serializers.CharField(help_text="Your role in the deck's course.")
    defaults = serializers.SerializerMethodField(help_text="The instructor's default options.")

    def get_defaults(self, deck) -> DeckOptionsOutput:
        return DeckOptionsOutput(deck).data


class DeckInput(serializers.Serializer):
    course = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    source = serializers.IntegerField(required=False, help_text="Approved cards of this article.")
    tag = serializers.IntegerField(required=False, help_text="Approved cards with this tag.")
    cards = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Approved cards picked by id."
    )
    published = serializers.BooleanField(required=False, default=False)
    options = DeckOptionsInput(required=False)


class DeckUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    published = serializers.BooleanField(required=False)
    options = DeckOptionsInput(required=False)


class DeckListCreate(generics.GenericAPIView):
    serializer_class = DeckOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Deck.objects.none()
        course = self.request.query_params.get("course")
        return decks_for(
            self.request.user, course_id=int(course) if course and course.isdigit() else None
        )

    @extend_schema(
        operation_id="v1_decks_list",
        parameters=[OpenApiParameter("course", int, description="Only this course's decks.")],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DeckOutput(page, many=True).data)

    @extend_schema(request=DeckInput, responses={201: DeckOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = DeckInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        course = course_for_instructor(request.user, values["course"])
        source = tag = None
        if "source" in values:
            source = Source.objects.filter(pk=values["source"], course=course).first()
            if source is None:
                raise RetainError("No such article in this course.", field="source")
        if "tag" in values:
            tag = Tag.objects.filter(pk=values["tag"], course=course).first()
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
    def get(self, request: Request, pk: int) -> Response:
        return Response(DeckOutput(deck_for(request.user, pk)).data)

    @extend_schema(request=DeckUpdateInput, responses={200: DeckOutput, **ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        deck = deck_for_instructor(request.user, pk)
        data = DeckUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        deck_update(deck=deck, user=request.user, **data.validated_data)
        return Response(DeckOutput(deck_for(request.user, pk)).data)


class DeckMyOptionsOutput(serializers.Serializer):
    effective = DeckOptionsOutput(help_text="What you study with.")
    overrides = serializers.DictField(help_text="Only what you changed.")
    defaults = DeckOptionsOutput(help_text="The instructor's defaults.")


def _my_options(request: Request, pk: int) -> dict[str, Any]:
    context = study_context(request.user, pk)
    return {
        "effective": DeckOptionsOutput(context.options).data,
        "overrides": context.deck.learner_options or {},
        "defaults": DeckOptionsOutput(context.deck).data,
    }


class DeckMyOptions(generics.GenericAPIView):
    serializer_class = DeckMyOptionsOutput

    @extend_schema(responses={200: DeckMyOptionsOutput, 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_my_options(request, pk))

    @extend_schema(request=DeckOptionsInput, responses={200: DeckMyOptionsOutput, **ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        deck = deck_for(request.user, pk)
        data = DeckOptionsInput(data=request.data)
        data.is_valid(raise_exception=True)
        deck_learner_options_set(deck=deck, user=request.user, options=data.validated_data)
        return Response(_my_options(request, pk))


# --- Studying ----------------------------------------------------------------------------------


class GradeButtonOutput(serializers.Serializer):
    rating = serializers.IntegerField(help_text="1 Again, 2 Hard, 3 Good, 4 Easy.")
    interval = serializers.CharField(help_text='As shown on the button: "10m", "3d".')
    seconds = serializers.IntegerField()


class StudyCardOutput(serializers.Serializer):
    card = serializers.IntegerField()
    kind = serializers.CharField(help_text="basic, reverse or cloze (front holds _____).")
    front = serializers.CharField()
    back = serializers.CharField()
    extra = serializers.CharField()
    state = serializers.CharField(help_text="new, learning, review or relearning.")
    due = serializers.DateTimeField(allow_null=True)
    reps = serializers.IntegerField()
    lapses = serializers.IntegerField()
    source_sentence = serializers.CharField()
    source_title = serializers.CharField()
    source_url = serializers.CharField(allow_null=True, help_text="The article, sentence marked.")
    buttons = GradeButtonOutput(many=True, help_text="What each grade would do if given now.")


class DeckStudyOutput(serializers.Serializer):
    deck = serializers.IntegerField()
    now = serializers.DateTimeField()
    day = serializers.DateField(help_text="Your day (it starts at 04:00 in your time zone).")
    day_ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField()
    time_zone_set = serializers.BooleanField()
    new_today = serializers.IntegerField()
    reviews_today = serializers.IntegerField()
    new_left = serializers.IntegerField()
    reviews_left = serializers.IntegerField()
    next_due = serializers.DateTimeField(allow_null=True)
    cards = StudyCardOutput(many=True)


def _seconds(interval) -> int:
    return round(interval.total_seconds())


def study_card_json(card: StudyCard, articles: dict[int, str]) -> dict[str, Any]:
    """One card as the API sends it; ``articles`` caches each article's URL for the batch."""
    url = None
    if card.source_id:
        if card.source_id not in articles:
            articles[card.source_id] = reverse("quizzes:source-detail", args=[card.source_id])
        url = articles[card.source_id]
        if card.evidence_end > card.evidence_start:
            url += f"?evidence={card.evidence_start}-{card.evidence_end}#evidence"
    labels = card.labels
    return {
        "card": card.card_id,
        "kind": card.kind,
        "front": card.front,
        "back": card.back,
        "extra": card.extra,
        "state": card.state,
        "due": card.due.isoformat() if card.due else None,
        "reps": card.reps,
        "lapses": card.lapses,
        "source_sentence": card.evidence_text,
        "source_title": card.source_title,
        "source_url": url,
        "buttons": [
            {"rating": r, "interval": labels[r], "seconds": _seconds(card.intervals[r])}
            for r in (1, 2, 3, 4)
        ],
    }


def study_json(batch: StudyBatch) -> dict[str, Any]:
    context = batch.context
    articles: dict[int, str] = {}  # one reverse() per article, not per card
    return {
        "deck": context.deck.pk,
        "now": batch.now.isoformat(),
        "day": batch.day.isoformat(),
        "day_ends_at": batch.day_ends_at.isoformat(),
        "time_zone": context.time_zone,
        "time_zone_set": context.time_zone_set,
        "new_today": batch.new_today,
        "reviews_today": batch.reviews_today,
        "new_left": batch.new_left,
        "reviews_left": batch.reviews_left,
        "next_due": context.next_due.isoformat() if context.next_due else None,
        "cards": [study_card_json(card, articles) for card in batch.cards],
    }


def _int_list(raw: str, name: str) -> list[int]:
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if len(values) > MAX_BATCH or not all(v.isdigit() for v in values):
        raise RetainError(
            f"{name} must be up to {MAX_BATCH} card ids, comma-separated.", field=name
        )
    return [int(v) for v in values]


class DeckStudy(generics.GenericAPIView):
    serializer_class = DeckStudyOutput
    authentication_classes = STUDY_AUTHENTICATION

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", int, description=f"How many cards (1–{MAX_LIMIT}, 10)."),
            OpenApiParameter("exclude", str, description="Card ids you already hold: 1,2,3"),
        ],
        responses={200: DeckStudyOutput, **ERRORS},
        description="The next cards due, in study order: learning cards due now, reviews due "
        "today, new cards within today's limit, learning cards due within 20 minutes. Each card "
        "comes with what the four grades would do. The first call starts you on the deck.",
    )
    def get(self, request: Request, pk: int) -> Response:
        raw_limit = request.query_params.get("limit", "10")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            raise RetainError(f"limit must be a number from 1 to {MAX_LIMIT}.", field="limit")
        exclude = _int_list(request.query_params.get("exclude", ""), "exclude")
        batch = deck_study_batch(
            user=request.user, deck_id=pk, limit=int(raw_limit), exclude=exclude
        )
        return Response(study_json(batch))


class DeckForecastDayOutput(serializers.Serializer):
    day = serializers.DateField()
    due = serializers.IntegerField()


class DeckForecastOutput(serializers.Serializer):
    deck = serializers.IntegerField()
    time_zone = serializers.CharField()
    days = DeckForecastDayOutput(many=True)


class DeckForecast(generics.GenericAPIView):
    serializer_class = DeckForecastOutput

    @extend_schema(
        responses={200: DeckForecastOutput, 404: ERRORS[404]},
        description="How many cards fall due on each of your next 30 days (today first; "
        "overdue cards count today; new cards are not counted).",
    )
    def get(self, request: Request, pk: int) -> Response:
        days = forecast(request.user, pk)
        return Response(
            {
                "deck": pk,
                "time_zone": study_context(request.user, pk).time_zone,
                "days": [{"day": d.day.isoformat(), "due": d.due} for d in days],
            }
        )


class DeckProgressOutput(serializers.Serializer):
    due_today = serializers.IntegerField()
    learning = serializers.IntegerField()
    new_available = serializers.IntegerField()
    new_left = serializers.IntegerField()
    reviews_left = serializers.IntegerField()
    suspended = serializers.IntegerField()
    leeches = serializers.IntegerField()
    total = serializers.IntegerField()
    day_ends_at = serializers.DateTimeField()


class DeckProgressView(generics.GenericAPIView):
    serializer_class = DeckProgressOutput

    @extend_schema(responses={200: DeckProgressOutput, 404: ERRORS[404]})
    def get(self, request: Request, pk: int) -> Response:
        progress = deck_progress(request.user, study_context(request.user, pk))
        return Response(DeckProgressOutput(progress).data)


# --- Reviews -----------------------------------------------------------------------------------


class ReviewInput(serializers.Serializer):
    id = serializers.UUIDField(help_text="Generated by the client; a retry reuses it.")
    card = serializers.IntegerField()
    rating = serializers.IntegerField(min_value=1, max_value=4)
    reviewed_at = serializers.DateTimeField(help_text="When the card was graded, with its offset.")
    duration_ms = serializers.IntegerField(min_value=0, required=False, default=0)
    deck = serializers.IntegerField(required=False, help_text="The deck being studied.")


class ReviewOutput(serializers.Serializer):
    id = serializers.UUIDField()
    card = serializers.IntegerField()
    rating = serializers.IntegerField()
    reviewed_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="False for a replay (the stored outcome).")
    undone = serializers.BooleanField()
    state = serializers.CharField()
    due = serializers.DateTimeField(allow_null=True)
    stability = serializers.FloatField(allow_null=True)
    difficulty = serializers.FloatField(allow_null=True)
    reps = serializers.IntegerField()
    lapses = serializers.IntegerField()
    suspended = serializers.BooleanField()
    leech = serializers.BooleanField()
    became_leech = serializers.BooleanField(help_text="This review made the card a leech.")
    message = serializers.CharField(help_text="Something to tell the learner, or empty.")
    buttons = GradeButtonOutput(
        many=True, allow_null=True, help_text="For a card that comes back today: its buttons then."
    )


class ReviewBatchResultOutput(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.IntegerField(help_text="201 recorded, 200 replay, 4xx refused.")
    detail = serializers.CharField(required=False)
    review = ReviewOutput(required=False)


class ReviewBatchOutput(serializers.Serializer):
    results = ReviewBatchResultOutput(many=True)


def review_json(outcome: ReviewOutcome) -> dict[str, Any]:
    review, after = outcome.review, outcome.after
    buttons = None
    if outcome.intervals is not None:
        from quizzes.scheduling import format_interval

        buttons = [
            {"rating": r, "interval": format_interval(i), "seconds": _seconds(i)}
            for r, i in outcome.intervals.items()
        ]
    return {
        "id": str(review.pk),
        "card": review.card_id,
        "rating": review.rating,
        "reviewed_at": review.reviewed_at.isoformat(),
        "created": outcome.created,
        "undone": review.undone_at is not None,
        "state": after.get("state"),
        "due": after.get("due"),
        "stability": after.get("stability"),
        "difficulty": after.get("difficulty"),
        "reps": after.get("reps"),
        "lapses": after.get("lapses"),
        "suspended": after.get("suspended", False),
        "leech": after.get("leech", False),
        "became_leech": outcome.became_leech,
        "message": outcome.message,
        "buttons": buttons,
    }


def _record(user, values: dict[str, Any]) -> ReviewOutcome:
    return review_record(
        user=user,
        card_id=values["card"],
        rating=values["rating"],
        review_id=values["id"],
        reviewed_at=values["reviewed_at"],
        duration_ms=values["duration_ms"],
        deck_id=values.get("deck"),
    )


class ReviewCreate(generics.GenericAPIView):
    serializer_class = ReviewOutput
    authentication_classes = STUDY_AUTHENTICATION

    @extend_schema(
        request=ReviewInput,
        responses={
            201: ReviewOutput,
            200: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ReviewReplayOrBatch",
                    serializers=[ReviewOutput, ReviewBatchOutput],
                    resource_type_field_name=None,
                ),
                description="A replay of a recorded review: the stored outcome; or, for a list "
                "of reviews (the batch form), one result per review.",
            ),
            422: OpenApiResponse(description="This id was used for a different review."),
            **ERRORS,
        },
        description="Record a review. Send one object, or a list of up to 500 (an offline "
        "queue): they are applied in review-time order, each on its own, and the answer lists "
        "each one's status. Reviews that arrive late are slotted into the log by time.",
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.data, list):
            return Response({"results": self._batch(request)})
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = _record(request.user, data.validated_data)
        return Response(
            review_json(outcome),
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )

    def _batch(self, request: Request) -> list[dict[str, Any]]:
        if len(request.data) > MAX_BATCH:
            raise RetainError(f"Send at most {MAX_BATCH} reviews at once.", field="reviews")
        parsed, results = [], []
        for item in request.data:
            data = ReviewInput(data=item)
            if data.is_valid():
                parsed.append(data.validated_data)
            else:
                item_id = item.get("id", "") if isinstance(item, dict) else ""
                results.append({"id": str(item_id), "status": 400, "detail": str(data.errors)})
        for values in sorted(parsed, key=lambda v: v["reviewed_at"]):
            try:
                with transaction.atomic():
                    outcome = _record(request.user, values)
            except RetainError as error:
                results.append(
                    {"id": str(values["id"]), "status": error.status_code, "detail": error.message}
                )
            except Http404:
                results.append({"id": str(values["id"]), "status": 404, "detail": "No such card."})
            else:
                results.append(
                    {
                        "id": str(values["id"]),
                        "status": 201 if outcome.created else 200,
                        "review": review_json(outcome),
                    }
                )
        return results


class ReviewUndoOutput(serializers.Serializer):
    id = serializers.UUIDField()
    card = serializers.IntegerField()
    undone_at = serializers.DateTimeField()
    state = serializers.CharField(help_text="The card's state again, as before the review.")
    due = serializers.DateTimeField(allow_null=True)


class ReviewUndo(generics.GenericAPIView):
    serializer_class = ReviewUndoOutput

    @extend_schema(
        request=None,
        responses={
            200: ReviewUndoOutput,
            404: OpenApiResponse(description="No such review of yours."),
            409: OpenApiResponse(description="Not your latest review of that card."),
        },
    )
    def post(self, request: Request, pk) -> Response:
        review = review_undo(user=request.user, review_id=pk)
        before = review.schedule_before
        return Response(
            {
                "id": str(review.pk),
                "card": review.card_id,
                "undone_at": review.undone_at.isoformat(),
                "state": before.get("state"),
                "due": before.get("due"),
            }
        )


# --- The learner's study profile ---------------------------------------------------------------


class StudyProfileOutput(serializers.Serializer):
    time_zone = serializers.CharField(help_text="Your day starts at 04:00 in this zone.")
    personal_parameters = serializers.BooleanField(help_text="FSRS fitted to your reviews.")
    fitted_at = serializers.DateTimeField(allow_null=True)
    fit_report = serializers.DictField()
    fit_message = serializers.CharField()


class StudyProfileInput(serializers.Serializer):
    time_zone = serializers.CharField(max_length=64)
    only_if_unset = serializers.BooleanField(
        required=False, default=False, help_text="The browser's guess: keep a zone you chose."
    )


def _profile(user) -> dict[str, Any]:
    profile = LearnerProfile.objects.filter(user=user).first() or LearnerProfile(user=user)
    from django.conf import settings

    return {
        "time_zone": profile.time_zone or settings.TIME_ZONE,
        "personal_parameters": profile.fsrs_parameters is not None,
        "fitted_at": profile.fitted_at.isoformat() if profile.fitted_at else None,
        "fit_report": profile.fit_report,
        "fit_message": fit_message(profile.fit_report),
    }


class StudyProfile(generics.GenericAPIView):
    serializer_class = StudyProfileOutput

    @extend_schema(responses={200: StudyProfileOutput})
    def get(self, request: Request) -> Response:
        return Response(_profile(request.user))

    @extend_schema(request=StudyProfileInput, responses={200: StudyProfileOutput, 400: ERRORS[400]})
    def patch(self, request: Request) -> Response:
        data = StudyProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile_set_time_zone(user=request.user, **data.validated_data)
        return Response(_profile(request.user))


v1 = [
    path("decks/", DeckListCreate.as_view(), name="deck-list"),
    path("decks/<int:pk>/", DeckDetail.as_view(), name="deck-detail"),
    path("decks/<int:pk>/my-options/", DeckMyOptions.as_view(), name="deck-my-options"),
    path("decks/<int:pk>/study/", DeckStudy.as_view(), name="deck-study"),
    path("decks/<int:pk>/forecast/", DeckForecast.as_view(), name="deck-forecast"),
    path("decks/<int:pk>/progress/", DeckProgressView.as_view(), name="deck-progress"),
    path("reviews/", ReviewCreate.as_view(), name="review-list"),
    path("reviews/<uuid:pk>/undo/", ReviewUndo.as_view(), name="review-undo"),
    path("study/profile/", StudyProfile.as_view(), name="study-profile"),
]
