"""Launches from a real LTI 1.3 platform over loopback: who lands where, with which account,
course and role, and what the browser is allowed to do with the LTI session."""

from __future__ import annotations

import pytest
from lti_tool.models import LtiUser

from quizzes.models import Course, LtiCourseContext, Membership, Role
from tests.lti.conftest import page_text

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]


def test_an_instructor_launch_creates_the_course_and_signs_the_teacher_in(lms, browser_factory):
    browser = browser_factory()
    link = lms.add_link()

    answer = browser.launch(lms, "teacher", link)

    assert answer.status_code == 302, page_text(answer)
    course = Course.objects.get(title="Biology 101")
    assert answer.headers["Location"] == f"/courses/{course.pk}/lms/"  # no activity: LMS page
    lti_user = LtiUser.objects.get(registration=lms.retain, sub="teacher-sub")
    teacher = lti_user.auth_user
    assert (teacher.first_name, teacher.last_name, teacher.email) == (
        "Tess",
        "Teacher",
        "tess@school.test",
    )
    assert not teacher.has_usable_password()
    assert Membership.objects.get(user=teacher, course=course).role == Role.INSTRUCTOR
    assert LtiCourseContext.objects.get(course=course).context.id_on_platform == "bio-101"
    page = browser.follow(answer)
    assert page.status_code == 200
    assert "Biology 101" in page.text
    assert "LMS and learning records" in page.text


def test_a_second_launch_reuses_the_account_and_the_course(lms, browser_factory):
    link = lms.add_link()
    browser_factory().launch(lms, "teacher", link)
    browser_factory().launch(lms, "teacher", link)

    assert Course.objects.filter(title="Biology 101").count() == 1
    assert LtiUser.objects.filter(registration=lms.retain, sub="teacher-sub").count() == 1


def test_a_student_launch_enrols_the_student(lms, browser_factory):
    link = lms.add_link()
    browser_factory().launch(lms, "teacher", link)

    answer = browser_factory().launch(lms, "student", link)

    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/")
    assert "/lms/" not in answer.headers["Location"]
    student = LtiUser.objects.get(registration=lms.retain, sub="student-sub").auth_user
    course = Course.objects.get(title="Biology 101")
    assert Membership.objects.get(user=student, course=course).role == Role.STUDENT


def test_a_student_before_the_course_is_set_up_gets_a_clear_page(lms, browser_factory, caplog):
    link = lms.add_link()

    answer = browser_factory().launch(lms, "student", link)

    assert answer.status_code == 409
    assert "your instructor has to open it once" in page_text(answer)
    assert "no-course" in caplog.text


def test_the_lti_session_is_framable_by_its_platform_and_its_cookies_partitioned(
    lms, browser_factory, sites
):
    _retain, lms_origin = sites
    browser = browser_factory()
    answer = browser.launch(lms, "teacher", lms.add_link())

    session_cookie = next(
        c for c in answer.raw.headers.getlist("Set-Cookie") if c.startswith("sessionid=")
    )
    assert "SameSite=None" in session_cookie
    assert "Secure" in session_cookie
    assert session_cookie.endswith("; Partitioned")
    page = browser.follow(answer)
    assert f"frame-ancestors {lms_origin}" in page.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in page.headers


def test_other_sessions_keep_lax_cookies_and_refuse_every_frame(db, client, instructor):
    from tests.conftest import PASSWORD

    answer = client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})

    assert answer.cookies["sessionid"]["samesite"] == "Lax"
    assert "Partitioned" not in answer.cookies["sessionid"].output()
    page = client.get("/courses/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
