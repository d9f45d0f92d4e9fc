"""The demo student takes the sample article's quiz with the keyboard only: answers half, reloads and
finds the answers kept, finishes, submits from the summary (confirming in the dialog), and reads
feedback citing the article."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quizzes.models import Attempt, AttemptState, Quiz
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_quiz(settings) -> Quiz:
    """The demo's published quiz of the sample article (``manage.py demo`` makes it)."""
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    return Quiz.objects.get(
        source__title="Key Drivers in US-North Korea relations", published_at__isnull=False
    )


def tab_to(page, name: str, *, role: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focused element's text (or label) contains ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
                return [el.tagName.toLowerCase(), el.type || "", (el.innerText || el.value || "")
                    + " " + label + " " + (el.getAttribute("aria-label") || "")];
            }"""
        )
        if name in focused[2] and (role is None or role in (focused[0], focused[1])):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def answer_with_keyboard(page, fieldset) -> None:
    """Answer one question using only the keyboard: Tab into it, then Space or typing."""
    kind = fieldset.get_attribute("data-type")
    slot = fieldset.get_attribute("data-slot")
    first = fieldset.locator("input:not([type=hidden])").first
    # Tab forward until focus is inside this question.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(slot) => !!document.activeElement.closest(`fieldset[data-slot='${slot}']`)", slot
        ):
            break
    else:
        raise AssertionError(f"Tab never reached question {slot}")
    if kind in ("mcq", "true_false"):
        page.keyboard.press("Space")  # selects the focused (first) radio
    elif kind == "mcq_multi":
        page.keyboard.press("Space")  # ticks the first box
    else:
        page.keyboard.type("a guess")
    assert first.is_visible()


def wait_saved(page, slot: str) -> None:
    page.locator(f"#status-{slot}").filter(has_text="Saved").wait_for()


def test_the_demo_student_takes_the_sample_quiz_with_the_keyboard_only(demo_quiz, page, screenshot):
    # Log in with the keyboard.
    page.goto("/accounts/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type("student")
    page.keyboard.press("Tab")
    page.keyboard.type("retain-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/")

    tab_to(page, "Quizzes")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quizzes/")
    tab_to(page, demo_quiz.title)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=demo_quiz.title).wait_for()
    tab_to(page, "Start")  # "Start the quiz", or "Start a new attempt" after the demo's history
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*/")

    questions = page.locator("fieldset[data-slot]")
    total = questions.count()
    assert total >= 3
    half = total // 2
    for index in range(half):
        answer_with_keyboard(page, questions.nth(index))
    for index in range(half):
        wait_saved(page, questions.nth(index).get_attribute("data-slot"))
    page.evaluate("window.scrollTo(0, 0)")  # the timed header is sticky: draw it at the top
    screenshot("quiz-take")

    # Reload mid-way: the answers saved by autosave come back.
    page.reload()
    questions = page.locator("fieldset[data-slot]")
    for index in range(half):
        fieldset = questions.nth(index)
        kind = fieldset.get_attribute("data-type")
        if kind in ("mcq", "mcq_multi", "true_false"):
            assert fieldset.locator("input:checked").count() == 1
        else:
            assert fieldset.locator("input[type=text]").first.input_value() == "a guess"
    assert page.locator("[data-answered]").inner_text() == str(half)

    # Finish the rest (Tab moves on from the top of the page), then review and submit.
    page.locator("fieldset[data-slot]").nth(half - 1).locator(
        "input:not([type=hidden])"
    ).last.focus()
    for index in range(half, total):
        answer_with_keyboard(page, questions.nth(index))
    tab_to(page, "Review and submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Check before you submit").wait_for()
    assert page.get_by_text(f"{total} of {total} questions answered").is_visible()
    screenshot("quiz-summary")
    tab_to(page, "Submit all and finish")
    page.keyboard.press("Enter")  # asks first, in a dialog that starts on "Not yet"
    page.get_by_role("dialog", name="Submit all and finish?").wait_for()
    assert page.get_by_text("Every question has an answer.").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Submit all and finish"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your feedback").wait_for()

    attempt = Attempt.objects.filter(quiz=demo_quiz, user__username="student").latest("number")
    assert attempt.state == AttemptState.SUBMITTED
    assert not attempt.auto_submitted
    assert all(r.answer is not None for r in attempt.responses.all())
    quotes = page.locator(".quiz-source-quote blockquote")
    cited = attempt.responses.exclude(version__evidence_text="").count()
    assert cited >= 1
    assert quotes.count() == cited
    assert page.locator(".quiz-source-quote figcaption cite").first.inner_text() == (
        "Key Drivers in US-North Korea relations"
    )
    screenshot("quiz-feedback")


def test_the_instructor_sees_the_builder_and_statistics_and_a_timed_attempt_shows_a_timer(
    demo_quiz, page, screenshot
):
    from django.contrib.auth import get_user_model

    from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save

    users = get_user_model().objects
    for name, right in (("student", True), ("student2", False)):
        attempt, _ = attempt_start(quiz=demo_quiz, user=users.get(username=name))
        for entry in attempt.layout:
            stored = attempt.responses.get(slot=entry["slot"])
            version = stored.version
            if entry["type"] == "mcq":
                good = next(c["id"] for c in version.choices if c["correct"])
                bad = next(c["id"] for c in version.choices if not c["correct"])
                answer = good if right else bad
            elif entry["type"] == "true_false":
                answer = version.truth if right else not version.truth
            else:
                answer = (version.accepted[0] if right else "no idea") if version.accepted else "x"
            response_save(
                attempt=attempt, slot=entry["slot"], answer=answer, sequence=stored.sequence + 1
            )
        attempt_submit(attempt=attempt)

    log_in(page, "teacher")
    page.goto(f"/quizzes/{demo_quiz.pk}/statistics/")
    page.get_by_role("heading", name="Statistics").wait_for()
    assert page.locator("svg.quiz-chart-svg rect.quiz-chart-bar").count() == 10
    screenshot("quiz-statistics")
    page.goto(f"/quizzes/{demo_quiz.pk}/edit/")
    page.get_by_role("heading", name="Questions").wait_for()
    screenshot("quiz-builder")

    demo_quiz.time_limit_minutes = 15
    demo_quiz.save()
    page.get_by_role("button", name="Log out").click()
    log_in(page, "student2")
    page.goto(f"/quizzes/{demo_quiz.pk}/")
    screenshot("quiz-detail")
    page.get_by_role("button", name="Start a new attempt").click()
    page.locator("[data-timer-value]").wait_for()
    assert page.locator("[data-timer-value]").inner_text() in {"15:00", "14:59", "14:58"}
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("quiz-take-timed")
