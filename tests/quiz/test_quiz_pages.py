"""Quiz pages: scoping, the builder, taking a quiz with plain form posts, feedback, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptState, Quiz, QuizEvent, QuizSlot, Response
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from tests.quiz.fixtures import RIGHT, add_version, make_question

pytestmark = pytest.mark.django_db

# Only the answer key holds these: they must not be in a page before the policy allows them.
SECRETS = [
    "Republic of Peru",
    "seven",
    "Brazil holds 60%",
    "contained within Brazil",
    "nine nations",
    "Correct answer",
]


def assert_no_secrets(html: str) -> None:
    for secret in SECRETS:
        assert secret not in html, f"{secret!r} leaked"


def started(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz)


# --- Lists and scoping


def test_quiz_pages_need_a_login(client, quiz):
    assert client.get("/quizzes/").status_code == 302
    assert client.get(f"/quizzes/{quiz.pk}/").status_code == 302


def test_students_see_published_quizzes_only(web_as, student, quiz, make_quiz, quiz_bank):
    make_quiz(quiz_bank[:1], publish=False, title="Unfinished draft")
    page = web_as(student).get("/quizzes/").content.decode()
    assert "Rainforest quiz" in page
    assert "Unfinished draft" not in page
    draft = Quiz.objects.get(title="Unfinished draft")
    assert web_as(student).get(f"/quizzes/{draft.pk}/").status_code == 404


def test_another_courses_quiz_pages_are_404(web_as, outsider, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    client = web_as(outsider)
    for url in [
        f"/quizzes/{quiz.pk}/",
        f"/quizzes/{quiz.pk}/edit/",
        f"/quizzes/{quiz.pk}/statistics/",
        f"/quizzes/{quiz.pk}/results.csv",
        f"/attempts/{attempt.pk}/",
        f"/attempts/{attempt.pk}/summary/",
        f"/attempts/{attempt.pk}/review/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/quizzes/{quiz.pk}/start/").status_code == 404


def test_students_cannot_open_the_builder_or_statistics(web_as, student, quiz, course):
    client = web_as(student)
    assert client.get(f"/quizzes/{quiz.pk}/edit/").status_code == 404
    assert client.get(f"/quizzes/{quiz.pk}/statistics/").status_code == 404
    assert client.get(f"/courses/{course.pk}/quizzes/new/").status_code == 404


# --- Building


def test_an_instructor_creates_a_quiz_with_the_form(web_as, instructor, course):
    response = web_as(instructor).post(
        f"/courses/{course.pk}/quizzes/new/",
        {
            "title": "Week 3",
            "grace_seconds": 30,
            "grading_method": "highest",
            "layout": "per_question",
            "time_limit_minutes": 10,
            "shuffle_choices": "on",
            "review_after_submit_score": "on",
        },
    )
    assert response.status_code == 302
    quiz = Quiz.objects.get(title="Week 3")
    assert response["Location"] == f"/quizzes/{quiz.pk}/edit/"
    assert quiz.layout == "per_question"
    assert quiz.review_after_submit_score
    assert not quiz.review_after_submit_answers


def test_a_bad_setting_shows_next_to_its_field(web_as, instructor, course):
    response = web_as(instructor).post(
        f"/courses/{course.pk}/quizzes/new/",
        {
            "title": "Q",
            "grace_seconds": 30,
            "grading_method": "highest",
            "layout": "one_page",
            "time_limit_minutes": 0,
        },
    )
    assert response.status_code == 400
    assert "A time limit is between 1 minute and 24 hours" in response.content.decode()
    assert not Quiz.objects.exists()


def test_the_builder_adds_fixed_and_random_slots(web_as, instructor, make_quiz, course, source):
    questions = [make_question(course=course, source=source, prompt=f"Q{n}") for n in range(4)]
    quiz = make_quiz([], publish=False)
    client = web_as(instructor)
    page = client.get(f"/quizzes/{quiz.pk}/edit/").content.decode()
    assert "What students see" in page
    fixed = client.post(
        f"/quizzes/{quiz.pk}/slots/fixed/",
        {"fixed-question": questions[0].pk, "fixed-pin": "on", "fixed-points": 2},
    )
    assert fixed.status_code == 302
    slot = QuizSlot.objects.get(quiz=quiz, question=questions[0])
    assert slot.version == questions[0].current
    assert slot.points == 2
    too_many = client.post(
        f"/quizzes/{quiz.pk}/slots/random/",
        {"random-count": 9, "random-source": source.pk, "random-points": 1},
    )
    assert too_many.status_code == 400
    assert "Only 3 approved questions match; draw at most 3" in too_many.content.decode()
    drawn = client.post(
        f"/quizzes/{quiz.pk}/slots/random/",
        {"random-count": 3, "random-source": source.pk, "random-points": 1},
    )
    assert drawn.status_code == 302
    assert QuizSlot.objects.filter(quiz=quiz, kind="random", draw_count=3).exists()


def test_removing_a_slot_of_an_attempted_quiz_needs_the_confirm_box(
    web_as, instructor, student, quiz
):
    attempt_start(quiz=quiz, user=student)
    slot = quiz.slots.first()
    client = web_as(instructor)
    refused = client.post(f"/quizzes/{quiz.pk}/slots/{slot.pk}/", {"action": "remove"}, follow=True)
    assert "Confirm to remove it" in refused.content.decode()
    assert QuizSlot.objects.filter(pk=slot.pk).exists()
    client.post(f"/quizzes/{quiz.pk}/slots/{slot.pk}/", {"action": "remove", "confirm": "on"})
    assert not QuizSlot.objects.filter(pk=slot.pk).exists()
    assert QuizEvent.objects.filter(quiz=quiz, action="slot_removed").exists()


def test_publishing_from_the_builder(web_as, instructor, make_quiz, quiz_bank):
    quiz = make_quiz(quiz_bank, publish=False)
    web_as(instructor).post(f"/quizzes/{quiz.pk}/publish/", {"action": "publish"})
    quiz.refresh_from_db()
    assert quiz.is_published


def test_one_click_quiz_from_an_article(web_as, instructor, source, quiz_bank):
    response = web_as(instructor).post("/quizzes/from-article/", {"source": source.pk})
    quiz = Quiz.objects.get(source=source)
    assert response["Location"] == f"/quizzes/{quiz.pk}/edit/"
    assert quiz.slots.count() == 5


def test_one_click_quiz_a_second_time_opens_the_first_and_offers_another(
    web_as, instructor, source, quiz_bank
):
    client = web_as(instructor)
    client.post("/quizzes/from-article/", {"source": source.pk})
    first = Quiz.objects.get(source=source)
    again = client.post("/quizzes/from-article/", {"source": source.pk}, follow=True)
    assert again.redirect_chain[-1][0] == f"/quizzes/{first.pk}/edit/"
    html = again.content.decode()
    assert "quiz, so here it is" in html
    assert 'name="another" value="yes"' in html  # the builder offers a new one
    assert Quiz.objects.filter(source=source).count() == 1
    another = client.post("/quizzes/from-article/", {"source": source.pk, "another": "yes"})
    second = Quiz.objects.filter(source=source).latest("id")
    assert another["Location"] == f"/quizzes/{second.pk}/edit/"
    assert second.title == "Quiz: Amazon rainforest (2)"


def test_one_click_quiz_from_another_courses_article_is_404(web_as, instructor, other_source):
    client = web_as(instructor)
    assert client.post("/quizzes/from-article/", {"source": other_source.pk}).status_code == 404
    assert client.post("/quizzes/from-article/", {"source": "nonsense"}).status_code == 404


# --- Taking


def test_the_take_page_shows_questions_but_no_answer_key(web_as, student, quiz):
    client = web_as(student)
    attempt = started(client, quiz)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "Which country contains the majority of the Amazon rainforest?" in html
    assert 'name="answer-4-1"' in html  # the cloze blank
    assert "attempt.js" in html
    assert_no_secrets(html)


def test_a_plain_form_post_saves_the_answers(web_as, student, quiz):
    client = web_as(student)
    attempt = started(client, quiz)
    response = client.post(
        f"/attempts/{attempt.pk}/",
        {
            "slots": ["1", "2", "3", "4", "5"],
            **{f"seq-{n}": "0" for n in range(1, 6)},
            "answer-1": "a",
            "answer-2": ["a", "c"],
            "answer-3": "false",
            "answer-4-1": "Seven",
            "answer-5": "Peru",
            "go": "save",
        },
    )
    assert response.status_code == 302
    answers = dict(Response.objects.filter(attempt=attempt).values_list("slot", "answer"))
    assert answers == {1: "a", 2: ["a", "c"], 3: False, 4: ["Seven"], 5: "Peru"}
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'value="a" checked' in html  # the saved answers come back on reload


def test_a_stale_form_post_is_refused_with_409_and_says_why(web_as, student, quiz):
    client = web_as(student)
    attempt = started(client, quiz)
    response_save(attempt=attempt, slot=1, answer="c", sequence=1)  # another tab saved
    response = client.post(
        f"/attempts/{attempt.pk}/", {"slots": ["1"], "seq-1": "0", "answer-1": "b", "go": "save"}
    )
    assert response.status_code == 409
    assert "changed more recently" in response.content.decode()
    assert Response.objects.get(attempt=attempt, slot=1).answer == "c"


def test_one_question_per_page_moves_with_next_and_previous(web_as, student, quiz):
    quiz.layout = "per_question"
    quiz.save()
    client = web_as(student)
    attempt = started(client, quiz)
    first = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "Question 1 of 5" in first
    assert "Question 2" not in first
    response = client.post(
        f"/attempts/{attempt.pk}/",
        {"slots": ["1"], "seq-1": "0", "answer-1": "a", "page": "1", "go": "next"},
    )
    assert response["Location"] == f"/attempts/{attempt.pk}/?page=2"
    assert "Question 2 of 5" in client.get(response["Location"]).content.decode()


def test_the_summary_lists_unanswered_questions_and_submits(web_as, student, quiz):
    client = web_as(student)
    attempt = started(client, quiz)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    summary = client.get(f"/attempts/{attempt.pk}/summary/").content.decode()
    assert "1 of 5 questions answered" in summary
    assert "Questions 2, 3, 4 and 5 have no answer: they score 0." in summary
    assert_no_secrets(summary)
    response = client.post(f"/attempts/{attempt.pk}/submit/", {"confirm": "yes"})
    assert response["Location"] == f"/attempts/{attempt.pk}/review/"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED


def test_feedback_cites_the_source_sentence_when_the_policy_allows(
    web_as, student, quiz, quiz_bank
):
    client = web_as(student)
    attempt = started(client, quiz)
    for n, question in enumerate(quiz_bank, start=1):
        response_save(attempt=attempt, slot=n, answer=RIGHT[question.type], sequence=1)
    client.post(f"/attempts/{attempt.pk}/submit/", {"confirm": "yes"})
    html = client.get(f"/attempts/{attempt.pk}/review/").content.decode()
    assert "100%" in html
    assert "Brazil holds 60% of the rainforest." in html
    assert "The majority of the forest is contained within Brazil" in html
    assert "<cite>Amazon rainforest</cite>" in html


def test_feedback_hides_what_the_policy_hides(web_as, student, quiz):
    for item in ("score", "correctness", "answers", "explanations"):
        setattr(quiz, f"review_after_submit_{item}", False)
    quiz.closes_at = timezone.now() + timedelta(days=1)
    quiz.save()
    client = web_as(student)
    attempt = started(client, quiz)
    client.post(f"/attempts/{attempt.pk}/submit/", {"confirm": "yes"})
    html = client.get(f"/attempts/{attempt.pk}/review/").content.decode()
    assert "More feedback may appear after the quiz closes" in html
    assert_no_secrets(html)
    assert "Not right" not in html


def test_an_overdue_attempt_is_submitted_when_the_student_returns(web_as, student, quiz):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=timezone.now() - timedelta(minutes=3))
    response = web_as(student).get(f"/attempts/{attempt.pk}/")
    assert response["Location"] == f"/attempts/{attempt.pk}/review/"
    attempt.refresh_from_db()
    assert attempt.auto_submitted


def test_the_timer_shows_the_time_left(web_as, student, quiz):
    quiz.time_limit_minutes = 20
    quiz.save()
    client = web_as(student)
    attempt = started(client, quiz)
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "Time left" in html
    assert 'data-remaining="' in html
    assert ">20:00<" in html or ">19:59<" in html


def test_a_second_start_resumes_the_open_attempt(web_as, student, quiz):
    client = web_as(student)
    attempt = started(client, quiz)
    response = client.post(f"/quizzes/{quiz.pk}/start/")
    assert response["Location"] == f"/attempts/{attempt.pk}/"
    assert Attempt.objects.count() == 1


def test_checking_an_answer_on_the_page_shows_during_feedback(web_as, student, quiz):
    quiz.review_during_correctness = True
    quiz.save()
    client = web_as(student)
    attempt = started(client, quiz)
    client.post(
        f"/attempts/{attempt.pk}/", {"slots": ["1"], "seq-1": "0", "answer-1": "b", "check": "1"}
    )
    html = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "Not right" in html
    assert "Correct answer" not in html
    assert Response.objects.get(attempt=attempt, slot=1).checked


# --- Statistics, export, regrade


def test_the_statistics_page_draws_an_accessible_chart(web_as, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    attempt_submit(attempt=attempt)
    html = web_as(instructor).get(f"/quizzes/{quiz.pk}/statistics/").content.decode()
    assert '<svg class="quiz-chart-svg"' in html
    assert '<title id="chart-title">Score distribution' in html
    assert "1 submitted attempt; the most common band is 20–30% with 1." in html
    assert '<th scope="row">20–30%</th><td>1</td>' in html  # the text equivalent
    assert "Nobody picked the distractor" in html


def test_results_export_as_csv(web_as, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    response = web_as(instructor).get(f"/quizzes/{quiz.pk}/results.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "rainforest-quiz-results.csv" in response["Content-Disposition"]
    assert response.content.decode().splitlines()[1].startswith("student,1,")


def test_regrade_from_the_builder(web_as, instructor, student, quiz, quiz_bank):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="b", sequence=1)
    attempt_submit(attempt=attempt)
    add_version(
        quiz_bank[0],
        choices=[
            {"id": "a", "text": "Brazil", "correct": False},
            {"id": "b", "text": "Peru", "correct": True},
        ],
    )
    response = web_as(instructor).post(
        f"/quizzes/{quiz.pk}/regrade/", {"regrade-question": quiz_bank[0].pk}, follow=True
    )
    assert "Regrade changed 1 attempt score" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 1
