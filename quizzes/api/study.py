"""API: studying decks (next cards with button intervals), reviews (single or batch), undo, the
30-day forecast and the learner's study profile; the deck endpoints are in ``api.study_decks``.

The two hot endpoints (next cards, review POST) build their JSON from plain dicts: the output
serializers below document the shape (OpenAPI) and a test checks the responses against them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.api.lean import LeanAPIView
from quizzes.api.study_decks import (
    ERRORS,
    DeckDetail,
    DeckListCreate,
    DeckMyOptions,
)
from quizzes.api.study_reviews import (
    MAX_BATCH,
    GradeButtonOutput,
    ReviewCreate,
    ReviewUndo,
)
from quizzes.errors import RetainError
from quizzes.models import LearnerProfile
from quizzes.selectors.deck_counts import deck_progress, forecast
from quizzes.selectors.study import MAX_LIMIT, StudyBatch, StudyCard, study_context
from quizzes.services.decks import (
    deck_study_batch,
)
from quizzes.services.study import fit_message, profile_set_time_zone

# --- Studying ----------------------------------------------------------------------------------


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


@lru_cache(maxsize=4096)
def _article_url(source_id: int) -> str:
    # reverse() costs more than the rest of a card's JSON; an article's URL never changes.
    return reverse("quizzes:source-detail", args=[source_id])


def study_card_json(card: StudyCard) -> dict[str, Any]:
    """One card as the API sends it."""
    url = None
    if card.source_id:
        url = _article_url(card.source_id)
        if card.evidence_end > card.evidence_start:
            url += f"?evidence={card.evidence_start}-{card.evidence_end}#evidence"
    labels, seconds = card.buttons.labels, card.buttons.seconds
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
            {"rating": r, "interval": labels[r], "seconds": seconds[r]} for r in (1, 2, 3, 4)
        ],
    }


def study_json(batch: StudyBatch) -> dict[str, Any]:
    context = batch.context
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
        "cards": [study_card_json(card) for card in batch.cards],
    }


def _int_list(raw: str, name: str) -> list[int]:
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if len(values) > MAX_BATCH or not all(v.isdigit() for v in values):
        raise RetainError(
            f"{name} must be up to {MAX_BATCH} card ids, comma-separated.", field=name
        )
    return [int(v) for v in values]


class DeckStudy(LeanAPIView):
    serializer_class = DeckStudyOutput

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
        data, status = self.lean_get(request, request.user, pk)
        return Response(data, status=status)

    def lean_get(self, request: HttpRequest, user, pk: int) -> tuple[dict[str, Any], int]:
        params = request.GET
        raw_limit = params.get("limit", "10")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            raise RetainError(f"limit must be a number from 1 to {MAX_LIMIT}.", field="limit")
        exclude = _int_list(params.get("exclude", ""), "exclude")
        batch = deck_study_batch(user=user, deck_id=pk, limit=int(raw_limit), exclude=exclude)
        return study_json(batch), 200


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
    path("reviews/", ReviewCreate.as_view(), name="review-list"),
    path("decks/<int:pk>/study/", DeckStudy.as_view(), name="deck-study"),
    path("decks/", DeckListCreate.as_view(), name="deck-list"),
    path("decks/<int:pk>/", DeckDetail.as_view(), name="deck-detail"),
    path("decks/<int:pk>/my-options/", DeckMyOptions.as_view(), name="deck-my-options"),
    path("decks/<int:pk>/forecast/", DeckForecast.as_view(), name="deck-forecast"),
    path("decks/<int:pk>/progress/", DeckProgressView.as_view(), name="deck-progress"),
    path("reviews/<uuid:pk>/undo/", ReviewUndo.as_view(), name="review-undo"),
    path("study/profile/", StudyProfile.as_view(), name="study-profile"),
]
