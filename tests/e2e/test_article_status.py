"""A new article's page in Chromium: it says Retain is reading it, then turns ready by itself — no
reload — with its claims and terms; an article without a title gets a short guess that the
instructor is asked to keep or change."""

from __future__ import annotations

import pytest

from quizzes.courses.services import course_create
from quizzes.models import Source, SourceStatus
from quizzes.sources.services import source_process
from tests.conftest import ARTICLE, PASSWORD, make_user
from tests.e2e.conftest import LAPTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(settings):
    # Queue jobs without running them, so the test decides when the article is read.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return course_create(user=make_user("teacher"), title="Rainforests")


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_a_new_article_turns_ready_by_itself_and_asks_to_confirm_its_title(course, page, axe, size):
    page.set_viewport_size(LAPTOP if size == "laptop" else PHONE)
    log_in(page, "teacher", PASSWORD)
    page.goto(f"/courses/{course.pk}/articles/new/")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url("**/articles/*/")
    source = Source.objects.get(course=course)
    assert source.status == SourceStatus.NEW
    title = page.get_by_role("heading", level=1)
    assert title.inner_text() == "The Amazon rainforest covers much of the Amazon…"
    status = page.get_by_role("status").filter(has_text="Retain is reading this article")
    assert status.is_visible()
    problems = axe(f"a new article ({size})")
    page.evaluate("window.stillThisPage = true")

    source_process(source_id=source.pk)  # the worker reads it
    page.locator("[data-source-status=ready]").wait_for(timeout=10_000)
    assert page.evaluate("window.stillThisPage") is True  # no reload
    assert "key claim" in page.locator("#source-status").inner_text()
    findings = page.get_by_role("complementary", name="What Retain found")
    findings.get_by_role("heading", name="Key claims").wait_for()
    problems += axe(f"the article once ready ({size})")

    page.get_by_label("Title").fill("The Amazon rainforest")
    page.get_by_role("button", name="Save the title").click()
    page.get_by_text("Title saved.").wait_for()
    assert title.inner_text() == "The Amazon rainforest"
    assert page.get_by_role("button", name="Save the title").count() == 0
    source.refresh_from_db()
    assert (source.title, source.title_guessed) == ("The Amazon rainforest", False)
    assert not problems, "\n".join(problems)
