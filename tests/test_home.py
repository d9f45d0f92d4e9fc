"""The header and the course page: the same header items for the same role on every page
(Progress always there), instructor actions for instructors with a "view as student", student
actions for students only."""

from __future__ import annotations

import re

import pytest

from quizzes.courses.services import course_create, course_join

pytestmark = pytest.mark.django_db


def header_items(html: str) -> list[str]:
    links = html.split('<ul class="nav-links">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<>]+)</a></li>", links)


def test_a_student_sees_the_same_four_items_on_every_page(web_as, student, course, quiz, enrolled):
    client = web_as(student)
    pages = ["/courses/", f"/courses/{course.pk}/", "/quizzes/", "/decks/", f"/quizzes/{quiz.pk}/"]
    for url in pages:
        assert header_items(client.get(url).content.decode()) == [
            "Courses",
            "Quizzes",
            "Study",
            "Progress",
        ], url


def test_an_instructor_also_sees_the_question_bank(web_as, instructor, course):
    html = web_as(instructor).get("/quizzes/").content.decode()
    assert header_items(html) == ["Courses", "Quizzes", "Study", "Progress", "Question bank"]


def test_the_current_section_is_marked(web_as, student, course):
    html = web_as(student).get("/quizzes/").content.decode()
    assert '<a href="/quizzes/" aria-current="page">Quizzes</a>' in html


def test_progress_in_the_header_opens_the_courses_progress(web_as, student, instructor, course):
    html = web_as(student).get(f"/courses/{course.pk}/").content.decode()
    assert f'href="/progress/?course={course.pk}"' in html
    student_answer = web_as(student).get(f"/progress/?course={course.pk}")
    assert student_answer["Location"] == f"/courses/{course.pk}/progress/"
    teacher_answer = web_as(instructor).get(f"/progress/?course={course.pk}")
    assert teacher_answer["Location"] == f"/courses/{course.pk}/progress/class/"


def test_progress_without_a_course_lists_the_users_courses(web_as, student, course, other_course):
    client = web_as(student)
    assert client.get("/progress/")["Location"] == f"/courses/{course.pk}/progress/"  # the only one
    course_join(user=student, join_code=other_course.join_code)
    html = client.get("/progress/").content.decode()
    assert f'href="/courses/{course.pk}/progress/"' in html
    assert f'href="/courses/{other_course.pk}/progress/"' in html


def test_the_bank_in_the_header_is_for_courses_one_teaches(web_as, instructor, student, course):
    assert web_as(instructor).get("/bank/")["Location"] == f"/courses/{course.pk}/bank/"
    html = web_as(student).get(f"/bank/?course={course.pk}").content.decode()
    assert "You do not teach a course yet" in html
    mine = course_create(user=instructor, title="Second course")
    listing = web_as(instructor).get("/bank/").content.decode()
    assert f'href="/courses/{mine.pk}/bank/"' in listing


def test_the_instructors_course_page_has_instructor_actions_only(web_as, instructor, course):
    html = web_as(instructor).get(f"/courses/{course.pk}/").content.decode()
    for action in (
        "Add an article",
        "Question bank",
        "New quiz",
        "Class progress",
        "LMS and grades",
        "View as student",
    ):
        assert action in html
    # The LMS page (links, grade sync, roster, xAPI) is reachable without an LMS launch.
    lms = web_as(instructor).get(f"/courses/{course.pk}/lms/")
    assert lms.status_code == 200
    assert f'href="/courses/{course.pk}/lms/"' in html
    assert "My progress" not in html
    assert "Study my weakest claims" not in html


def test_the_students_course_page_has_student_actions_only(web_as, student, course):
    html = web_as(student).get(f"/courses/{course.pk}/").content.decode()
    assert "My progress" in html
    assert "Study my weakest claims" in html
    for action in (
        "Add an article",
        "New quiz",
        "Class progress",
        "View as student",
        course.join_code,
    ):
        assert action not in html


def test_view_as_student_shows_what_students_see(
    web_as, instructor, course, quiz, make_quiz, quiz_bank
):
    draft = make_quiz(quiz_bank[:1], publish=False, title="Draft quiz")
    client = web_as(instructor)
    teacher = client.get(f"/courses/{course.pk}/").content.decode()
    assert draft.title in teacher
    html = client.get(f"/courses/{course.pk}/?view=student").content.decode()
    assert "You are seeing this course as its students do" in html
    assert quiz.title in html
    assert draft.title not in html
    assert "My progress" in html
    assert "Class progress" not in html
    assert course.join_code not in html


def test_a_student_cannot_switch_to_an_instructor_view(web_as, student, course):
    html = web_as(student).get(f"/courses/{course.pk}/?view=student").content.decode()
    assert "You are seeing this course as its students do" not in html
