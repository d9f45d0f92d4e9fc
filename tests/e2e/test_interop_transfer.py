"""An instructor moves a bank between courses through a file: exports the first course's bank as
GIFT from the bank page, imports it into a second course (filed under its article), sees the
preview, confirms, and finds the imported drafts in that article's review queue. Screenshots at
phone and laptop widths go to test-artifacts/."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from quizzes.bank.kinds import QUESTION
from quizzes.bank.services.items import item_create
from quizzes.courses.services import course_create
from quizzes.models import ImportedItem, Question, Source
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = [
    {"type": "mcq", "prompt": "Which planet is largest?", "choices": [
        {"text": "Jupiter", "correct": True}, {"text": "Mars"}, {"text": "Venus"}]},
    {"type": "true_false", "prompt": "The Sun is a star.", "truth": True,
     "explanation": "It is a G-type main-sequence star."},
    {"type": "cloze", "prompt": "The closest planet to the Sun is _____.", "accepted": ["Mercury"]},
    {"type": "short_answer", "prompt": "Which planet has the most moons?", "accepted": ["Saturn"]},
]  # fmt: skip


@pytest.fixture
def two_courses():
    teacher = get_user_model().objects.create_user("teacher", password="retain-demo")
    first = course_create(user=teacher, title="Astronomy 101")
    second = course_create(user=teacher, title="Astronomy 102")
    for content in QUESTIONS:
        item_create(QUESTION, course=first, user=teacher, tags=["planets"], **content)
    text = "The planets of the solar system orbit the Sun. Jupiter is the largest of them."
    article = Source.objects.create(
        course=second, title="The solar system", original=text, text=text, cleaned_text=text,
        checksum="solar", status="ready", created_by=teacher,
    )  # fmt: skip
    return first, second, article


def test_the_instructor_exports_gift_and_imports_it_into_another_course(
    two_courses, page, screenshot, tmp_path
):
    first, second, article = two_courses
    log_in(page, "teacher")

    # Export the first course's bank as GIFT, from its bank page.
    page.goto(f"/courses/{first.pk}/bank/")
    page.get_by_role("link", name="Export these questions").click()
    page.get_by_label("Format").first.select_option("gift")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download questions").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "astronomy-101-questions.gift"

    # Import it into the second course, filed under its article.
    page.goto(f"/courses/{second.pk}/bank/")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_label("File the items under an article (optional)").select_option(str(article.pk))
    page.get_by_role("button", name="Preview the import").click()

    # The preview: what will be created, nothing saved yet.
    page.get_by_role("heading", name=f"Import {path.name}").wait_for()
    summary = page.locator(".import-summary")
    assert "4 to create as drafts" in summary.inner_text()
    assert "0 with errors" in summary.inner_text()
    assert page.locator("tr.import-create").count() == 4
    assert not Question.objects.filter(course=second).exists()
    screenshot("import-preview")

    page.get_by_role("button", name="Import 4 drafts").click()

    # The drafts are in the article's review queue.
    page.get_by_role("heading", name=f"Review {article.title}").wait_for()
    page.get_by_text("Imported 4 drafts from astronomy-101-questions.gift.").wait_for()
    for content in QUESTIONS:
        assert page.get_by_text(content["prompt"]).count() >= 1
    imported = Question.objects.filter(course=second)
    assert imported.count() == 4
    assert {(q.status, q.origin, q.source_id) for q in imported} == {
        ("draft", "imported", article.pk)
    }
    assert ImportedItem.objects.filter(question__in=imported).count() == 4
    assert page.locator(".review-item .item-score", has_text="imported").count() == 4
    screenshot("import-review-queue")
