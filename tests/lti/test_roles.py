"""LTI roles → Retain course roles (pure)."""

from __future__ import annotations

import pytest

from quizzes.lti.roles import course_role, full_role

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize(
    "roles",
    [
        [LIS + "membership#Instructor"],
        [LIS + "membership#ContentDeveloper"],
        [LIS + "membership#Administrator"],
        [LIS + "membership/Instructor#TeachingAssistant"],
        [LIS + "institution/person#Administrator"],
        [LIS + "system/person#Administrator"],
        ["Instructor"],  # deprecated simple name
        [LIS + "membership#Learner", LIS + "membership#Instructor"],
    ],
)
def test_teachers_and_administrators_are_instructors(roles):
    assert course_role(roles) == "instructor"


@pytest.mark.parametrize(
    "roles",
    [
        [LIS + "membership#Learner"],
        ["Learner"],
        [LIS + "membership#Mentor"],
        [LIS + "institution/person#Faculty"],  # faculty elsewhere, not teaching this course
        [LIS + "institution/person#Instructor"],
        [],
    ],
)
def test_everyone_else_is_a_student(roles):
    assert course_role(roles) == "student"


def test_a_simple_name_is_a_context_role():
    assert full_role(" Learner ") == LIS + "membership#Learner"
    assert full_role(LIS + "membership#Learner") == LIS + "membership#Learner"
