"""API: quizzes (settings, slots, publishing, scoping, bad input), statistics and regrades; attempts
are in ``test_attempts_api``."""

from __future__ import annotations

import pytest

from quizzes.models import Quiz, QuizEvent, QuizSlot
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from tests.quiz.fixtures import add_version, make_question

pytestmark = pytest.mark.django_db


# --- Quizzes


def test_students_list_published_quizzes_and_instructors_all(
    api_as, student, instructor, quiz, make_quiz, quiz_bank
):
    make_quiz(quiz_bank[:1], publish=False, title="Draft quiz")
    student_titles = [q["title"] for q in api_as(student).get("/api/v1/quizzes/").json()["results"]]
    assert student_titles == ["Rainforest quiz"]
    titles = {q["title"] for q in api_as(instructor).get("/api/v1/quizzes/").json()["results"]}
    assert titles == {"Rainforest quiz", "Draft quiz"}


def test_another_courses_quiz_is_404(api_as, outsider, quiz):
    client = api_as(outsider)
    assert client.get(f"/api/v1/quizzes/{quiz.pk}/").status_code == 404
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 404
    assert client.get(f"/api/v1/quizzes/{quiz.pk}/statistics/").status_code == 404
    assert client.get("/api/v1/quizzes/").json()["results"] == []


def test_an_instructor_creates_a_quiz_with_a_review_policy(api_as, instructor, course):
    response = api_as(instructor).post(
        "/api/v1/quizzes/",
        {
            "course": course.pk,
            "title": "Week 2",
            "time_limit_minutes": 15,
            "max_attempts": 2,
            "grading_method": "last",
            "review": {"after_submit": {"answers": False, "explanations": False}},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["review"]["after_submit"] == {
        "score": True,
        "correctness": True,
        "answers": False,
        "explanations": False,
    }
    quiz = Quiz.objects.get(pk=body["id"])
    assert quiz.time_limit_minutes == 15
    assert quiz.grading_method == "last"
    assert not quiz.review_after_submit_answers


def test_bad_settings_answer_400_with_the_message(api_as, instructor, course):
    response = api_as(instructor).post(
        "/api/v1/quizzes/", {"course": course.pk, "title": "Q", "pass_mark": 140}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "pass_mark"
    assert "percentage from 0 to 100" in response.json()["detail"]
    assert not Quiz.objects.exists()


def test_students_cannot_create_or_change_quizzes(api_as, student, course, quiz):
    client = api_as(student)
    created = client.post("/api/v1/quizzes/", {"course": course.pk, "title": "Mine"}, format="json")
    assert created.status_code == 404
    assert (
        client.patch(f"/api/v1/quizzes/{quiz.pk}/", {"title": "x"}, format="json").status_code
        == 404
    )
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/unpublish/").status_code == 404
    assert client.get(f"/api/v1/quizzes/{quiz.pk}/").json()["slots"] == []


def test_an_instructor_edits_publishes_and_unpublishes(api_as, instructor, quiz):
    client = api_as(instructor)
    changed = client.patch(
        f"/api/v1/quizzes/{quiz.pk}/",
        {"title": "Renamed", "review": {"during": {"correctness": True}}},
        format="json",
    )
    assert changed.status_code == 200
    quiz.refresh_from_db()
    assert quiz.title == "Renamed"
    assert quiz.review_during_correctness
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/unpublish/").json()["published"] is False
    assert client.post(f"/api/v1/quizzes/{quiz.pk}/publish/").json()["published"] is True
    assert QuizEvent.objects.filter(quiz=quiz).count() == 3


def test_slots_are_added_and_removed_with_confirmation_once_attempted(
    api_as, instructor, student, quiz, course, source
):
    client = api_as(instructor)
    extra = make_question(course=course, source=source, prompt="Extra")
    added = client.post(f"/api/v1/quizzes/{quiz.pk}/slots/", {"question": extra.pk}, format="json")
    assert added.status_code == 201
    assert added.json()[-1]["question"] == extra.pk
    drawn = client.post(
        f"/api/v1/quizzes/{quiz.pk}/slots/",
        {"draw_count": 9, "source": source.pk},
        format="json",
    )
    assert drawn.status_code == 400
    assert "No approved question matches" in drawn.json()["detail"]
    neither = client.post(f"/api/v1/quizzes/{quiz.pk}/slots/", {}, format="json")
    assert neither.status_code == 400

    attempt_start(quiz=quiz, user=student)
    slot = QuizSlot.objects.get(quiz=quiz, question=extra)
    url = f"/api/v1/quizzes/{quiz.pk}/slots/{slot.pk}/"
    refused = client.delete(url, {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "confirm"
    assert client.delete(url, {"confirm": True}, format="json").status_code == 204
    assert not QuizSlot.objects.filter(pk=slot.pk).exists()


def test_a_quiz_from_an_article_in_one_call(api_as, instructor, source, quiz_bank):
    response = api_as(instructor).post(
        "/api/v1/quizzes/from-source/", {"source": source.pk, "publish": True}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["published"] is True
    assert len(response.json()["slots"]) == 5


def test_a_quiz_from_another_courses_article_is_404(api_as, instructor, other_source):
    response = api_as(instructor).post(
        "/api/v1/quizzes/from-source/", {"source": other_source.pk}, format="json"
    )
    assert response.status_code == 404


def test_a_quiz_with_attempts_cannot_be_deleted(api_as, instructor, student, quiz):
    attempt_start(quiz=quiz, user=student)
    response = api_as(instructor).delete(f"/api/v1/quizzes/{quiz.pk}/")
    assert response.status_code == 400
    assert "unpublish it instead" in response.json()["detail"]


# --- Statistics and regrade


def test_statistics_are_for_instructors(api_as, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    attempt_submit(attempt=attempt)
    assert api_as(student).get(f"/api/v1/quizzes/{quiz.pk}/statistics/").status_code == 404
    body = api_as(instructor).get(f"/api/v1/quizzes/{quiz.pk}/statistics/").json()
    assert body["attempts"] == 1
    assert body["mean"] == 20
    assert len(body["bands"]) == 10
    mcq = next(q for q in body["questions"] if q["type"] == "mcq")
    assert mcq["facility"] == 1.0
    assert mcq["choices"][0] == {
        "id": "a",
        "text": "Brazil",
        "correct": True,
        "count": 1,
        "share": 1.0,
    }


def test_a_regrade_via_the_api_is_audited(api_as, instructor, student, quiz, quiz_bank):
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
    client = api_as(instructor)
    url = f"/api/v1/quizzes/{quiz.pk}/regrade/"
    preview = client.post(url, {"question": quiz_bank[0].pk, "dry_run": True}, format="json")
    assert preview.json()["changed"] == 1
    attempt.refresh_from_db()
    assert attempt.score == 0
    done = client.post(url, {"question": quiz_bank[0].pk}, format="json")
    assert done.status_code == 200
    assert done.json()["attempts"] == [{"attempt": attempt.pk, "before": 0.0, "after": 1.0}]
    attempt.refresh_from_db()
    assert attempt.score == 1
    assert QuizEvent.objects.filter(quiz=quiz, action="regraded", actor=instructor).exists()
    assert client.post(url, {"question": 999999}, format="json").status_code == 404
