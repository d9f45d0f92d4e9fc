"""API: courses and articles — scoping, bad input, token auth and the schema."""

from __future__ import annotations

import pytest

from quizzes.models import Membership, Source
from tests.conftest import ARTICLE, PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_requests_are_refused(api):
    assert api.get("/api/v1/courses/").status_code in {401, 403}


def test_a_user_lists_only_their_courses(api_as, student, course, other_course):
    body = api_as(student).get("/api/v1/courses/").json()
    assert [c["title"] for c in body["results"]] == [course.title]
    assert body["results"][0]["role"] == "student"
    assert body["results"][0]["join_code"] is None


def test_creating_a_course_makes_the_user_its_instructor(api_as, outsider):
    response = api_as(outsider).post("/api/v1/courses/", {"title": "Chemistry"}, format="json")
    assert response.status_code == 201
    assert response.json()["role"] == "instructor"
    assert (
        Membership.objects.get(user=outsider, course_id=response.json()["id"]).role == "instructor"
    )


def test_joining_by_code(api_as, outsider, course):
    response = api_as(outsider).post(
        "/api/v1/courses/join/", {"join_code": course.join_code}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["role"] == "student"
    bad = api_as(outsider).post("/api/v1/courses/join/", {"join_code": "ZZZZ"}, format="json")
    assert bad.status_code == 400
    assert "No course has this join code" in bad.json()["detail"]


def test_an_instructor_adds_pasted_text(
    api_as, instructor, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(instructor).post(
            "/api/v1/sources/",
            {"course": course.pk, "text": ARTICLE, "title": "Rainforest"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "new"
    source = Source.objects.get()
    assert source.title == "Rainforest"
    assert source.status == "ready"  # processed by the job queued on commit


def test_adding_the_same_text_again_answers_200_with_the_existing_article(
    api_as, instructor, source
):
    response = api_as(instructor).post(
        "/api/v1/sources/", {"course": source.course_id, "text": ARTICLE}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == source.pk
    assert Source.objects.count() == 1


def test_an_instructor_uploads_a_file(api_as, instructor, course):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rainforest.md", ARTICLE.encode(), content_type="text/markdown")
    response = api_as(instructor).post(
        "/api/v1/sources/", {"course": course.pk, "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["format"] == "markdown"


def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(api_as, instructor, course):
    response = api_as(instructor).post(
        "/api/v1/sources/", {"course": course.pk, "text": "   "}, format="json"
    )
    assert response.status_code == 400
    assert Source.objects.count() == 0
    response = api_as(instructor).post(
        "/api/v1/sources/",
        {"course": course.pk, "text": "Bonjour " * 30 + "la forêt est très grande."},
        format="json",
    )
    assert response.status_code == 400
    assert "French" in response.json()["detail"]
    assert response.json()["field"] == "text"
    assert Source.objects.count() == 0


def test_students_cannot_add_articles(api_as, student, course):
    response = api_as(student).post(
        "/api/v1/sources/", {"course": course.pk, "text": ARTICLE}, format="json"
    )
    assert response.status_code == 404
    assert Source.objects.count() == 0


def test_another_courses_article_is_404(api_as, student, source, other_source):
    client = api_as(student)
    assert client.get(f"/api/v1/sources/{other_source.pk}/").status_code == 404
    assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 200
    listed = client.get("/api/v1/sources/").json()["results"]
    assert [s["id"] for s in listed] == [source.pk]


def test_sources_filter_by_course(api_as, instructor, source, course):
    client = api_as(instructor)
    assert client.get(f"/api/v1/sources/?course={course.pk}").json()["count"] == 1
    assert client.get(f"/api/v1/sources/?course={course.pk + 999}").json()["count"] == 0


def test_token_auth(api, student, course):
    bad = api.post(
        "/api/v1/auth/token/", {"username": "student", "password": "wrong"}, format="json"
    )
    assert bad.status_code == 400
    token = api.post(
        "/api/v1/auth/token/", {"username": "student", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/v1/courses/").json()["count"] == 1
    api.credentials(HTTP_AUTHORIZATION="Token forged-token-value")
    assert api.get("/api/v1/courses/").status_code == 401


def test_the_openapi_schema_describes_the_api(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Retain API"
    assert "/api/v1/sources/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


@pytest.mark.parametrize(
    ("url", "renderer"), [("/api/docs/", b"redoc"), ("/api/docs/try/", b"swagger")]
)
def test_the_api_docs_pages_serve_without_a_cdn(client, url, renderer):
    response = client.get(url)
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content
    assert renderer in response.content.lower()
    assert b"cdn" not in response.content.lower()
    assert b"fonts.googleapis" not in response.content
