"""The header in Chromium: one line on a laptop and on a phone (where a Menu button holds the items,
works with the keyboard, and works without JavaScript), the same items on every page with Progress
always there; the course page's instructor actions and its "view as student"."""

from __future__ import annotations

import pytest

from quizzes.courses.services import course_create, course_join
from quizzes.quiz.services.quizzes import quiz_create, quiz_publish, slot_add_fixed
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import LAPTOP, PHONE, log_in, log_out
from tests.quiz.fixtures import make_question

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = ["Courses", "Quizzes", "Study", "Progress"]


@pytest.fixture
def course():
    teacher, student = make_user("teacher"), make_user("student")
    course = course_create(user=teacher, title="Rainforests")
    course_join(user=student, join_code=course.join_code)
    published = quiz_create(course=course, user=teacher, title="Published quiz")
    slot_add_fixed(quiz=published, user=teacher, question=make_question(course=course))
    quiz_publish(quiz=published, user=teacher)
    quiz_create(course=course, user=teacher, title="Draft quiz")
    return course


def header_items(page) -> list[str]:
    return page.locator(".nav-links a").all_inner_texts()


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_a_phone_header_is_one_line_with_a_menu_the_keyboard_works(course, page):
    page.set_viewport_size(PHONE)
    log_in(page, "student", PASSWORD)
    for url in ("/courses/", "/quizzes/", "/decks/", f"/courses/{course.pk}/"):
        page.goto(url)
        assert header_height(page) < 70, url  # one line
        menu = page.locator("summary", has_text="Menu")
        assert menu.is_visible()
        assert not page.get_by_role("link", name="Progress", exact=True).is_visible()
        menu.click()
        assert page.get_by_role("link", name="Progress", exact=True).is_visible()
        assert header_items(page) == ITEMS, url
        menu.click()

    # The keyboard: Tab to Menu, Enter opens it, Tab reaches the items, Escape closes it.
    page.goto("/quizzes/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # Retain
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Courses"
    page.keyboard.press("Escape")
    assert not page.get_by_role("link", name="Courses").is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Space")
    page.get_by_role("link", name="Progress", exact=True).click()
    page.wait_for_url(f"**/courses/{course.pk}/progress/")  # the only course: straight there


def test_a_laptop_header_shows_every_item_in_one_line(course, page):
    page.set_viewport_size(LAPTOP)
    log_in(page, "teacher", PASSWORD)
    for url in ("/quizzes/", "/decks/", f"/courses/{course.pk}/progress/class/"):
        page.goto(url)
        assert header_height(page) < 70, url
        assert not page.locator("summary", has_text="Menu").is_visible()
        assert header_items(page) == [*ITEMS, "Question bank"], url
        assert page.get_by_role("link", name="Progress", exact=True).is_visible()
    assert page.locator(".nav-links a[aria-current=page]").inner_text() == "Progress"


def test_the_phone_menu_works_without_javascript(course, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, "student", PASSWORD)
    assert not page.get_by_role("link", name="Quizzes").is_visible()
    page.locator("summary", has_text="Menu").click()
    page.get_by_role("link", name="Quizzes").click()
    page.wait_for_url("**/quizzes/")
    assert header_height(page) < 70
    context.close()


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_instructor_actions_for_the_instructor_and_a_view_as_student(course, page, size):
    page.set_viewport_size(LAPTOP if size == "laptop" else PHONE)
    log_in(page, "teacher", PASSWORD)
    page.goto(f"/courses/{course.pk}/")
    teach = page.get_by_role("navigation", name="Teach this course")
    for action in ("Add an article", "Question bank", "New quiz", "Class progress"):
        assert teach.get_by_role("link", name=action).is_visible()
    assert page.get_by_role("link", name="Draft quiz").is_visible()
    assert not page.get_by_role("link", name="My progress").is_visible()
    assert not page.get_by_role("link", name="Study my weakest claims").is_visible()

    teach.get_by_role("link", name="View as student").click()
    page.get_by_text("You are seeing this course as its students do").wait_for()
    assert page.get_by_role("link", name="My progress").is_visible()
    assert page.get_by_role("link", name="Study my weakest claims").is_visible()
    assert page.get_by_role("link", name="Draft quiz").count() == 0
    assert page.get_by_role("link", name="Published quiz").is_visible()
    assert not page.get_by_role("navigation", name="Teach this course").is_visible()
    page.get_by_role("link", name="Back to the instructor view").click()
    page.get_by_role("navigation", name="Teach this course").wait_for()

    log_out(page)
    log_in(page, "student", PASSWORD)
    page.goto(f"/courses/{course.pk}/")
    assert page.get_by_role("link", name="My progress").is_visible()
    assert page.get_by_role("navigation", name="Teach this course").count() == 0
    assert page.get_by_role("link", name="View as student").count() == 0
