"""What an LTI session may reach: a student's launch cannot open instructor pages, and a launch
from one platform can never read another platform's courses — even when both platforms use the
same user and course ids."""

from __future__ import annotations

import pytest
from lti_tool.models import LtiUser

from quizzes.models import Course
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]


def test_a_students_launch_cannot_reach_instructor_pages(lms, browser_factory, sites):
    retain, _ = sites
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"))
    link_id, _ = deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")
    student = browser_factory()
    assert student.launch(lms, "student", link_id).status_code == 302

    assert student.get(f"{retain}/quizzes/{quiz.pk}/").status_code == 200  # the linked quiz
    for page in (
        f"/quizzes/{quiz.pk}/edit/",
        f"/quizzes/{quiz.pk}/statistics/",
        f"/courses/{course.pk}/progress/class/",
        f"/courses/{course.pk}/lms/",
        "/lti/platforms/",
        f"/api/v1/courses/{course.pk}/lms/grades/",
    ):
        assert student.get(f"{retain}{page}").status_code == 404, page


def test_a_launch_from_platform_a_cannot_read_platform_bs_courses(
    lms, lms_b, browser_factory, sites
):
    retain, _ = sites
    course_a = set_up_course(lms, browser_factory)
    course_b = set_up_course(lms_b, browser_factory)
    quiz_b = published_quiz(course_b, account(lms_b, "teacher"))
    student_a = browser_factory()
    teacher_a = browser_factory()
    student_a.launch(lms, "student", lms.add_link())
    teacher_a.launch(lms, "teacher", lms.add_link())
    browser_factory().launch(lms_b, "student", lms_b.add_link())

    # Same subjects and context id on both platforms: different Retain accounts and courses.
    assert course_a != course_b
    assert account(lms, "student") != account(lms_b, "student")
    assert LtiUser.objects.filter(sub="student-sub").count() == 2
    for browser in (student_a, teacher_a):
        for page in (
            f"/courses/{course_b.pk}/",
            f"/quizzes/{quiz_b.pk}/",
            f"/courses/{course_b.pk}/lms/",
            f"/api/v1/courses/{course_b.pk}/",
        ):
            assert browser.get(f"{retain}{page}").status_code == 404, page
        courses = browser.get(f"{retain}/api/v1/courses/").json()["results"]
        assert [c["id"] for c in courses] == [course_a.pk]


def test_a_link_to_another_courses_activity_is_refused(lms, lms_b, browser_factory, caplog):
    """A resource link whose custom parameter names a placement of platform B's course (a copied
    LMS course, a tampered link) does not open it from platform A."""
    set_up_course(lms, browser_factory)
    course_b = set_up_course(lms_b, browser_factory)
    quiz_b = published_quiz(course_b, account(lms_b, "teacher"))
    link_b, _ = deep_link(lms_b, browser_factory(), f"quiz:{quiz_b.pk}")
    stolen = lms.add_link(custom=lms_b.resource_links[link_b].custom)

    answer = browser_factory().launch(lms, "teacher", stolen)

    assert answer.status_code == 404
    assert "a Retain activity of another course" in answer.text
    assert "LTI launch refused (placement)" in caplog.text
    assert Course.objects.count() == 2
