"""Every page a student or an instructor can reach passes axe-core at WCAG 2.1 A and AA on a laptop
(1366×768) and a phone (390×844), and none is wider than a 320 px screen (WCAG 1.4.10, reflow).

One walk over the demo data as the instructor, the student and a visitor, one page load per page:
axe at the laptop size, axe again at the phone size, then the width at 320 px. The Swagger UI
console is excepted (see below). Every failure is listed at the end, not just the first. The
screens' states that need an action first (a card's answer side, the reject reasons, the undo
bar) are checked by their own browser tests.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quizzes.models import (
    Attempt,
    AttemptState,
    Card,
    Deck,
    ItemStatus,
    Question,
    Quiz,
    Source,
)
from quizzes.quiz.services.attempts import attempt_start
from quizzes.reports.services import report_create
from quizzes.sources.samples import SAMPLE_ARTICLE
from tests.e2e.conftest import LAPTOP, NARROWEST, PHONE, log_in, log_out, page_width

pytestmark = pytest.mark.django_db(transaction=True)

# Excepted: /api/docs/try/, Swagger UI, kept for trying requests. Its own React markup nests a
# copy-link button inside each operation's toggle button (axe: nested-interactive), which cannot be
# fixed from here; the API reference at /api/docs/ is Redoc, which passes and is checked below.


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    source = Source.objects.get(title=SAMPLE_ARTICLE["title"])
    quiz = Quiz.objects.get(source=source)
    student_attempt = Attempt.objects.filter(
        user__username="student", quiz=quiz, state=AttemptState.SUBMITTED
    ).first()
    open_attempt, _ = attempt_start(quiz=quiz, user=student_attempt.user)
    approved = Question.objects.filter(source=source, status=ItemStatus.APPROVED)
    # A report from the student, so both reports pages show one.
    report_create(
        user=student_attempt.user,
        kind="question",
        item_id=approved.first().pk,
        reason="typo",
        note="A letter is missing.",
    )
    return {
        "course": source.course_id,
        "source": source.pk,
        "quiz": quiz.pk,
        "deck": Deck.objects.get(source=source).pk,
        "question": approved.first().pk,
        "card": Card.objects.filter(source=source).first().pk,
        "claim": approved.filter(claim__isnull=False).first().claim_id,
        "term": approved.filter(term__isnull=False).first().term_id,
        "student": student_attempt.user_id,
        "submitted": student_attempt.pk,
        "open": open_attempt.pk,
    }


INSTRUCTOR_PAGES = [
    "/courses/",
    "/courses/{course}/",
    "/courses/{course}/?view=student",
    "/courses/{course}/articles/",
    "/courses/{course}/articles/new/",
    "/articles/{source}/",
    "/quizzes/",
    "/courses/{course}/quizzes/new/",
    "/quizzes/{quiz}/",
    "/quizzes/{quiz}/edit/",
    "/quizzes/{quiz}/statistics/",
    "/quizzes/{quiz}/preview/",
    "/attempts/{submitted}/review/",
    "/bank/",
    "/courses/{course}/bank/",
    "/courses/{course}/bank/cards/",
    "/courses/{course}/bank/new/",
    "/courses/{course}/bank/cards/new/",
    "/courses/{course}/bank/rejections/",
    "/courses/{course}/reports/",
    "/courses/{course}/reports/?status=all",
    "/articles/{source}/review/",
    "/articles/{source}/review/?status=all",
    "/articles/{source}/review/?kind=cards&status=all",
    "/questions/{question}/",
    "/questions/{question}/edit/",
    "/cards/{card}/",
    "/cards/{card}/edit/",
    "/decks/",
    "/decks/{deck}/",
    "/decks/{deck}/study/",
    "/progress/",
    "/courses/{course}/progress/",
    "/courses/{course}/progress/class/",
    "/courses/{course}/progress/students/{student}/",
    "/courses/{course}/progress/claims/{claim}/",
    "/courses/{course}/progress/terms/{term}/",
    "/courses/{course}/practice/",
    "/api/docs/",
]
STUDENT_PAGES = [
    "/courses/",
    "/courses/{course}/",
    "/articles/{source}/",
    "/quizzes/",
    "/quizzes/{quiz}/",
    "/attempts/{open}/",
    "/attempts/{open}/summary/",
    "/attempts/{submitted}/review/",
    "/decks/",
    "/decks/{deck}/",
    "/decks/{deck}/study/",
    "/progress/",
    "/courses/{course}/practice/",
    "/courses/{course}/practice/?claim={claim}",
    "/reports/",
]
VISITOR_PAGES = ["/accounts/login/", "/signup/"]


def check(page, axe, label: str, problems: list[str]) -> None:
    """axe at the laptop and the phone size, then the page's width at 320 px."""
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        problems += axe(f"{label} ({name})")
    page.set_viewport_size(NARROWEST)
    if (width := page_width(page)) > NARROWEST["width"]:
        problems.append(f"{label}: {width} px wide at 320 px (it scrolls sideways)")
    page.set_viewport_size(LAPTOP)


def visit(page, axe, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    if response is None or response.status >= 400:
        problems.append(f"{url}: HTTP {response.status if response else '?'}")
        return
    if url.startswith("/api/docs/"):
        page.locator("h1").first.wait_for()  # Redoc draws the page after loading the schema
    check(page, axe, url, problems)


def test_every_page_passes_axe_on_a_laptop_and_a_phone_and_fits_320_px(demo, page, axe):
    problems: list[str] = []
    log_in(page, "teacher")
    for url in INSTRUCTOR_PAGES:
        visit(page, axe, url.format(**demo), problems)
    log_out(page)  # to the login page

    log_in(page, "student")
    for url in STUDENT_PAGES:
        visit(page, axe, url.format(**demo), problems)
    # The summary's "Submit all and finish?" as a dialog, and as the page shown without JS.
    page.goto(f"/attempts/{demo['open']}/summary/")
    page.get_by_role("button", name="Submit all and finish…").click()
    page.get_by_role("dialog").wait_for()
    problems += axe("confirmation dialog (laptop)")
    page.keyboard.press("Escape")
    page.evaluate("document.querySelector('[data-finish-form]').submit()")
    page.get_by_role("heading", name="Submit all and finish?").wait_for()
    check(page, axe, "confirmation page", problems)
    log_out(page)

    for url in VISITOR_PAGES:
        visit(page, axe, url, problems)
    assert not problems, "\n".join(problems)
