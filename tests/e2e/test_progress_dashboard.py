"""After a quiz and a study session, the demo student's dashboard shows the claims and terms they
just answered with their new state — up where they answered right and studied, down to learning
where they answered wrong — and the instructor's class view shows the student. The demo student
comes with weeks of simulated history, so the test compares each state with the one before.
Screenshots at phone and laptop widths."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.bank.services.best import bank_approve_best
from quizzes.models import (
    Attempt,
    AttemptState,
    Card,
    ItemStatus,
    Question,
    QuestionVersion,
    Source,
)
from quizzes.progress.selectors.evidence import mastery_table
from quizzes.quiz.services.quizzes import quiz_demo
from quizzes.study.services.decks import deck_demo
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    """The demo with the sample article's quiz and deck (made here if the demo command does not
    make them yet)."""
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    source = Source.objects.get(title="Key Drivers in US-North Korea relations")
    teacher = source.created_by
    bank_approve_best(course=source.course, source=source, user=teacher, questions=10, cards=10)
    return SimpleNamespace(
        course=source.course,
        student=source.course.members.get(username="student"),
        quiz=quiz_demo(course=source.course, source=source, user=teacher),
        deck=deck_demo(course=source.course, source=source, user=teacher),
    )


def topic_of(item) -> tuple[str, int]:
    return ("claim", item.claim_id) if item.claim_id else ("term", item.term_id)


def right_answer(qtype: str, version: QuestionVersion):
    if qtype in ("mcq", "mcq_multi"):
        return [str(c["id"]) for c in version.choices if c.get("correct")]
    if qtype == "true_false":
        return ["true" if version.truth else "false"]
    accepted = version.accepted
    if accepted and isinstance(accepted[0], list):
        return [str(blank[0]) for blank in accepted]
    return [str(accepted[0])]


def wrong_answer(qtype: str, version: QuestionVersion):
    if qtype in ("mcq", "mcq_multi"):
        return [next(str(c["id"]) for c in version.choices if not c.get("correct"))]
    if qtype == "true_false":
        return ["false" if version.truth else "true"]
    return ["not sure"] * len(right_answer(qtype, version))


def fill(scope, qtype: str, values: list[str]) -> None:
    """Answer a question in ``scope`` (a fieldset or form) the way a student would."""
    if qtype in ("mcq", "mcq_multi", "true_false"):
        for value in values:
            scope.locator(f"input[value='{value}']").check()
    else:
        boxes = scope.locator("input[type=text]")
        for index, value in enumerate(values):
            boxes.nth(index).fill(value)


def take_the_quiz(page, demo) -> tuple[set, set]:
    """Answer right the questions of topics a card also tests, wrong the others; submit.
    Returns the topics answered right and those answered wrong."""
    page.goto(f"/quizzes/{demo.quiz.pk}/")
    page.get_by_role("button", name=re.compile(r"^Start")).click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(quiz=demo.quiz, user=demo.student, state=AttemptState.IN_PROGRESS)
    carded = {
        topic_of(c) for c in Card.objects.filter(course=demo.course, status=ItemStatus.APPROVED)
    }
    versions = QuestionVersion.objects.in_bulk([entry["version"] for entry in attempt.layout])
    questions = Question.objects.in_bulk([entry["question"] for entry in attempt.layout])
    right, wrong = set(), set()
    for entry in attempt.layout:
        question, version = questions[entry["question"]], versions[entry["version"]]
        topic = topic_of(question)
        fieldset = page.locator(f"fieldset[data-slot='{entry['slot']}']")
        if topic in carded:
            fill(fieldset, question.type, right_answer(question.type, version))
            right.add(topic)
        else:
            fill(fieldset, question.type, wrong_answer(question.type, version))
            wrong.add(topic)
        page.locator(f"#status-{entry['slot']}").filter(has_text="Saved").wait_for()
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit all and finish…").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit all and finish").click()
    page.get_by_role("heading", name="Your feedback").wait_for()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    return right, wrong - right


def study_topic(page, demo, topic: tuple[str, int]) -> int:
    """ "Study this now" for one topic: grade its due cards Good and answer its questions right
    until the session is done. Returns the number of cards graded."""
    page.goto(f"/courses/{demo.course.pk}/progress/")
    link = page.locator(f"a[href$='/practice/?{topic[0]}={topic[1]}']").first
    if not link.is_visible():  # among the stronger ones, behind "Show the other …"
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
    graded = 0
    for _ in range(12):
        page.locator("h1").wait_for()
        if page.get_by_text("Show the answer").count():
            page.get_by_text("Show the answer").click()
            page.get_by_role("button", name=re.compile(r"^Good")).click()
            graded += 1
        elif page.get_by_role("button", name="Check my answer").count():
            form = page.locator("form:has(button:text('Check my answer'))")
            question_id = int(re.search(r"/questions/(\d+)/", form.get_attribute("action"))[1])
            question = Question.objects.select_related("current").get(pk=question_id)
            fill(form, question.type, right_answer(question.type, question.current))
            form.get_by_role("button", name="Check my answer").click()
            page.get_by_role("heading", name=re.compile("Right|Partly|Not quite")).wait_for()
        else:
            break
    page.get_by_role("heading", name="All done for now").wait_for()
    return graded


def test_the_dashboard_shows_what_the_student_just_answered_and_the_class_view_shows_them(
    demo, page, screenshot
):
    before = mastery_table(demo.course, [demo.student.pk], now=timezone.now())[demo.student.pk]

    log_in(page, "student")
    right, wrong = take_the_quiz(page, demo)
    assert right
    assert wrong
    for topic in sorted(right):
        study_topic(page, demo, topic)
    screenshot("progress-practice-done")

    page.goto(f"/courses/{demo.course.pk}/progress/")
    page.get_by_role("heading", name="Your progress").wait_for()
    shown = {}
    for item in page.locator("li.mastery-item").all():
        link = item.locator("a[href*='/practice/?']").first.get_attribute("href")
        kind, topic_id = re.search(r"\?(claim|term)=(\d+)", link).groups()
        shown[(kind, int(topic_id))] = item.locator(".state").text_content().strip()
    after = mastery_table(demo.course, [demo.student.pk], now=timezone.now())[demo.student.pk]
    for topic in right | wrong:
        assert shown[topic] == after[topic].state_label, topic  # the page shows the data
    for topic in right:  # answered right and studied: not lower than before
        assert after[topic].mastery.value >= before[topic].mastery.value - 1e-6, topic
        assert after[topic].answers > before[topic].answers
    for topic in wrong:  # answered wrong: lower than before (or still at zero)
        value, was = after[topic].mastery.value, before[topic].mastery.value
        assert after[topic].answers > before[topic].answers, topic
        assert value < was or value == 0, topic
        assert after[topic].state != "not_started", topic
    assert "Mastered" in {shown[t] for t in right}
    assert "Learning" in {shown[t] for t in wrong}
    assert page.locator("svg.bar-chart title").first.text_content() == (
        "Cards due in the next 30 days"
    )
    assert page.locator("svg.calendar-chart desc").text_content().startswith("Studied on ")
    screenshot("progress-dashboard")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "teacher")
    page.goto(f"/courses/{demo.course.pk}/progress/class/")
    row = page.locator(
        "table.class-table tbody tr", has=page.get_by_role("link", name="student", exact=True)
    )
    assert (
        row.locator("td").first.inner_text()
        == f"{round(100 * sum(m.mastery.value for m in after.values()) / len(after))}%"
    )
    screenshot("progress-class")
    row.get_by_role("link", name="student", exact=True).click()
    page.get_by_role("heading", name="student’s progress").wait_for()
    assert page.get_by_text("read-only").is_visible()
