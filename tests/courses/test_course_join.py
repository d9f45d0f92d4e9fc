from __future__ import annotations

import pytest

from quizzes.accounts.services import student_signup
from quizzes.courses.services import course_create, course_join
from quizzes.errors import CourseError
from quizzes.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_creating_a_course_makes_its_creator_the_instructor(instructor):
    course = course_create(user=instructor, title="  Biology  ")
    assert course.title == "Biology"
    assert Membership.objects.get(course=course).role == Role.INSTRUCTOR


def test_a_course_needs_a_title(instructor):
    with pytest.raises(CourseError, match="title"):
        course_create(user=instructor, title="   ")


def test_joining_is_case_and_space_insensitive_and_idempotent(instructor, outsider):
    course = course_create(user=instructor, title="Biology")
    code = " ".join(course.join_code.lower())
    first = course_join(user=outsider, join_code=code)
    second = course_join(user=outsider, join_code=course.join_code)
    assert first.pk == second.pk
    assert first.role == Role.STUDENT


def test_a_wrong_join_code_is_refused(outsider):
    with pytest.raises(CourseError, match="No course has this join code"):
        course_join(user=outsider, join_code="NOPE1234")


def test_signup_with_a_wrong_code_creates_no_account(db):
    from django.contrib.auth import get_user_model

    with pytest.raises(CourseError):
        student_signup(username="newbie", password="long-enough-pass", join_code="WRONG")
    assert not get_user_model().objects.filter(username="newbie").exists()
