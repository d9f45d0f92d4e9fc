"""Shared fixtures, chained: instructor → course → source; students enrolled in the course."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from quizzes.models import Source
from quizzes.services.courses import course_create, course_join
from quizzes.services.sources import source_create

PASSWORD = "correct-horse-battery"


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def instructor(db):
    return make_user("teacher")


@pytest.fixture
def student(db):
    return make_user("student")


@pytest.fixture
def outsider(db):
    """A user who belongs to another course, with its own article."""
    return make_user("outsider")


@pytest.fixture
def course(instructor, student):
    course = course_create(user=instructor, title="Foreign policy 101")
    course_join(user=student, join_code=course.join_code)
    return course


@pytest.fixture
def other_course(outsider):
    return course_create(user=outsider, title="Another course")


ARTICLE = (
    "The Amazon rainforest covers much of the Amazon basin of South America. "
    "The basin encompasses seven million square kilometres, of which five and a half million are "
    "covered by the rainforest. The region includes territory belonging to nine nations.\n\n"
    "The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by "
    "Peru with 13% and Colombia with 10%."
)


@pytest.fixture
def source(course, instructor) -> Source:
    source, _ = source_create(
        course=course, user=instructor, text=ARTICLE, title="Amazon rainforest"
    )
    source.refresh_from_db()
    return source


@pytest.fixture
def other_source(other_course, outsider) -> Source:
    source, _ = source_create(course=other_course, user=outsider, text=ARTICLE, title="Theirs")
    return source


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user=user)
        return api

    return login


@pytest.fixture
def web_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login
