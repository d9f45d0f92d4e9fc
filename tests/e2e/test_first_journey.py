"""A newcomer's first minutes: the demo instructor reads the sample; the demo student finds the course."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)


def test_the_instructor_opens_the_sample_article_and_the_student_sees_the_course(
    demo, page, screenshot
):
    log_in(page, "teacher")
    page.get_by_role("link", name="Understanding US–North Korea relations").click()
    articles = page.get_by_role("region", name="Articles")
    articles.get_by_role("link", name="Key Drivers in US-North Korea relations").click()
    page.get_by_role("heading", name="Key Drivers in US-North Korea relations").wait_for()
    assert page.get_by_text("There are four fundamental truths").count() >= 1
    screenshot("article")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "student")
    assert page.get_by_role("link", name="Understanding US–North Korea relations").is_visible()
    screenshot("student-courses")
    page.get_by_role("link", name="Understanding US–North Korea relations").click()
    assert page.get_by_role("region", name="Quizzes").get_by_role("link").count() == 1
    assert (
        page.get_by_role("region", name="Flashcard decks")
        .get_by_role("link", name="Study")
        .is_visible()
    )
    screenshot("student-course")
