"""Names and Role Provisioning against a real platform: the LMS course's members appear enrolled
in Retain with their roles before anyone launches; leavers lose access."""

from __future__ import annotations

import pytest
from django.test import Client
from lti_tool.models import LtiUser

from quizzes.lti.services.roster import roster_sync
from quizzes.models import LtiCourseContext, Membership, Role
from tests.lti.conftest import page_text
from tests.lti.helpers import account, set_up_course

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]


def roles(course) -> dict[str, str]:
    return {
        m.user.get_full_name(): m.role
        for m in Membership.objects.filter(course=course).select_related("user")
    }


def test_a_roster_sync_enrols_every_member_with_their_role(lms, browser_factory, sites):
    retain, _ = sites
    course = set_up_course(lms, browser_factory)  # only the teacher has launched
    teacher = browser_factory()
    teacher.launch(lms, "teacher", lms.add_link())
    context = LtiCourseContext.objects.get(course=course)
    assert "Sync roster" in teacher.get(f"{retain}/courses/{course.pk}/lms/").text

    answer = teacher.post(
        f"{retain}/courses/{course.pk}/lms/roster/{context.pk}/",
        {"csrfmiddlewaretoken": teacher.csrf(retain)},
    )

    assert answer.status_code == 302
    assert roles(course) == {
        "Tess Teacher": Role.INSTRUCTOR,
        "Sam Student": Role.STUDENT,
        "Kim Student": Role.STUDENT,
    }
    kim = LtiUser.objects.get(registration=lms.retain, sub="student2-sub").auth_user
    assert kim.email == "kim@school.test"
    listing = teacher.get(f"{retain}/courses/{course.pk}/lms/")
    assert "3 enrolled (2 new), 0 removed" in page_text(listing)


def test_the_class_progress_view_lists_the_class_before_anyone_launches(
    lms, browser_factory, sites
):
    retain, _ = sites
    course = set_up_course(lms, browser_factory)
    roster_sync(course_context=LtiCourseContext.objects.get(course=course))
    teacher = browser_factory()
    teacher.launch(lms, "teacher", lms.add_link())

    page = teacher.get(f"{retain}/courses/{course.pk}/progress/class/")

    assert page.status_code == 200
    text = page_text(page)
    assert account(lms, "student").username in text
    assert account(lms, "student2").username in text


def test_leavers_lose_access_and_a_launch_later_finds_the_same_account(lms, browser_factory):
    course = set_up_course(lms, browser_factory)
    course_context = LtiCourseContext.objects.get(course=course)
    roster_sync(course_context=course_context)
    kim = account(lms, "student2")
    lms.contexts["bio-101"]["members"].remove("student2")
    lms.contexts["bio-101"]["inactive"].append("student")  # Sam is suspended

    outcome = roster_sync(course_context=course_context)

    assert (outcome.enrolled, outcome.removed) == (1, 2)
    assert roles(course) == {"Tess Teacher": Role.INSTRUCTOR}
    client = Client()
    client.force_login(kim)
    assert client.get(f"/courses/{course.pk}/").status_code == 404
    lms.contexts["bio-101"]["members"].append("student2")  # Kim re-enrols in the LMS course
    back = browser_factory()
    assert back.launch(lms, "student2", lms.add_link()).status_code == 302
    assert account(lms, "student2") == kim
    assert roles(course)["Kim Student"] == Role.STUDENT


def test_retain_members_from_elsewhere_are_left_alone(lms, browser_factory, outsider):
    course = set_up_course(lms, browser_factory)
    Membership.objects.create(user=outsider, course=course, role=Role.STUDENT)

    roster_sync(course_context=LtiCourseContext.objects.get(course=course))

    assert Membership.objects.filter(user=outsider, course=course).exists()
