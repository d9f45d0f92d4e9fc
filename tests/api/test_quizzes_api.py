"""API: quizzes and attempts — scoping, bad input, side effects, and answer keys kept out of JSON."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptState, Quiz, QuizEvent, QuizSlot, Response
from quizzes.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.services.courses import course_join
from tests.conftest import make_user
from tests.quiz_fixtures import RIGHT, add_version, make_question

pytestmark = pytest.mark.django_db

# Text that only the answer key holds: none of it may be in a body before the policy allows it.
SECRETS = [
    "Republic of Peru",  # an accepted alias
    "seven",  # the cloze's accepted answer
    "Brazil holds 60%",  # an explanation
    "contained within Brazil",  # a source sentence
    "nine nations",  # another source sentence
    '"correct": true',
    '"truth"',
    '"accepted"',
]


def assert_no_secrets(body) -> None:
    text = json.dumps(body)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def start(api, quiz):
    return api.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")


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
    assert start(client, quiz).status_code == 404
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


# --- Attempts


def test_starting_returns_questions_without_answers_and_a_second_start_resumes(
    api_as, student, quiz
):
    client = api_as(student)
    first = start(client, quiz)
    assert first.status_code == 201
    body = first.json()
    assert body["state"] == "in_progress"
    assert len(body["questions"]) == 5
    assert all(q["feedback"] is None for q in body["questions"])
    assert [c["text"] for c in body["questions"][0]["choices"]] == ["Brazil", "Peru", "Colombia"]
    assert_no_secrets(body)
    again = start(client, quiz)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Attempt.objects.count() == 1


def test_start_refusals_carry_the_reason(api_as, student, quiz):
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    response = start(api_as(student), quiz)
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_saving_a_response_stores_it(api_as, student, quiz):
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    response = client.put(
        f"/api/v1/attempts/{attempt_id}/responses/5/",
        {"answer": "Republic of Peru", "sequence": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["sequence"] == 1
    assert response.json()["feedback"] is None
    assert Response.objects.get(attempt_id=attempt_id, slot=5).answer == "Republic of Peru"


def test_a_stale_save_answers_409_with_the_stored_sequence(api_as, student, quiz):
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    url = f"/api/v1/attempts/{attempt_id}/responses/1/"
    client.put(url, {"answer": "c", "sequence": 4}, format="json")
    stale = client.put(url, {"answer": "b", "sequence": 3}, format="json")
    assert stale.status_code == 409
    assert stale.json()["sequence"] == 4
    assert "another tab" in stale.json()["detail"]
    assert Response.objects.get(attempt_id=attempt_id, slot=1).answer == "c"


def test_a_badly_shaped_answer_answers_400(api_as, student, quiz):
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    response = client.put(
        f"/api/v1/attempts/{attempt_id}/responses/1/",
        {"answer": "zz", "sequence": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "answer"
    missing = client.put(
        f"/api/v1/attempts/{attempt_id}/responses/1/", {"answer": "a"}, format="json"
    )
    assert missing.status_code == 400
    assert "sequence" in missing.json()


def test_a_save_after_the_deadline_answers_409_and_the_attempt_is_submitted(api_as, student, quiz):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=timezone.now() - timedelta(minutes=5))
    response = api_as(student).put(
        f"/api/v1/attempts/{attempt.pk}/responses/1/",
        {"answer": "a", "sequence": 1},
        format="json",
    )
    assert response.status_code == 409
    assert "Time is up" in response.json()["detail"]
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.auto_submitted


def test_another_students_attempt_is_404(api_as, student, quiz, course):
    classmate = make_user("classmate")
    course_join(user=classmate, join_code=course.join_code)
    attempt, _ = attempt_start(quiz=quiz, user=classmate)
    client = api_as(student)
    assert client.get(f"/api/v1/attempts/{attempt.pk}/").status_code == 404
    assert client.post(f"/api/v1/attempts/{attempt.pk}/submit/").status_code == 404
    put = client.put(
        f"/api/v1/attempts/{attempt.pk}/responses/1/", {"answer": "a", "sequence": 1}, format="json"
    )
    assert put.status_code == 404


def test_submit_returns_results_as_the_policy_allows(api_as, student, quiz, quiz_bank):
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    for n, question in enumerate(quiz_bank, start=1):
        client.put(
            f"/api/v1/attempts/{attempt_id}/responses/{n}/",
            {"answer": RIGHT[question.type], "sequence": 1},
            format="json",
        )
    response = client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted"
    assert body["phase"] == "after_submit"
    assert body["percent"] == 100
    mcq = body["questions"][0]["feedback"]
    assert mcq["correct"] is True
    assert mcq["right_choices"] == ["a"]
    assert mcq["explanation"] == "Brazil holds 60% of the rainforest."
    assert mcq["source_sentence"].startswith("The majority of the forest is contained within")
    again = client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    assert again.json()["submitted_at"] == body["submitted_at"]


def test_no_answer_key_in_json_when_the_policy_hides_it_after_submit(api_as, student, quiz):
    for item in ("score", "correctness", "answers", "explanations"):
        setattr(quiz, f"review_after_submit_{item}", False)
    quiz.save()
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    submitted = client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
    assert submitted["score"] is None
    assert submitted["percent"] is None
    assert all(q["feedback"] is None for q in submitted["questions"])
    assert_no_secrets(submitted)
    assert_no_secrets(client.get(f"/api/v1/attempts/{attempt_id}/").json())


def test_the_answer_key_appears_after_the_quiz_closes_when_the_policy_says_so(
    api_as, student, quiz
):
    quiz.review_after_submit_answers = False
    quiz.review_after_submit_explanations = False
    quiz.save()
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    client.post(f"/api/v1/attempts/{attempt_id}/submit/")
    before = client.get(f"/api/v1/attempts/{attempt_id}/").json()
    assert "Republic of Peru" not in json.dumps(before)
    assert before["questions"][4]["feedback"]["correct_answer"] is None
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    after = client.get(f"/api/v1/attempts/{attempt_id}/").json()
    assert after["phase"] == "after_close"
    assert after["questions"][4]["feedback"]["correct_answer"] == "Peru"


def test_checking_an_answer_during_the_attempt_gives_only_the_during_feedback(
    api_as, student, quiz
):
    quiz.review_during_correctness = True
    quiz.save()
    client = api_as(student)
    attempt_id = start(client, quiz).json()["id"]
    response = client.put(
        f"/api/v1/attempts/{attempt_id}/responses/1/",
        {"answer": "b", "sequence": 1, "check": True},
        format="json",
    )
    assert response.status_code == 200
    feedback = response.json()["feedback"]
    assert feedback["correct"] is False
    assert feedback["right_choices"] is None
    assert feedback["explanation"] is None
    assert_no_secrets(client.get(f"/api/v1/attempts/{attempt_id}/").json())


def test_the_instructor_reads_a_students_attempt_in_full(api_as, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    body = api_as(instructor).get(f"/api/v1/attempts/{attempt.pk}/").json()
    assert body["user"] == "student"
    assert body["questions"][4]["feedback"]["correct_answer"] == "Peru"
    assert api_as(instructor).post(f"/api/v1/attempts/{attempt.pk}/submit/").status_code == 404


def test_the_attempts_list_hides_scores_the_policy_hides(api_as, instructor, student, quiz):
    quiz.review_after_submit_score = False
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    attempt_submit(attempt=attempt)
    mine = api_as(student).get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert mine[0]["state"] == "submitted"
    assert mine[0]["score"] is None
    assert mine[0]["percent"] is None
    everyone = api_as(instructor).get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert everyone[0]["percent"] == 20


def test_attempts_list_shows_mine_or_everyones(api_as, instructor, student, quiz):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    mine = api_as(student).get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert [a["id"] for a in mine] == [attempt.pk]
    everyone = api_as(instructor).get(f"/api/v1/quizzes/{quiz.pk}/attempts/").json()
    assert [a["user"] for a in everyone] == ["student"]


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
