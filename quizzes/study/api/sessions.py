"""API: studying decks (next cards with button intervals), reviews (single or batch), undo, the
30-day forecast and the learner's study profile; the deck endpoints are in ``api.study_decks``.

The two hot endpoints (next cards, review POST) build their JSON from plain dicts: the output
serializers below document the shape (OpenAPI) and a test checks the responses against them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.errors import RetainError
from quizzes.models import LearnerProfile
from quizzes.study.api.decks import (
    ERRORS,
)
from quizzes.study.api.reviews import (
    MAX_BATCH,
    GradeButtonOutput,
)
from quizzes.study.batch_json import study_json
from quizzes.study.fast.views import LeanAPIView
from quizzes.study.selectors.deck_counts import deck_progress, forecast
from quizzes.study.selectors.next_cards import MAX_LIMIT, study_context
from quizzes.study.services.decks import (
    deck_study_batch,
)
from quizzes.study.services.profile import fit_message, profile_set_time_zone

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
