"""API: attempts — starting, saving, submitting, scoping, and answer keys kept out of JSON."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.courses.services import course_join
from quizzes.models import Attempt, AttemptState, Quiz, Response
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from tests.conftest import make_user
from tests.quiz.fixtures import RIGHT

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
