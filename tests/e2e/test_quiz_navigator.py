"""Finding one's way in a quiz, in Chromium on a laptop and a phone: the sticky navigator, flags that
survive a reload, "Submit all and finish?" naming what is left; the instructor's preview that
records nothing; "Quiz from this article" a second time. Screenshots of the navigator at both
sizes go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from quizzes.models import Attempt, AttemptState, Quiz, Response
from quizzes.sources.samples import SAMPLE_ARTICLE
from tests.database import every_row
from tests.e2e.conftest import ARTIFACTS, LAPTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"laptop": LAPTOP, "phone": PHONE}


@pytest.fixture
def demo_quiz(settings) -> Quiz:
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    return Quiz.objects.get(source__title=SAMPLE_ARTICLE["title"])


def answer(fieldset) -> None:
    """Answer a question the way a student would: click the first choice, or type a guess."""
    if fieldset.get_attribute("data-type") in ("mcq", "mcq_multi", "true_false"):
        fieldset.locator("label.quiz-option").first.click()
    else:
        fieldset.locator("input[type=text]").first.fill("a guess")


def nav_item(page, slot: int):
    return page.get_by_role("navigation", name="Questions").locator(f"[data-nav-slot='{slot}']")


def start(page, quiz: Quiz) -> Attempt:
    page.goto(f"/quizzes/{quiz.pk}/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.wait_for_url("**/attempts/*/**")
    return Attempt.objects.filter(quiz=quiz, user__username="student").latest("number")


def shoot(page, name: str) -> None:
    """The window as it is (not the full page: the navigator is sticky)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_the_student_finds_their_way_with_the_navigator_flags_and_confirmation(
    demo_quiz, page, axe, size
):
    page.set_viewport_size(SIZES[size])
    log_in(page, "student")
    attempt = start(page, demo_quiz)
    navigator = page.get_by_role("navigation", name="Questions")
    assert navigator.locator("[data-nav-slot]").count() == 10
    assert "0 of 10 answered" in navigator.inner_text()

    questions = page.locator("fieldset[data-slot]")
    answer(questions.nth(0))
    expect_name(nav_item(page, 1), "Question 1, answered")
    assert "1 of 10 answered" in navigator.inner_text()
    questions.nth(2).get_by_text("Flag question 3 for review").click()
    page.locator("#status-3").filter(has_text="Flagged for review").wait_for()
    expect_name(nav_item(page, 3), "Question 3, not answered, flagged")
    assert Response.objects.get(attempt=attempt, slot=3).flagged

    # A number in the navigator goes to its question, which is not hidden under the navigator.
    nav_item(page, 7).click()
    page.wait_for_url("**#q-7")
    page.wait_for_timeout(300)
    strip = navigator.bounding_box()
    below = strip["y"] + strip["height"] if size == "phone" else 0  # beside it on a laptop
    assert page.locator("#q-7").bounding_box()["y"] >= below - 1
    assert 0 <= strip["y"] < SIZES[size]["height"]  # sticky: still on screen
    assert "is-here" in (nav_item(page, 7).get_attribute("class") or "")
    problems = axe(f"take page ({size})")

    # The flag is on the server: a reload keeps it.
    page.reload()
    expect_name(nav_item(page, 3), "Question 3, not answered, flagged")
    assert page.get_by_label("Flag question 3 for review").is_checked()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"quiz-navigator-{size}")

    finish = "Finish attempt…" if size == "laptop" else "Review and submit"  # beside / below
    page.get_by_role("button", name=finish).click()
    page.get_by_role("heading", name="Check before you submit").wait_for()
    assert page.locator(".quiz-summary-item").nth(2).get_by_text("Flagged").is_visible()
    finish = page.get_by_role("button", name="Submit all and finish…")
    finish.click()
    dialog = page.get_by_role("dialog", name="Submit all and finish?")
    dialog.wait_for()
    assert "Questions 2, 3, 4, 5, 6, 7, 8, 9 and 10 have no answer" in dialog.inner_text()
    assert "You flagged question 3 for review." in dialog.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Not yet"
    problems += axe(f"confirmation ({size})")
    shoot(page, f"quiz-confirm-{size}")
    page.keyboard.press("Escape")  # not yet: back to the summary, nothing submitted
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.textContent") == "Submit all and finish…"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS

    finish.click()
    dialog.get_by_role("button", name="Submit all and finish").click()
    page.get_by_role("heading", name="Your feedback").wait_for()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert not problems, "\n".join(problems)


def test_a_paged_quiz_goes_to_any_question_from_the_navigator(demo_quiz, page):
    demo_quiz.layout = "per_question"
    demo_quiz.save()
    page.set_viewport_size(PHONE)
    log_in(page, "student")
    attempt = start(page, demo_quiz)
    assert page.get_by_text("Question 1 of 10").is_visible()
    answer(page.locator("fieldset[data-slot]").first)
    page.get_by_text("Flag question 1 for review").click()
    page.locator("#status-1").filter(has_text="Flagged for review").wait_for()

    nav_item(page, 6).click()  # a button: it saves this page, then opens question 6
    page.wait_for_url("**?page=6")
    assert page.get_by_text("Question 6 of 10").is_visible()
    assert nav_item(page, 6).get_attribute("aria-current") == "step"
    expect_name(nav_item(page, 1), "Question 1, answered, flagged")
    stored = Response.objects.get(attempt=attempt, slot=1)
    assert stored.answer is not None
    assert stored.flagged
    shoot(page, "quiz-navigator-paged-phone")
    page.set_viewport_size(LAPTOP)
    shoot(page, "quiz-navigator-paged-laptop")


def test_the_instructor_previews_the_quiz_and_nothing_is_recorded(demo_quiz, page):
    log_in(page, "teacher")
    before = every_row()
    page.goto(f"/quizzes/{demo_quiz.pk}/")
    page.get_by_role("link", name="Preview as a student").click()
    page.get_by_text("Nothing is recorded").wait_for()
    questions = page.locator("fieldset[data-slot]")
    assert questions.count() == 10
    for index in range(10):
        answer(questions.nth(index))
    page.get_by_text("Flag question 4 for review").click()
    expect_name(nav_item(page, 4), "Question 4, answered, flagged")
    page.get_by_role("button", name="Finish attempt…").click()
    page.get_by_text("10 of 10 questions answered · 1 flagged for review").wait_for()
    page.get_by_role("button", name="Submit all and finish…").click()
    dialog = page.get_by_role("dialog", name="Submit all and finish?")
    assert "Every question has an answer." in dialog.inner_text()
    assert "You flagged question 4 for review." in dialog.inner_text()
    dialog.get_by_role("button", name="Submit all and finish").click()
    page.get_by_role("heading", name="Your feedback").wait_for()
    assert page.get_by_text("Nothing was recorded").is_visible()

    # The quiz rule: ten questions drawn from the article, each from a sentence of its own.
    quotes = page.locator(".quiz-source-quote blockquote").all_inner_texts()
    assert len(quotes) == 10
    assert len({" ".join(q.split()) for q in quotes}) == 10
    assert every_row() == before  # no attempt, no response, no shown-mark, no session write


def test_quiz_from_the_article_a_second_time_opens_the_first_and_offers_another(demo_quiz, page):
    log_in(page, "teacher")
    page.goto(f"/articles/{demo_quiz.source_id}/")
    page.get_by_role("button", name="Quiz from this article").click()
    page.wait_for_url(f"**/quizzes/{demo_quiz.pk}/edit/")
    assert page.get_by_text("so here it is").is_visible()
    assert page.get_by_text("one per claim or sentence").is_visible()
    page.get_by_role("button", name=re.compile("^New quiz from")).click()
    page.get_by_role("heading", name=f"{demo_quiz.title} (2)").wait_for()
    titles = list(Quiz.objects.filter(course=demo_quiz.course).values_list("title", flat=True))
    assert sorted(titles) == [demo_quiz.title, f"{demo_quiz.title} (2)"]


def expect_name(locator, name: str) -> None:
    """The element's accessible name (its text, hidden parts included) becomes ``name``."""
    text = ""
    for _ in range(50):
        text = " ".join(locator.text_content().split())
        if text == name:
            return
        locator.page.wait_for_timeout(100)
    raise AssertionError(f"{text!r} is not {name!r}")
