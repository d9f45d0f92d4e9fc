"""API: studying decks — the shape of next cards (with button intervals), the 30-day forecast,
today's progress and the learner's study profile; the deck endpoints are in ``api.decks``.

Next cards itself is answered by ``fast.views.DeckStudy`` (the hot path) from plain dicts: the
output serializers below document its shape (OpenAPI) and a test checks the answers against them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from quizzes.core.requests import AuthedAPIRequest
from quizzes.errors import RetainError
from quizzes.study.api.decks import ERRORS
from quizzes.study.api.reviews import GradeButtonOutput
from quizzes.study.selectors.deck_counts import cards_set_aside, deck_progress, forecast
from quizzes.study.selectors.next_cards import study_context
from quizzes.study.selectors.profile import learner_profile
from quizzes.study.services.profile import fit_message, profile_set_time_zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from quizzes.models import LearnerProfile

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
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
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
    set_aside = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Of the cards named in ``held``, those you may not study now (a sibling was "
        "graded today, suspended, or no longer in the deck): drop them from the session.",
    )


MAX_HELD = 500


def _held(raw: str) -> list[int]:
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if len(values) > MAX_HELD or not all(v.isdigit() and len(v) <= 18 for v in values):
        raise RetainError(f"held must be up to {MAX_HELD} card ids, comma-separated.", field="held")
    return [int(v) for v in values]


class DeckProgressView(generics.GenericAPIView):
    serializer_class = DeckProgressOutput

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "held", str, description="Card ids a study session holds (1,2,3): see set_aside."
            )
        ],
        responses={200: DeckProgressOutput, 400: ERRORS[400], 404: ERRORS[404]},
        description="Today's standing in a deck: the cards left today by kind (new_left, "
        "learning, due_today: the three counts of the study screen and the deck page), the "
        "daily allowances and the totals.",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        held = _held(request.query_params.get("held", ""))
        progress = deck_progress(request.user, study_context(request.user, pk))
        data = vars(progress) | {"set_aside": cards_set_aside(request.user, pk, held)}
        return Response(DeckProgressOutput(data).data)


# --- The learner's study profile ---------------------------------------------------------------


class StudyProfileOutput(serializers.Serializer):
    time_zone = serializers.CharField(help_text="Your day starts at 04:00 in this zone.")
    day_zone = serializers.CharField(
        help_text="After a change of zone, the zone your day in progress keeps until "
        "day_zone_until (its limits are not started over); empty otherwise."
    )
    day_zone_until = serializers.DateTimeField(allow_null=True)
    personal_parameters = serializers.BooleanField(help_text="FSRS fitted to your reviews.")
    fitted_at = serializers.DateTimeField(allow_null=True)
    fit_report = serializers.DictField()
    fit_message = serializers.CharField()


class StudyProfileInput(serializers.Serializer):
    time_zone = serializers.CharField(max_length=64)
    only_if_unset = serializers.BooleanField(
        required=False, default=False, help_text="The browser's guess: keep a zone you chose."
    )


def _profile(user: User) -> dict[str, Any]:
    profile = learner_profile(user)
    return {
        "time_zone": profile.time_zone or settings.TIME_ZONE,
        **_day_zone(profile),
        "personal_parameters": profile.fsrs_parameters is not None,
        "fitted_at": profile.fitted_at.isoformat() if profile.fitted_at else None,
        "fit_report": profile.fit_report,
        "fit_message": fit_message(profile.fit_report),
    }


def _day_zone(profile: LearnerProfile) -> dict[str, Any]:
    until = profile.day_zone_until
    if until is None or until <= timezone.now():
        return {"day_zone": "", "day_zone_until": None}
    return {"day_zone": profile.day_zone, "day_zone_until": until.isoformat()}


class StudyProfile(generics.GenericAPIView):
    serializer_class = StudyProfileOutput

    @extend_schema(responses={200: StudyProfileOutput})
    def get(self, request: AuthedAPIRequest) -> Response:
        return Response(_profile(request.user))

    @extend_schema(request=StudyProfileInput, responses={200: StudyProfileOutput, 400: ERRORS[400]})
    def patch(self, request: AuthedAPIRequest) -> Response:
        data = StudyProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile_set_time_zone(user=request.user, **data.validated_data)
        return Response(_profile(request.user))
