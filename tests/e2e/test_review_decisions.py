"""The instructor's draft review on the demo article, on a laptop and on a phone: each draft opens
its own evidence in place on a phone (the sentence, then its paragraph), the article pane takes
keyboard focus on a laptop, drafts of one fact come together, a rejection takes a reason from the
rubric's list, approve and reject can be taken back with U, and the rejection report per generator
shows (and exports) what was decided. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.bank.services.items import item_reject
from quizzes.models import Question, RejectReason, Source
from quizzes.sources.samples import SAMPLE_ARTICLE
from tests.e2e.conftest import ARTIFACTS, LAPTOP, NARROWEST, PHONE, log_in, page_width

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    return Source.objects.get(title=SAMPLE_ARTICLE["title"])


def active(page):
    return page.locator(".review-item.is-active")


def active_question(page) -> Question:
    return Question.objects.get(pk=int(active(page).get_attribute("data-id")))


LIVE = ("draft", "approved", "rejected")


def shared_facts(kind, source: Source, statuses=("draft",)) -> int:
    """How many facts two items or more of ``kind`` in ``statuses`` test (the queue's groups)."""
    items = kind.model.objects.filter(source=source, status__in=statuses)
    return sum(n > 1 for n in Counter(kind.topic(item) for item in items).values())


def make_siblings(source: Source) -> None:
    """Two items of each kind on one fact (draft questions; cards of any status), so the queue has a group whatever generation made (a
    generated pair of siblings, in effect: the same claim or term, the same sibling key)."""
    first, second = QUESTION.model.objects.filter(source=source, status="draft")[:2]
    QUESTION.model.objects.filter(pk=second.pk).update(
        claim_id=first.claim_id, term_id=first.term_id
    )
    cards = list(CARD.model.objects.filter(source=source, status__in=LIVE)[:2])
    key = cards[0].sibling_key or f"claim:{cards[0].claim_id or 0}"
    CARD.model.objects.filter(pk__in=[c.pk for c in cards]).update(sibling_key=key)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_instructor_reviews_drafts_with_evidence_reasons_and_undo(demo, page, axe, size):
    label = "phone" if size == PHONE else "laptop"
    make_siblings(demo)
    page.set_viewport_size(size)
    log_in(page, "teacher")
    page.goto(f"/articles/{demo.pk}/review/")
    page.get_by_role("heading", name=f"Review {demo.title}").wait_for()
    problems = axe(f"review queue ({label})")

    # Drafts that test the same fact are grouped under one note: as many groups as facts with
    # two drafts or more (questions here, cards below).
    assert shared_facts(QUESTION, demo) >= 1
    assert page.locator(".review-group").count() == shared_facts(QUESTION, demo)

    # A draft whose prompt does not quote its evidence sentence word for word (a true/false
    # statement can be the sentence itself): the evidence is then shown once, apart.
    quoting = next(
        q
        for q in Question.objects.filter(source=demo, status="draft").order_by("rank", "pk")
        if " ".join(q.current.evidence_text.split()) not in " ".join(q.current.prompt.split())
    )
    if active_question(page).pk != quoting.pk:
        page.goto(f"/articles/{demo.pk}/review/?item={quoting.pk}")
        active(page).wait_for()
    question = active_question(page)
    assert question.pk == quoting.pk
    evidence = " ".join(question.current.evidence_text.split())
    item = active(page)
    article = page.locator("[data-article]")
    if size == PHONE:
        # No article at the bottom: the draft opens its own evidence, in place.
        assert not article.is_visible()
        assert " ".join(item.inner_text().split()).count(evidence) == 1  # shown once
        item.locator("[data-evidence] summary").click()
        paragraph = item.locator(".evidence-paragraph")
        paragraph.wait_for()
        assert " ".join(paragraph.locator("mark").inner_text().split()) == evidence
        item_box, paragraph_box = item.bounding_box(), paragraph.bounding_box()
        assert item_box["y"] < paragraph_box["y"] < item_box["y"] + item_box["height"]
        item.scroll_into_view_if_needed()
        shot(page, "review-queue-evidence-phone")
    else:
        # Beside the list, the article scrolls on its own and takes keyboard focus.
        assert article.get_attribute("tabindex") == "0"
        article.focus()
        focused = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
        assert focused == "article-heading"
        assert " ".join(article.locator("mark.evidence").inner_text().split()) == evidence
        assert evidence not in " ".join(item.inner_text().split())  # once: in the article
        item.focus()

    # R opens the rubric's reasons; an arrow key picks one and Enter rejects with it.
    page.keyboard.press("r")
    reasons = item.locator("[data-reject] fieldset")
    reasons.wait_for()
    problems += axe(f"reject reasons ({label})")
    shot(page, f"review-reject-reasons-{label}")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("[data-undo-toast]").wait_for()
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("rejected", RejectReason.TRIVIAL)
    assert "(trivial or uninformative)" in page.locator("[data-undo-toast]").inner_text()
    problems += axe(f"undo bar ({label})")
    shot(page, f"review-undo-{label}")

    # U takes it back: a draft again, without its reason, and active again.
    page.keyboard.press("u")
    page.get_by_text(f"Undone: Question #{question.pk} is a draft again.").wait_for()
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("draft", "")
    assert active_question(page).pk == question.pk
    assert page.locator("[data-undo-toast]").count() == 0

    # Approve with A, then take that back too — on a phone with a tap on the bar's button.
    page.keyboard.press("a")
    page.locator("[data-undo-toast]").wait_for()
    question.refresh_from_db()
    assert question.status == "approved"
    undo = page.get_by_role("button", name="Undo")
    if size == PHONE:
        assert undo.bounding_box()["height"] >= 44
        undo.click()
    else:
        page.keyboard.press("u")
    page.get_by_text("is a draft again").wait_for()
    question.refresh_from_db()
    assert question.status == "draft"

    page.goto(f"/articles/{demo.pk}/review/?kind=cards&status=all")
    groups = shared_facts(CARD, demo, LIVE)
    assert groups >= 1
    assert page.locator(".review-group").count() == groups
    assert "test the same" in page.locator(".review-group .sibling-note").first.inner_text()
    problems += axe(f"card queue ({label})")

    page.set_viewport_size(NARROWEST)
    assert page_width(page) <= NARROWEST["width"]
    assert not problems, "\n".join(problems)


def test_the_rejection_report_on_the_demo_data(demo, page, axe):
    teacher = get_user_model().objects.get(username="teacher")
    # An afternoon of review: some of the demo's drafts rejected, each with the reason it had.
    reasons = [
        RejectReason.TRIVIAL,
        RejectReason.DISTRACTORS,
        RejectReason.TRIVIAL,
        RejectReason.NEEDS_CONTEXT,
        RejectReason.AMBIGUOUS,
        "",
    ]
    drafts = [
        *QUESTION.model.objects.filter(source=demo, status="draft").order_by("score")[:4],
        *CARD.model.objects.filter(source=demo, status="draft").order_by("score")[:2],
    ]
    for draft, reason in zip(drafts, reasons, strict=False):
        item_reject(item=draft, user=teacher, category=reason)
    log_in(page, "teacher")
    page.goto(f"/courses/{demo.course_id}/bank/")
    page.get_by_role("link", name="Rejected drafts, per generator").click()
    page.get_by_role("heading", name="Rejected drafts, per generator").wait_for()
    assert page.locator("[data-reason=trivial]").inner_text() == str(
        sum(1 for r in reasons[: len(drafts)] if r == RejectReason.TRIVIAL)
    )
    problems = []
    ARTIFACTS.mkdir(exist_ok=True)
    for label, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        problems += axe(f"rejection report ({label})")
        page.screenshot(path=str(ARTIFACTS / f"rejection-report-{label}.png"), full_page=True)
    page.set_viewport_size(NARROWEST)
    assert page_width(page) <= NARROWEST["width"]
    page.set_viewport_size(LAPTOP)
    assert not problems, "\n".join(problems)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert sum(int(row[header.index("rejected")]) for row in rows[1:]) == len(drafts)
    assert sum(int(row[header.index("trivial")]) for row in rows[1:]) == 2
