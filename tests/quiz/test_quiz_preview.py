"""An instructor previews a quiz as a student takes it — pages, flags, checks, the confirmation
and the feedback — and the database does not change at all."""

from __future__ import annotations

import json
import re

import pytest

from quizzes.models import Question, QuestionType
from quizzes.quiz.selectors.preview import PreviewState, preview_view
from tests.database import every_row
from tests.quiz.fixtures import RIGHT

pytestmark = pytest.mark.django_db


def state_of(html: str) -> dict:
    raw = re.search(r'name="state" value="([^"]*)"', html).group(1)
    return json.loads(raw.replace("&quot;", '"'))


def test_a_whole_preview_records_nothing(web_as, instructor, quiz, quiz_bank):
    client = web_as(instructor)
    before = every_row()
    page = client.get(f"/quizzes/{quiz.pk}/preview/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Preview" in html
    assert html.count("data-nav-slot=") == 5
    state = state_of(html)
    answers = {f"answer-{n}": RIGHT[q.type] for n, q in enumerate(quiz_bank, start=1)}
    answers["answer-4-1"] = answers.pop("answer-4")[0]  # the cloze blank
    summary = client.post(
        f"/quizzes/{quiz.pk}/preview/",
        {
            "state": json.dumps(state),
            "slots": ["1", "2", "3", "4", "5"],
            **answers,
            "flaggable": ["1", "2", "3", "4", "5"],
            "flag-5": "on",
            "go": "summary",
        },
    ).content.decode()
    assert "5 of 5 questions answered · 1 flagged for review" in summary
    state = state_of(summary)
    assert state["flags"] == [5]
    asked = client.post(
        f"/quizzes/{quiz.pk}/preview/", {"state": json.dumps(state), "go": "submit"}
    ).content.decode()
    assert "Submit all and finish?" in asked
    assert "You flagged question 5 for review." in asked
    done = client.post(
        f"/quizzes/{quiz.pk}/preview/",
        {"state": json.dumps(state), "go": "submit", "confirm": "yes"},
    ).content.decode()
    assert "100%" in done
    assert "Nothing was recorded" in done
    assert every_row() == before


def test_the_preview_uses_the_students_review_policy(web_as, instructor, quiz):
    for item in ("score", "correctness", "answers", "explanations"):
        setattr(quiz, f"review_after_submit_{item}", False)
    quiz.save()
    state = PreviewState(seed=7, answers={1: "a"})
    done = web_as(instructor).post(
        f"/quizzes/{quiz.pk}/preview/",
        {"state": state.to_json(), "go": "submit", "confirm": "yes"},
    )
    html = done.content.decode()
    assert "%" not in html.split("Result", 1)[1].split("</section>", 1)[0]
    assert "Correct answer" not in html


def test_a_paged_preview_keeps_answers_across_pages(web_as, instructor, quiz):
    quiz.layout = "per_question"
    quiz.save()
    client = web_as(instructor)
    first = client.get(f"/quizzes/{quiz.pk}/preview/").content.decode()
    assert "Question 1 of 5" in first
    second = client.post(
        f"/quizzes/{quiz.pk}/preview/",
        {
            "state": json.dumps(state_of(first)),
            "slots": ["1"],
            "answer-1": "b",
            "page": "1",
            "go": "page-3",
        },
    ).content.decode()
    assert "Question 3 of 5" in second
    assert state_of(second)["answers"] == {"1": "b"}
    assert (
        '<button type="submit" form="attempt-form" name="go" value="page-1" class="quiz-nav-item is-answered"'
        in second
    )


def test_checking_an_answer_in_a_preview_shows_the_during_feedback(web_as, instructor, quiz):
    quiz.review_during_correctness = True
    quiz.save()
    client = web_as(instructor)
    state = state_of(client.get(f"/quizzes/{quiz.pk}/preview/").content.decode())
    html = client.post(
        f"/quizzes/{quiz.pk}/preview/",
        {"state": json.dumps(state), "slots": ["1"], "answer-1": "a", "check": "1"},
    ).content.decode()
    assert "✓ Correct" in html
    assert state_of(html)["checked"] == [1]


def test_a_malformed_state_starts_a_fresh_preview(web_as, instructor, quiz):
    response = web_as(instructor).post(
        f"/quizzes/{quiz.pk}/preview/", {"state": "{not json", "go": "summary"}
    )
    assert response.status_code == 200
    assert state_of(response.content.decode())["answers"] == {}


def test_answers_that_do_not_fit_their_question_are_dropped(quiz, instructor):
    state = PreviewState(seed=1, answers={1: "zzz", 3: "true", 9: "x"}, flags={2, 12})
    preview = preview_view(quiz=quiz, user=instructor, state=state)
    assert state.answers == {3: True}
    assert state.flags == {2}
    assert [item.answered for item in preview.view.items] == [False, False, True, False, False]


def test_students_cannot_preview(web_as, student, quiz):
    assert web_as(student).get(f"/quizzes/{quiz.pk}/preview/").status_code == 404


def test_an_empty_quiz_preview_says_there_is_nothing_to_show(web_as, instructor, make_quiz):
    quiz = make_quiz([], publish=False)
    html = web_as(instructor).get(f"/quizzes/{quiz.pk}/preview/").content.decode()
    assert "no question to show yet" in html


def test_the_quiz_page_and_builder_offer_the_preview(web_as, instructor, quiz):
    client = web_as(instructor)
    for url in (f"/quizzes/{quiz.pk}/", f"/quizzes/{quiz.pk}/edit/"):
        assert f'href="/quizzes/{quiz.pk}/preview/"' in client.get(url).content.decode()


def test_preview_does_not_mark_questions_shown(web_as, instructor, quiz, quiz_bank):
    web_as(instructor).get(f"/quizzes/{quiz.pk}/preview/")
    assert not Question.objects.filter(shown_at__isnull=False).exists()
    assert quiz_bank[0].type == QuestionType.MCQ
