"""The two hot API endpoints, next cards and the review POST, and the lean way they answer.

A ``LeanAPIView`` is a DRF view that runs DRF's own steps up to the handler: the request
wrapping (``initialize_request``) and ``initial``'s authentication, ``check_permissions`` and
``check_throttles``, so the permission classes and throttles of the project's settings apply here
as to every other view. It then answers a plain request (a GET, or a JSON body; JSON out) with its
``lean_<method>(request, *args, **kwargs) -> (data, status)``: the body is read with
``core.bounds.loads_checked`` (``json.loads`` with the bounds of the API's own parser: nesting
depth, NUL, no NaN) rather than DRF's parsers, and the answer is written with ``json.dumps`` rather
than a ``Response``, its renderer and ``finalize_response``; content negotiation is the cheap
``_wants_json``. Those steps and the serializers cost more than the work itself
(``bench/study.py``; see ``quizzes.study.fast``).

Anything else (the browsable API, ``?format=``, a form body, another method) goes through DRF's
``dispatch`` and the view's ``get``/``post``, which call the same ``lean_<method>``; every error,
on either path, is answered by DRF's ``handle_exception`` and ``finalize_response``, so the two
paths cannot answer differently. The serializers in ``api.sessions``/``api.reviews`` describe the
bodies (OpenAPI) and a test checks the answers against them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from quizzes.core.bounds import INT_MAX, InputError, loads_checked, parse_id, parse_int
from quizzes.core.requests import AuthedAPIRequest
from quizzes.errors import RetainError, StudyError
from quizzes.study.api.decks import ERRORS
from quizzes.study.api.reviews import ReviewBatchOutput, ReviewInput, ReviewOutput
from quizzes.study.api.sessions import DeckStudyOutput
from quizzes.study.batch_json import study_json
from quizzes.study.fast.auth import STUDY_AUTHENTICATION
from quizzes.study.selectors.next_cards import MAX_LIMIT
from quizzes.study.services.decks import deck_study_batch
from quizzes.study.services.reviews import ReviewOutcome, review_record, review_record_batch

# At most this many reviews in one batch, and card ids in one ``exclude``.
MAX_BATCH = 500


def _wants_json(request: HttpRequest) -> bool:
    """What DRF's negotiation would answer with JSON: no ``?format=`` and an Accept header that
    takes JSON and does not ask for HTML (the browsable API)."""
    if "format" in request.GET:
        return False
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return "text/html" not in accept and ("json" in accept or "*/*" in accept)


class LeanAPIView(generics.GenericAPIView):
    """A DRF view whose ``lean_<method>(request, *args, **kwargs) -> (data, status)`` answers
    plain JSON requests after DRF's own ``initial`` (see the module docstring). It authenticates
    with ``STUDY_AUTHENTICATION``: a token first (a bad one is 401), else the session, with
    DRF's CSRF check."""

    authentication_classes = STUDY_AUTHENTICATION
    _allow_header: ClassVar[str]  # the Allow header, worked out once per view class

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        handler = getattr(self, f"lean_{(request.method or '').lower()}", None)
        has_body = request.method not in ("GET", "HEAD", "OPTIONS")
        if (
            handler is None
            or not _wants_json(request)
            or (has_body and request.content_type != "application/json")
        ):
            return super().dispatch(request, *args, **kwargs)
        # DRF's dispatch, but for the parsing and the rendering.
        self.args, self.kwargs = args, kwargs
        drf_request = self.initialize_request(request, *args, **kwargs)
        self.request = drf_request
        try:
            self.initial_without_negotiation(drf_request, *args, **kwargs)
            if has_body:
                kwargs["data"] = _parse(request)
            data, status = handler(drf_request, *args, **kwargs)
        except Exception as exc:  # DRF answers (or re-raises) each one, as its dispatch does
            kwargs.pop("data", None)
            self.headers = self.default_response_headers
            error = self.handle_exception(exc)
            self.response = self.finalize_response(drf_request, error, *args, **kwargs)
            return self.response
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False),
            content_type="application/json",
            status=status,
        )
        # The headers DRF's own answer carries.
        response["Allow"] = self._allow()
        response["Vary"] = "Accept"
        return response

    def initial_without_negotiation(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """DRF's ``initial`` (authentication, ``check_permissions``, ``check_throttles``: the
        project's classes, as for every view) without its content negotiation: ``_wants_json``
        has settled that the answer is JSON. An error answer negotiates in
        ``finalize_response``, as DRF's does. A test holds this to DRF's ``initial``."""
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.version, request.versioning_scheme = self.determine_version(
            request, *args, **kwargs
        )
        self.perform_authentication(request)
        self.check_permissions(request)
        self.check_throttles(request)

    def _allow(self) -> str:
        view = type(self)
        if "_allow_header" not in view.__dict__:  # once per view class
            view._allow_header = ", ".join(self.allowed_methods)
        return view._allow_header


def _parse(request: HttpRequest) -> Any:
    """The JSON body, bounded as the API's parser bounds every body (``core.bounds``: nesting,
    NUL, no NaN; Django's own size limit applies to ``request.body``), with its messages."""
    try:
        return loads_checked(request.body)
    except InputError as error:
        raise exceptions.ParseError(str(error)) from None
    except ValueError as error:  # UnicodeDecodeError included
        raise exceptions.ParseError(f"JSON parse error - {error}") from None


# --- Next cards ---------------------------------------------------------------------------------


def _int_list(raw: str, name: str) -> list[int]:
    # Split at most so far: a longer list is refused without reading the rest.
    values = [part.strip() for part in raw.split(",", MAX_BATCH + 1) if part.strip()]
    ids = [card_id for card_id in map(parse_id, values) if card_id is not None]
    if len(values) > MAX_BATCH or len(ids) != len(values):
        raise RetainError(
            f"{name} must be up to {MAX_BATCH} card ids, comma-separated.", field=name
        )
    return ids


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
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        data, status = self.lean_get(request, pk)
        return Response(data, status=status)

    def lean_get(self, request: AuthedAPIRequest, pk: int) -> tuple[dict[str, Any], int]:
        params = request.query_params
        limit = parse_int(params.get("limit", "10"), minimum=1, maximum=MAX_LIMIT)
        if limit is None:
            raise RetainError(f"limit must be a number from 1 to {MAX_LIMIT}.", field="limit")
        exclude = _int_list(params.get("exclude", ""), "exclude")
        batch = deck_study_batch(user=request.user, deck_id=pk, limit=limit, exclude=exclude)
        return study_json(batch), 200


# --- The review POST ----------------------------------------------------------------------------


def _small_int(value: object) -> int | None:
    # Any 32-bit whole number: the service checks the rating's and the duration's ranges and
    # says what they are.
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return value if value >= -INT_MAX else None
    return parse_int(value)


_ID = "the id of a card (a whole number from 1 to 2^63-1)"
# The numbers of a review: name, required, how to parse it (None: not one), what it must be.
_NUMBERS = (
    ("card", True, parse_id, _ID),
    ("rating", True, _small_int, "a whole number"),
    ("duration_ms", False, _small_int, "a whole number"),
    ("deck", False, parse_id, _ID.replace("card", "deck")),
)


def review_values(item: Any) -> dict[str, Any]:
    """One review of a request body, checked and converted (the fields of ``ReviewInput``, which
    documents them). Plain code rather than the serializer: it runs for every card graded.
    Raises ``StudyError`` naming the field at fault."""
    if not isinstance(item, dict):
        raise StudyError("Send each review as a JSON object.", field="non_field_errors")
    try:
        review_id = uuid.UUID(item["id"]) if isinstance(item.get("id"), str) else None
    except ValueError:
        review_id = None
    if review_id is None:
        raise StudyError("id must be a UUID generated for this review.", field="id")
    values: dict[str, Any] = {"id": review_id}
    for name, required, parse, what in _NUMBERS:
        raw = item.get(name)
        if raw is None and not required:
            continue
        value = parse(raw)
        if value is None:
            raise StudyError(f"{name} must be {what}.", field=name)
        values[name] = value
    values.setdefault("duration_ms", 0)  # the rating's range is the service's to check
    raw_at = item.get("reviewed_at")
    try:
        reviewed_at = parse_datetime(raw_at) if isinstance(raw_at, str) else None
    except ValueError:
        reviewed_at = None
    if reviewed_at is None:
        raise StudyError(
            "reviewed_at must be a date and time like 2026-01-31T09:30:00Z.", field="reviewed_at"
        )
    values["reviewed_at"] = reviewed_at
    return values


def _arguments(values: dict[str, Any]) -> dict[str, Any]:
    """``review_values`` as ``review_record``'s arguments."""
    return {
        "card_id": values["card"],
        "rating": values["rating"],
        "review_id": values["id"],
        "reviewed_at": values["reviewed_at"],
        "duration_ms": values["duration_ms"],
        "deck_id": values.get("deck"),
    }


def review_json(outcome: ReviewOutcome) -> dict[str, Any]:
    """A recorded review as ``ReviewOutput`` describes it."""
    review, after = outcome.review, outcome.after
    buttons = None
    if outcome.buttons is not None:
        labels, seconds = outcome.buttons.labels, outcome.buttons.seconds
        buttons = [
            {"rating": r, "interval": labels[r], "seconds": seconds[r]} for r in (1, 2, 3, 4)
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


class ReviewCreate(LeanAPIView):
    serializer_class = ReviewOutput

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
    def post(self, request: AuthedAPIRequest) -> Response:
        data, status = self.lean_post(request, data=request.data)
        return Response(data, status=status)

    def lean_post(self, request: AuthedAPIRequest, *, data: Any) -> tuple[dict[str, Any], int]:
        if isinstance(data, list):
            return {"results": _batch(request.user, data)}, 200
        outcome = review_record(user=request.user, **_arguments(review_values(data)))
        return review_json(outcome), 201 if outcome.created else 200


def _batch(user: Any, items: list[Any]) -> list[dict[str, Any]]:
    if len(items) > MAX_BATCH:
        raise RetainError(f"Send at most {MAX_BATCH} reviews at once.", field="reviews")
    parsed, results = [], []
    for item in items:
        try:
            parsed.append(_arguments(review_values(item)))
        except RetainError as error:
            item_id = item.get("id", "") if isinstance(item, dict) else ""
            results.append({"id": str(item_id), "status": 400, "detail": error.message})
    for arguments, outcome in review_record_batch(user=user, reviews=parsed):
        review_id = str(arguments["review_id"])
        if isinstance(outcome, ReviewOutcome):
            status = 201 if outcome.created else 200
            results.append({"id": review_id, "status": status, "review": review_json(outcome)})
        elif isinstance(outcome, RetainError):
            results.append(
                {"id": review_id, "status": outcome.status_code, "detail": outcome.message}
            )
        else:
            results.append({"id": review_id, "status": 404, "detail": "No such card."})
    return results
