"""The demo instructor reviews the sample article's drafts: approves one with the keyboard, edits a
distractor, and finds the new version in the question's history. Screenshots at phone and laptop
widths go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from quizzes.models import ItemEvent, Question, Source
from quizzes.sources.samples import SAMPLE_ARTICLE
from tests.e2e.conftest import ARTIFACTS, LAPTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    source = Source.objects.get(title=SAMPLE_ARTICLE["title"])
    assert Question.objects.filter(source=source, status="draft", type="mcq").exists()
    return source


def window_screenshots(page, name: str) -> None:
    """Phone and laptop screenshots of what is on screen (the queue is too long for full-page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, size in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(size)
        page.locator(".review-item.is-active").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"))
    page.set_viewport_size(LAPTOP)


def active_id(page) -> int:
    return int(page.locator(".review-item.is-active").get_attribute("data-id"))


def test_the_instructor_reviews_edits_and_finds_the_new_version(demo, page, screenshot):
    source = demo
    log_in(page, "teacher")
    page.get_by_role("link", name="Understanding US–North Korea relations").click()
    page.get_by_role("link", name="Question bank").first.click()
    page.get_by_role("link", name=f"Review {source.title}").click()
    page.get_by_role("heading", name=f"Review {source.title}").wait_for()

    # The first draft is active and its evidence sentence is highlighted in the article.
    first = Question.objects.get(pk=active_id(page))
    evidence = page.locator("[data-article] mark.evidence")
    assert evidence.inner_text().strip() == first.current.evidence_text.strip()
    window_screenshots(page, "review-queue")

    # J moves to the next item, and the highlight follows it; K goes back.
    page.keyboard.press("j")
    second = Question.objects.get(pk=active_id(page))
    assert evidence.inner_text().strip() == second.current.evidence_text.strip()
    page.keyboard.press("k")
    assert active_id(page) == first.pk

    # Walk to the first multiple-choice draft and approve it with A.
    for _ in range(40):
        if Question.objects.get(pk=active_id(page)).type == "mcq":
            break
        page.keyboard.press("j")
    question = Question.objects.get(pk=active_id(page))
    assert question.type == "mcq"
    page.keyboard.press("a")
    page.get_by_text(f"Question #{question.pk} approved.").wait_for()
    question.refresh_from_db()
    assert question.status == "approved"
    assert ItemEvent.objects.get(question=question, action="approve").actor.username == "teacher"
    assert active_id(page) != question.pk  # the queue moved on to the next draft
    window_screenshots(page, "review-queue-after-approve")

    # Find it among the approved ones and edit a distractor (E opens the editor).
    page.get_by_role("navigation", name="Status").get_by_role("link", name="Approved").click()
    page.locator(f"#item-{question.pk} .item-prompt").click()
    page.keyboard.press("e")
    page.get_by_role("heading", name=f"Edit question #{question.pk}").wait_for()
    wrong = next(c for c in question.current.choices if not c["correct"])
    box = page.locator(f'input[data-choice-text][value="{wrong["text"]}"]')
    box.fill("Beijing")
    # The live preview follows the form (on the input event: wait for it, never a fixed sleep).
    page.locator("[data-preview-student]", has_text="Beijing").wait_for()
    screenshot("question-editor")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved as version 2").wait_for()

    # Back in the queue on the same item; H opens its history with the new version.
    assert active_id(page) == question.pk
    page.keyboard.press("h")
    page.get_by_role("heading", name=re.compile(f"Question #{question.pk}")).wait_for()
    history = page.locator(".history")
    assert "saved version 2" in history.inner_text()
    assert history.locator("ins", has_text="Beijing").count() >= 1
    assert history.locator("del", has_text=wrong["text"]).count() >= 1
    assert page.get_by_text("Version 1", exact=True).is_visible()
    screenshot("question-history")

    question.refresh_from_db()
    assert question.current.number == 2
    assert wrong["text"] in [c["text"] for c in question.versions.get(number=1).choices]
    assert "Beijing" in [c["text"] for c in question.current.choices]


def test_the_instructor_approves_the_best_five_with_the_keyboard(demo, page, screenshot):
    source = demo
    before = set(
        Question.objects.filter(source=source, status="approved").values_list("pk", flat=True)
    )
    log_in(page, "teacher")
    page.get_by_role("link", name="Understanding US–North Korea relations").click()
    page.get_by_role("link", name="Question bank").first.click()
    page.get_by_role("link", name=f"Review {source.title}").click()
    count = page.get_by_label("Approve the best")
    count.fill("5")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(ARTIFACTS / "review-approve-best-phone.png"))
    page.set_viewport_size(LAPTOP)
    page.screenshot(path=str(ARTIFACTS / "review-approve-best-laptop.png"))
    count.press("Enter")
    page.get_by_text("Approved the 5 best questions.").wait_for()
    approved = Question.objects.filter(source=source, status="approved").exclude(pk__in=before)
    assert approved.count() == 5
    # The drafts the engine expects a teacher to keep, each type in turn.
    assert all(question.score >= 0.5 for question in approved)
