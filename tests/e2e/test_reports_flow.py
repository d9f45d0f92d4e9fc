"""A learner's report reaching the instructor and being resolved, on a laptop and on a phone: the
demo student reports a card from the study screen and a question from a quiz's feedback; the
instructor sees the count on the course page and the filter in the bank, fixes the question (a
new version) and dismisses the card's report with a word; the student sees both handled."""

from __future__ import annotations

import pytest

from quizzes.models import Attempt, AttemptState, ItemReport
from tests.e2e.conftest import ARTIFACTS, LAPTOP, NARROWEST, PHONE, log_in, log_out, page_width

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page) -> bool:
    size = page.viewport_size
    page.set_viewport_size(NARROWEST)
    width = page_width(page)
    page.set_viewport_size(size)
    return width <= NARROWEST["width"]


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_report_reaches_the_instructor_and_the_student_sees_it_handled(
    demo_deck, page, axe, size
):
    label = "phone" if size == PHONE else "laptop"
    page.set_viewport_size(size)
    problems: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)

    # The student reports the card on screen, without leaving the session.
    log_in(page, "student")
    page.goto(f"/decks/{demo_deck.pk}/study/")
    page.locator("#study[data-ready]").wait_for(state="attached")
    card_id = int(page.locator("[data-report-item]").input_value())
    page.get_by_text("Report a problem with this card").click()
    page.get_by_label("It is unclear").check()
    page.get_by_label("Tell the instructor more").fill("Which letters?")
    problems += axe(f"study, report form ({label})")
    page.screenshot(path=str(ARTIFACTS / f"report-card-{label}.png"), full_page=True)
    page.get_by_role("button", name="Send the report").click()
    page.locator("[data-notice]").filter(has_text="your report went to").wait_for()
    card_report = ItemReport.objects.get(card_id=card_id)
    assert (card_report.reason, card_report.note) == ("unclear", "Which letters?")
    assert page.locator("[data-front]").is_visible()  # still studying

    # …and a question from a quiz's feedback.
    attempt = Attempt.objects.filter(user__username="student", state=AttemptState.SUBMITTED).first()
    page.goto(f"/attempts/{attempt.pk}/review/")
    first = page.locator(".quiz-review-item").first
    first.get_by_text("Report a problem with this question").click()
    first.get_by_label("It is wrong").check()
    problems += axe(f"quiz feedback, report form ({label})")
    first.get_by_role("button", name="Send the report").click()
    page.get_by_text("Thank you: your report went to the course's instructors").wait_for()
    question_report = ItemReport.objects.exclude(pk=card_report.pk).get()
    assert question_report.question_id is not None
    log_out(page)

    # The instructor: a count on the course page, a filter in the bank, the reports page.
    log_in(page, "teacher")
    page.goto(f"/courses/{demo_deck.course_id}/")
    reports_link = page.get_by_role("link", name="Reports from learners 2 open")
    assert reports_link.is_visible()
    page.goto(f"/courses/{demo_deck.course_id}/bank/?reports=open")
    assert page.locator(f'a[href="/questions/{question_report.question_id}/"]').count() >= 1
    page.goto(f"/courses/{demo_deck.course_id}/reports/")
    problems += axe(f"reports from learners ({label})")
    assert fits(page), "the reports page scrolls sideways at 320 px"
    page.screenshot(path=str(ARTIFACTS / f"reports-instructor-{label}.png"), full_page=True)

    question_item = page.locator(f"#report-{question_report.pk}")
    question_item.get_by_role("link", name="Edit the question").click()
    prompt = page.locator("[name=prompt]")
    prompt.fill(prompt.input_value() + " (reworded)")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Reports from learners").wait_for()
    question_item = page.locator(f"#report-{question_report.pk}")
    question_item.get_by_role("button", name="Mark fixed").click()
    page.get_by_text("1 report fixed").wait_for()

    card_item = page.locator(f"#report-{card_report.pk}")
    card_item.get_by_label("A word to the learner").fill("The card is right: read it again.")
    card_item.get_by_role("button", name="Dismiss").click()
    page.get_by_text("1 report dismissed").wait_for()
    assert page.get_by_text("No open reports").is_visible()
    log_out(page)

    # The student sees both handled.
    log_in(page, "student")
    page.goto("/reports/")
    handled = page.locator(".report-list").inner_text()
    assert "Fixed" in handled
    assert "The card is right: read it again." in handled
    problems += axe(f"my reports ({label})")
    assert fits(page), "My reports scrolls sideways at 320 px"
    page.screenshot(path=str(ARTIFACTS / f"reports-student-{label}.png"), full_page=True)
    statuses = dict(ItemReport.objects.values_list("pk", "status"))
    assert statuses == {card_report.pk: "dismissed", question_report.pk: "fixed"}
    assert not problems, "\n".join(problems)
