"""The study hot paths answer plain requests without DRF's parsing and rendering (``fast.views``):
the same authentication, CSRF, permission check, throttles, errors and headers as DRF, and
everything else still goes through DRF."""

from __future__ import annotations

import ast
import inspect
import textwrap
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework import permissions, throttling
from rest_framework.views import APIView

from quizzes.accounts.tokens import token_create
from quizzes.models import Review
from quizzes.study.fast.views import LeanAPIView
from tests.study.reviewing import row_queries

DECKS = "/api/v1/decks/"
REVIEWS = "/api/v1/reviews/"


def body(card_obj, **extra):
    return {
        "id": str(uuid.uuid4()),
        "card": card_obj.pk,
        "rating": 3,
        "reviewed_at": timezone.now().isoformat(),
        "duration_ms": 900,
        **extra,
    }


@pytest.fixture
def browser(student):
    """A signed-in browser that must send its CSRF token, as a real one must."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    return client


def test_a_plain_json_answer_carries_drfs_headers(api_as, student, enrolled):
    response = api_as(student).get(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Vary"] == "Accept"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["cards"]


def test_no_credentials_is_401_with_the_token_challenge(api, enrolled, approved_cards):
    for response in (
        api.get(f"{DECKS}{enrolled.pk}/study/"),
        api.post(REVIEWS, body(approved_cards[0]), format="json"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert not Review.objects.exists()


def test_a_malformed_token_header_is_401(api, enrolled):
    api.credentials(HTTP_AUTHORIZATION="Token two words")
    response = api.get(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 401
    assert "Invalid token header" in response.json()["detail"]


def test_the_browser_session_studies_and_its_review_needs_the_csrf_token(
    browser, enrolled, approved_cards
):
    assert browser.get(f"{DECKS}{enrolled.pk}/study/").status_code == 200
    refused = browser.post(REVIEWS, body(approved_cards[0]), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF Failed")
    assert not Review.objects.exists()

    token = browser.get(f"/decks/{enrolled.pk}/study/").cookies["csrftoken"].value  # the page
    accepted = browser.post(
        REVIEWS,
        body(approved_cards[0]),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201, accepted.content
    assert Review.objects.count() == 1


def test_malformed_json_is_400_and_records_nothing(api_as, student, enrolled):
    response = api_as(student).post(REVIEWS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"card": "twelve"}, "card"),
        ({"rating": True}, "rating"),
        ({"duration_ms": 1.5}, "duration_ms"),
        ({"reviewed_at": None}, "reviewed_at"),
        ({"reviewed_at": "2026-02-30T10:00:00Z"}, "reviewed_at"),
        ({"reviewed_at": "2026-01-31T09:30:00"}, "reviewed_at"),  # no offset: whose 09:30?
        ({"id": 12}, "id"),
    ],
)
def test_each_bad_field_is_named(api_as, student, enrolled, approved_cards, change, field):
    response = api_as(student).post(REVIEWS, body(approved_cards[0], **change), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Review.objects.exists()


def test_a_review_that_is_not_an_object_is_400(api_as, student, enrolled):
    response = api_as(student).post(REVIEWS, "3", content_type="application/json")
    assert response.status_code == 400


def test_a_form_body_still_goes_through_drf(api_as, student, enrolled, approved_cards):
    response = api_as(student).post(REVIEWS, body(approved_cards[0]))  # multipart form
    assert response.status_code == 201, response.json()
    assert Review.objects.count() == 1


def test_the_browsable_api_and_format_still_go_through_drf(api_as, student, enrolled):
    api = api_as(student)
    page = api.get(f"{DECKS}{enrolled.pk}/study/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert api.get(f"{DECKS}{enrolled.pk}/study/?format=json").json()["cards"]


def test_another_method_is_drfs_405(api_as, student, enrolled):
    response = api_as(student).delete(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_an_inactive_token_owner_is_refused(api, student, enrolled):
    _token, key = token_create(user=student, origin="page")
    student.is_active = False
    student.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_the_review_parser_reads_exactly_the_documented_fields():
    """``ReviewInput`` documents the body (OpenAPI); ``review_values`` parses it: same fields."""
    from quizzes.study.api.reviews import ReviewInput
    from quizzes.study.fast.views import review_values

    full = {
        "id": str(uuid.uuid4()),
        "card": 7,
        "rating": 2,
        "reviewed_at": "2026-01-31T09:30:00Z",
        "duration_ms": 800,
        "deck": 3,
        "ignored": "unknown keys are ignored, as DRF does",
    }
    values = review_values(full)
    assert set(values) == set(ReviewInput().fields)
    assert values["reviewed_at"].utcoffset().total_seconds() == 0
    assert review_values({k: full[k] for k in ("id", "card", "rating", "reviewed_at")}) == {
        "id": uuid.UUID(full["id"]),
        "card": 7,
        "rating": 2,
        "reviewed_at": values["reviewed_at"],
        "duration_ms": 0,
    }


# --- The same permission check and throttles as every other view ------------------------------


class _NoStudyToday(permissions.BasePermission):
    message = "Studying is closed for maintenance."
    calls: list[str] = []

    def has_permission(self, request, view):
        self.calls.append(type(view).__name__)
        return False


class _TwoPerMinute(throttling.UserRateThrottle):
    rate = "2/min"


@pytest.fixture
def project_settings(monkeypatch):
    """What settings.py's DEFAULT_PERMISSION_CLASSES / DEFAULT_THROTTLE_CLASSES give every DRF
    view (DRF reads them into ``APIView`` when it is imported, so a test sets them there)."""

    def configure(*, permission=None, throttle=None):
        if permission is not None:
            monkeypatch.setattr(APIView, "permission_classes", [permission])
        if throttle is not None:
            monkeypatch.setattr(APIView, "throttle_classes", [throttle])
            cache.clear()

    yield configure
    cache.clear()


def test_the_lean_path_asks_the_projects_permission_classes(
    api_as, student, enrolled, approved_cards, project_settings
):
    _NoStudyToday.calls.clear()
    project_settings(permission=_NoStudyToday)
    api = api_as(student)
    for response in (
        api.get(f"{DECKS}{enrolled.pk}/study/"),
        api.post(REVIEWS, body(approved_cards[0]), format="json"),
        api.get(f"{DECKS}{enrolled.pk}/forecast/"),  # an ordinary DRF view, for comparison
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "Studying is closed for maintenance."}
    assert _NoStudyToday.calls == ["DeckStudy", "ReviewCreate", "DeckForecast"]
    assert not Review.objects.exists()


def test_the_lean_path_is_throttled_like_every_view(
    api_as, student, enrolled, approved_cards, project_settings
):
    project_settings(throttle=_TwoPerMinute)
    api = api_as(student)
    assert api.get(f"{DECKS}{enrolled.pk}/study/").status_code == 200
    assert api.post(REVIEWS, body(approved_cards[0]), format="json").status_code == 201
    for response in (
        api.get(f"{DECKS}{enrolled.pk}/study/"),
        api.post(REVIEWS, body(approved_cards[1]), format="json"),
    ):
        assert response.status_code == 429
        assert "throttled" in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
    assert Review.objects.count() == 1


def _steps(function) -> list[str]:
    """The ``self.<method>(…)`` calls of a method, in order."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    ]


def test_the_lean_path_takes_every_step_of_drfs_initial_but_negotiation():
    """If a DRF upgrade adds a step before the handler, this fails until the lean path has it."""
    drf = [step for step in _steps(APIView.initial) if step != "perform_content_negotiation"]
    assert _steps(LeanAPIView.initial_without_negotiation) == drf
    assert {"check_permissions", "check_throttles", "perform_authentication"} <= set(drf)


def test_the_endpoints_add_only_the_token_lookup_to_the_query_budgets(
    api_as, student, enrolled, approved_cards
):
    """The permission check and the throttles cost no query: next cards is the token and at most
    three, a review the token and at most four (the service's budgets)."""
    api = api_as(student)
    assert api.get(f"{DECKS}{enrolled.pk}/study/").status_code == 200
    with row_queries() as queries:
        assert api.get(f"{DECKS}{enrolled.pk}/study/").status_code == 200
    assert len(queries.rows) <= 1 + 3, queries.rows
    with row_queries() as queries:  # a first review: read, insert, update, the card shown
        assert api.post(REVIEWS, body(approved_cards[4]), format="json").status_code == 201
    assert len(queries.rows) <= 1 + 4, queries.rows


def test_drfs_forced_authentication_reaches_the_lean_path(api, student, enrolled):
    """The lean path builds DRF's own request, so a test client's force_authenticate works."""
    api.force_authenticate(student)
    response = api.get(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
