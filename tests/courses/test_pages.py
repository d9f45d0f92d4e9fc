"""Web pages: scoping by membership, forms with messages next to fields."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Membership, Source
from tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client):
    response = client.get("/courses/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_login_page_renders(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_a_student_sees_their_course_and_its_article(web_as, student, course, source):
    client = web_as(student)
    assert course.title in client.get("/courses/").content.decode()
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert source.title in page
    assert course.join_code not in page  # only instructors see the join code
    assert "Brazil, with 60%" in client.get(f"/articles/{source.pk}/").content.decode()


def test_another_courses_pages_are_404(web_as, student, other_course, other_source):
    client = web_as(student)
    assert client.get(f"/courses/{other_course.pk}/").status_code == 404
    assert client.get(f"/courses/{other_course.pk}/articles/").status_code == 404
    assert client.get(f"/articles/{other_source.pk}/").status_code == 404


def test_students_cannot_open_the_add_article_page(web_as, student, course):
    assert web_as(student).get(f"/courses/{course.pk}/articles/new/").status_code == 404


def test_an_instructor_adds_the_sample_article(web_as, instructor, course):
    response = web_as(instructor).post(
        f"/courses/{course.pk}/articles/new/", {"kind": "sample"}, follow=True
    )
    assert response.status_code == 200
    assert "Key Drivers in US-North Korea relations" in response.content.decode()
    assert Source.objects.filter(course=course).count() == 1


def test_an_upload_error_shows_next_to_the_file_field(web_as, instructor, course):
    upload = SimpleUploadedFile("notes.txt", "Caf\xe9".encode("latin-1") * 50)
    response = web_as(instructor).post(
        f"/courses/{course.pk}/articles/new/", {"kind": "upload", "file": upload}
    )
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert "not UTF-8" in response.content.decode()
    assert Source.objects.count() == 0


def test_pasting_nothing_says_so(web_as, instructor, course):
    response = web_as(instructor).post(
        f"/courses/{course.pk}/articles/new/", {"kind": "paste", "text": ""}
    )
    assert response.status_code == 400
    assert "Paste the article" in response.content.decode()


def test_uploading_a_text_file_works(web_as, instructor, course):
    upload = SimpleUploadedFile("rainforest.txt", ARTICLE.encode())
    response = web_as(instructor).post(
        f"/courses/{course.pk}/articles/new/", {"kind": "upload", "file": upload}
    )
    assert response.status_code == 302
    assert Source.objects.get().format == "text"


def test_signup_with_a_join_code_enrols_the_student(client, course):
    response = client.post(
        "/signup/",
        {
            "username": "newstudent",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "join_code": course.join_code,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__username="newstudent", course=course, role="student"
    ).exists()


def test_signup_with_a_wrong_join_code_shows_the_error_by_the_field(client, course):
    response = client.post(
        "/signup/",
        {
            "username": "newstudent",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "join_code": "WRONG",
        },
    )
    assert response.status_code == 200
    assert 'id="id_join_code_error"' in response.content.decode()


def test_joining_and_creating_courses_from_the_course_list(web_as, outsider, course):
    client = web_as(outsider)
    assert client.post("/courses/join/", {"join_code": course.join_code}).status_code == 302
    assert client.post("/courses/join/", {"join_code": "NOPE"}).status_code == 400
    response = client.post("/courses/new/", {"title": "My own course"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=outsider, role="instructor").count() == 1


def test_pages_send_a_content_security_policy(web_as, student, course):
    response = web_as(student).get("/courses/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
