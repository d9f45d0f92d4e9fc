"""Steps the LMS tests share: set a course up from the LMS, add an activity by deep linking,
build a published quiz in that course, take it."""

from __future__ import annotations

from lti_tool.models import LtiUser

from quizzes.models import Course, QuestionType, Quiz
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.quiz.services.quizzes import quiz_create, quiz_publish, slot_add_fixed
from tests.lti.conftest import form_of, page_text
from tests.quiz.fixtures import RIGHT, make_question


def set_up_course(lms, browser_factory) -> Course:
    """The instructor launches Retain from the LMS course once: the Retain course exists."""
    answer = browser_factory().launch(lms, "teacher", lms.add_link(title="Retain home"))
    assert answer.status_code == 302, page_text(answer)
    return Course.objects.get(
        lti_contexts__context__id_on_platform="bio-101",
        lti_contexts__context__deployment__registration=lms.retain,
    )


def account(lms, user: str):
    return LtiUser.objects.get(registration=lms.retain, sub=lms.users[user].sub).auth_user


def published_quiz(
    course: Course, teacher, *, title: str = "Cells quiz", questions: int = 2
) -> Quiz:
    items = [
        make_question(course=course, type=QuestionType.MCQ, prompt=f"Question {n}?")
        for n in range(questions)
    ]
    quiz = quiz_create(course=course, user=teacher, title=title, shuffle_choices=False)
    for item in items:
        slot_add_fixed(quiz=quiz, user=teacher, question=item)
    quiz_publish(quiz=quiz, user=teacher)
    return quiz


WRONG = {
    QuestionType.MCQ: "b",
    QuestionType.MCQ_MULTI: ["d"],
    QuestionType.TRUE_FALSE: True,
    QuestionType.CLOZE: ["nothing"],
    QuestionType.SHORT_ANSWER: "nothing",
}


def take_quiz(quiz: Quiz, user, *, right: int) -> float:
    """Answer the first ``right`` questions right, the rest wrong; submit. Returns the percent."""
    attempt, _ = attempt_start(quiz=quiz, user=user)
    for entry in attempt.layout:
        slot, kind = entry["slot"], entry["type"]
        answer = RIGHT[kind] if slot <= right else WRONG[kind]
        response_save(attempt=attempt, slot=slot, answer=answer, sequence=1)
    return attempt_submit(attempt=attempt).attempt.percent


def deep_link(lms, browser, choice: str, **extra) -> tuple[str, object]:
    """The instructor adds ``choice`` ("quiz:12", "deck:3", …) through the LMS's "Add activity":
    returns the new resource link's id on the platform and the platform's final page."""
    picker = browser.follow(browser.deep_link(lms))
    assert picker.status_code == 200, page_text(picker)
    _, fields = form_of(picker.text)
    answer = browser.post(
        picker.url,
        {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "choice": choice, **extra},
    )
    assert answer.status_code == 200, page_text(answer)
    action, back = form_of(answer.text)
    assert action == lms.url("deep-link-return")
    done = browser.post(action, back)
    assert done.status_code == 200, done.text[:500]
    link_id = done.text.split("Added: ")[1].split("<")[0].strip()
    return link_id, answer
