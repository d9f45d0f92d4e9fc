"""Issue #18, "unhandled input": one validation layer for ids and numbers, JSON depth, NUL and body
size. Each bad input answers 4xx in its channel's own format (the API's JSON error, the site's
404 or form), never a 500."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import override_settings

from quizzes.core.bounds import ID_MAX, InputError, check_json, loads_checked, parse_id, parse_int
from quizzes.models import PracticeAnswer, Response
from quizzes.quiz.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

HUGE = str(2**63)  # one past the largest id
HUGER = "9" * 40


# --- the pure checks


def test_parse_id_takes_ascii_digits_within_64_bits_only():
    assert parse_id("42") == 42
    assert parse_id(str(ID_MAX)) == ID_MAX
    for bad in (HUGE, "0", "-1", "²", "١٢", " 1", "1e3", "", None, True, 2**63):
        assert parse_id(bad) is None
    assert parse_int("0") == 0
    assert parse_int("2147483648") is None


def test_json_deeper_than_the_limit_or_holding_nul_is_refused():
    check_json({"a": [1, [2, {"b": "ok"}]]})
    with pytest.raises(InputError, match="nested deeper than 32"):
        check_json(json.loads("[" * 33 + "]" * 33))
    with pytest.raises(InputError, match="NUL"):
        check_json({"answer": ["fine", "bad\x00"]})
    with pytest.raises(InputError, match="NUL"):
        check_json({"k\x00": 1})


def test_the_lean_views_helper_refuses_what_json_loads_cannot_survive():
    """For the study views' own parser (they call ``loads_checked`` on the raw body)."""
    with pytest.raises(InputError, match="nested deeper"):
        loads_checked("[" * 100_000 + "]" * 100_000)  # json.loads itself: RecursionError
    with pytest.raises(ValueError, match="not a JSON number"):
        loads_checked('{"rating": NaN}')
    assert loads_checked(b'{"rating": 3}') == {"rating": 3}


# --- ids in URLs


@pytest.mark.parametrize("bad", [HUGE, HUGER, "0"])
def test_an_id_past_64_bits_in_a_url_is_a_404_on_pages_and_in_the_api(
    web_as, api_as, instructor, course, bad, settings
):
    settings.DEBUG = False  # Django's error views, as in production
    for path in (
        f"/courses/{bad}/",
        f"/articles/{bad}/",
        f"/quizzes/{bad}/",
        f"/courses/{course.pk}/progress/students/{bad}/",
    ):
        assert web_as(instructor).get(path).status_code == 404, path
    api = api_as(instructor)
    for path in (
        f"/api/v1/courses/{bad}/",
        f"/api/v1/sources/{bad}/",
        f"/api/v1/quizzes/{bad}/",
        f"/api/v1/attempts/{bad}/responses/{bad}/",
    ):
        response = api.get(path) if "responses" not in path else api.put(path, {}, format="json")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"


# --- ids and numbers in queries and bodies


@pytest.mark.parametrize("value", [HUGE, "1e400", "-1", "²"])
def test_an_out_of_range_course_filter_is_a_400_in_the_api_format(
    api_as, instructor, course, value
):
    for path in ("/api/v1/sources/", "/api/v1/quizzes/"):
        response = api_as(instructor).get(path, {"course": value})
        assert response.status_code == 400, (path, response.content)
        assert response.json()["field"] == "course"
    assert api_as(instructor).get("/api/v1/progress/me/", {"course": HUGE}).status_code == 400


def test_ids_and_counts_in_bodies_are_bounded(api_as, instructor, course, quiz):
    api = api_as(instructor)
    made = api.post("/api/v1/quizzes/", {"course": 2**63, "title": "Q"}, format="json")
    assert made.status_code == 400
    assert made.json()["field"] == "course"
    slots = f"/api/v1/quizzes/{quiz.pk}/slots/"
    for body, field in (
        ({"question": 2**64}, "question"),
        ({"draw_count": 10**6}, "draw_count"),
        ({"draw_count": 1, "source": 2**63}, "source"),
        ({"draw_count": 1, "points": 1e308}, "points"),
    ):
        response = api.post(slots, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["field"] == field
    assert (
        api.post(
            f"/api/v1/quizzes/{quiz.pk}/regrade/", {"question": 2**63}, format="json"
        ).status_code
        == 400
    )
    settings = api.patch(f"/api/v1/quizzes/{quiz.pk}/", {"max_attempts": 2**40}, format="json")
    assert settings.status_code == 400


def test_an_autosave_sequence_past_32_bits_is_refused_in_the_api_and_on_the_page(
    api_as, web_as, student, quiz
):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response = api_as(student).put(
        f"/api/v1/attempts/{attempt.pk}/responses/1/",
        {"answer": "a", "sequence": 2**63},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "sequence"
    page = web_as(student).post(
        f"/attempts/{attempt.pk}/", {"slots": ["1"], "answer-1": "a", "seq-1": str(2**63)}
    )
    assert page.status_code in (302, 400)
    assert Response.objects.get(attempt=attempt, slot=1).sequence < 2**31


def test_unicode_digits_and_huge_numbers_in_page_queries_are_ignored(
    web_as, student, course, source
):
    client = web_as(student)
    assert client.get(f"/articles/{source.pk}/", {"evidence": "²-³"}).status_code == 200
    assert client.get(f"/articles/{source.pk}/", {"evidence": f"0-{HUGER}"}).status_code == 200
    assert client.get(f"/courses/{course.pk}/practice/", {"claim": "²"}).status_code == 200
    assert client.get(f"/courses/{course.pk}/practice/", {"claim": HUGER}).status_code == 200


# --- JSON depth, NUL, body size


def test_deeply_nested_json_is_a_400_in_the_api_format(api_as, instructor, course):
    body = '{"title": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api_as(instructor).post("/api/v1/courses/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than 32" in response.json()["detail"]


def _short_answer_slot(attempt) -> int:
    return next(e["slot"] for e in attempt.layout if e["type"] == "short_answer")


def test_a_nul_in_a_quiz_answer_is_refused_in_the_api_on_the_page_and_in_practice(
    api_as, web_as, student, quiz
):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    slot = _short_answer_slot(attempt)
    response = api_as(student).put(
        f"/api/v1/attempts/{attempt.pk}/responses/{slot}/",
        {"answer": "Peru\x00", "sequence": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    page = web_as(student).post(
        f"/attempts/{attempt.pk}/", {"slots": [str(slot)], f"answer-{slot}": "Peru\x00"}
    )
    assert page.status_code == 400
    assert "NUL" in page.content.decode()
    assert Response.objects.get(attempt=attempt, slot=slot).answer is None
    question = Response.objects.get(attempt=attempt, slot=slot).question
    practice = web_as(student).post(
        f"/courses/{quiz.course_id}/practice/questions/{question.pk}/",
        {"answer": "Peru\x00", "answer_id": str(uuid.uuid4())},
    )
    assert practice.status_code == 400
    assert "NUL" in practice.context["error"]
    assert not PracticeAnswer.objects.exists()


def test_a_ten_megabyte_body_is_a_json_400_from_the_api(api_as, student, enrolled):
    api = api_as(student)
    big = json.dumps({"title": "x" * (10 * 1024 * 1024)})
    for path in ("/api/v1/courses/", "/api/v1/reviews/"):  # a DRF view; a lean study view
        response = api.post(path, big, content_type="application/json")
        assert response.status_code == 400, path
        assert response["Content-Type"] == "application/json"
        assert "larger than 3 MB" in response.json()["detail"]
    upload = api.post(
        "/api/v1/sources/",
        {"course": 1, "title": "big", "text": "x" * (10 * 1024 * 1024)},
        format="multipart",
    )
    assert upload.status_code == 400
    assert upload["Content-Type"] == "application/json"


@override_settings(DEBUG=False)
def test_validation_errors_carry_the_apis_detail_and_field(api_as, instructor):
    response = api_as(instructor).post("/api/v1/courses/", {"title": ""}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "title"
    assert body["detail"] == body["title"][0]
