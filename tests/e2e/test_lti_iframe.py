"""Retain inside an LMS's iframe, in real Chromium: the LMS's page (127.0.0.1) frames Retain
(localhost), the LTI launch runs inside the frame — third-party cookies, SameSite=None — and the
student takes the linked quiz there; the score reaches the LMS's gradebook."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.lti import lti_platform
from tests.lti.conftest import Browser, make_lms, register
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.lti.lms_urls")]


@pytest.fixture
def lms(live_server, settings):
    settings.LTI_ALLOW_HTTP = True
    port = urlsplit(live_server.url).port
    platform = make_lms("a", (f"http://localhost:{port}", f"http://127.0.0.1:{port}"))
    platform.retain = register(platform)
    yield platform
    lti_platform.LMS.pop("a", None)


def test_the_lms_frames_retain_and_the_student_takes_the_quiz_inside_it(lms, page, screenshot):
    course = set_up_course(lms, Browser)
    quiz = published_quiz(course, account(lms, "teacher"), title="Cells quiz", questions=2)
    link_id, _ = deep_link(lms, Browser(), f"quiz:{quiz.pk}")

    page.goto(lms.url(f"course/{link_id}/?user=student"))
    page.get_by_role("heading", name="LMS course page").wait_for()
    tool = page.frame_locator("#tool")
    tool.get_by_role("heading", name="Cells quiz").wait_for()
    frame = page.frame(url=lambda url: url.startswith("http://localhost"))
    assert frame is not None, [f.url for f in page.frames]
    assert urlsplit(page.url).hostname == "127.0.0.1"

    tool.get_by_role("button", name="Start the quiz").click()
    questions = tool.locator("fieldset[data-slot]")
    questions.first.wait_for()
    assert questions.count() == 2
    for index in range(2):
        questions.nth(index).get_by_label("Right").check()
    tool.get_by_role("button", name="Review and submit").click()
    tool.get_by_role("heading", name="Check before you submit").wait_for()
    tool.get_by_role("button", name="Submit all and finish…").click()
    tool.get_by_role("dialog").get_by_role("button", name="Submit all and finish").click()
    tool.get_by_role("heading", name="Your feedback").wait_for()
    screenshot("lti-quiz-in-lms-iframe")

    (score,) = lms.scores_for(link_id)
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == (
        "student-sub",
        100.0,
        100,
    )
    # Retain's session lives in the LMS's partition (CHIPS), a third-party cookie.
    cookies = {c["name"]: c for c in page.context.cookies("http://localhost")}
    assert cookies["sessionid"]["sameSite"] == "None"
    assert cookies["sessionid"]["secure"] is True
    assert cookies["sessionid"]["partitionKey"] == "http://127.0.0.1"
