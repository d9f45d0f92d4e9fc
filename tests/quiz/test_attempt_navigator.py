"""Finding one's way in an attempt: the navigator, flags kept on the server, and the "Submit all
and finish?" step that names what is unanswered and flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.errors import AttemptClosedError, QuizError
from quizzes.models import AttemptState, Response
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from quizzes.quiz.services.flags import responses_flag
from quizzes.quiz.web.attempts import numbers_text

pytestmark = pytest.mark.django_db


def flags_of(attempt) -> dict[int, bool]:
    return dict(Response.objects.filter(attempt=attempt).values_list("slot", "flagged"))


# --- The service


def test_a_flag_is_stored_on_the_response_and_cleared_again(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    assert responses_flag(attempt=attempt, flags={2: True, 4: True}) == 2
    assert flags_of(attempt) == {1: False, 2: True, 3: False, 4: True, 5: False}
    assert responses_flag(attempt=attempt, flags={2: True}) == 0  # setting twice is setting once
    assert responses_flag(attempt=attempt, flags={2: False}) == 1
    assert flags_of(attempt)[2] is False


def test_a_flag_changes_no_answer_and_no_score(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    responses_flag(attempt=attempt, flags={1: True})
    stored = Response.objects.get(attempt=attempt, slot=1)
    assert (stored.answer, stored.sequence, stored.score) == ("a", 1, None)


def test_flagging_a_slot_the_attempt_lacks_is_refused(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    with pytest.raises(QuizError, match="no question 9") as error:
        responses_flag(attempt=attempt, flags={9: True})
    assert error.value.field == "slot"
    assert not any(flags_of(attempt).values())


def test_flags_of_a_submitted_attempt_are_refused(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    with pytest.raises(AttemptClosedError):
        responses_flag(attempt=attempt, flags={1: True})


def test_flagging_an_overdue_attempt_submits_it(quiz, student):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student, now=timezone.now() - timedelta(minutes=5))
    with pytest.raises(AttemptClosedError):
        responses_flag(attempt=attempt, flags={1: True})
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.auto_submitted


# --- The API


def test_the_api_flags_a_question_and_shows_it_in_the_attempt(api_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    client = api_as(student)
    response = client.put(
        f"/api/v1/attempts/{attempt.pk}/responses/3/flag/", {"flagged": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"slot": 3, "flagged": True}
    body = client.get(f"/api/v1/attempts/{attempt.pk}/").json()
    assert [q["flagged"] for q in body["questions"]] == [False, False, True, False, False]


def test_the_flag_api_refuses_bad_input_and_others_attempts(api_as, quiz, student, instructor):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    url = f"/api/v1/attempts/{attempt.pk}/responses/3/flag/"
    bad = api_as(student).put(url, {"flagged": "perhaps"}, format="json")
    assert bad.status_code == 400
    assert "flagged" in bad.json()
    assert api_as(instructor).put(url, {"flagged": True}, format="json").status_code == 404
    missing = api_as(student).put(
        f"/api/v1/attempts/{attempt.pk}/responses/8/flag/", {"flagged": True}, format="json"
    )
    assert missing.status_code == 400
    assert not any(flags_of(attempt).values())


def test_the_flag_api_answers_409_once_the_attempt_is_submitted(api_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    response = api_as(student).put(
        f"/api/v1/attempts/{attempt.pk}/responses/1/flag/", {"flagged": True}, format="json"
    )
    assert response.status_code == 409


# --- The pages, without JavaScript


def test_the_take_page_has_a_navigator_of_every_question(web_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=2, answer=["a"], sequence=1)
    responses_flag(attempt=attempt, flags={4: True})
    html = web_as(student).get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'aria-labelledby="quiz-nav-title"' in html
    assert html.count("data-nav-slot=") == 5
    assert '<a href="#q-2" class="quiz-nav-item is-answered"' in html
    assert '<a href="#q-4" class="quiz-nav-item is-flagged"' in html
    assert "<span data-answered>1</span> of 5 answered" in html
    assert 'name="flag-4" value="on" data-flag checked' in html


def test_a_paged_navigator_saves_the_page_and_jumps_to_any_question(web_as, quiz, student):
    quiz.layout = "per_question"
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=student)
    client = web_as(student)
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert 'value="page-4"' in page
    assert 'aria-current="step"' in page
    response = client.post(
        f"/attempts/{attempt.pk}/",
        {
            "slots": ["1"],
            "seq-1": "0",
            "answer-1": "a",
            "flaggable": ["1"],
            "flag-1": "on",
            "page": "1",
            "go": "page-4",
        },
    )
    assert response["Location"] == f"/attempts/{attempt.pk}/?page=4"
    stored = Response.objects.get(attempt=attempt, slot=1)
    assert (stored.answer, stored.flagged) == ("a", True)


def test_a_plain_form_post_clears_a_flag_whose_box_is_unticked(web_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    responses_flag(attempt=attempt, flags={1: True, 2: True})
    web_as(student).post(
        f"/attempts/{attempt.pk}/",
        {"slots": ["1", "2"], "flaggable": ["1", "2"], "flag-2": "on", "go": "save"},
    )
    assert flags_of(attempt) == {1: False, 2: True, 3: False, 4: False, 5: False}


def test_submitting_asks_first_and_names_the_unanswered_and_flagged(web_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    response_save(attempt=attempt, slot=3, answer=False, sequence=1)
    responses_flag(attempt=attempt, flags={3: True})
    client = web_as(student)
    summary = client.get(f"/attempts/{attempt.pk}/summary/").content.decode()
    assert "<dialog" in summary
    assert "Submit all and finish?" in summary
    asked = client.post(f"/attempts/{attempt.pk}/submit/")  # the button, without JavaScript
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Submit all and finish?" in html
    assert "Questions 2, 4 and 5 have no answer: they score 0." in html
    assert "You flagged question 3 for review." in html
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS  # nothing submitted yet
    done = client.post(f"/attempts/{attempt.pk}/submit/", {"confirm": "yes"})
    assert done["Location"] == f"/attempts/{attempt.pk}/review/"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED


def test_a_submitted_attempt_is_not_asked_about_again(web_as, quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    attempt_submit(attempt=attempt)
    response = web_as(student).post(f"/attempts/{attempt.pk}/submit/")
    assert response["Location"] == f"/attempts/{attempt.pk}/review/"


@pytest.mark.parametrize(
    ("numbers", "text"), [([3], "3"), ([3, 7], "3 and 7"), ([1, 2, 10], "1, 2 and 10")]
)
def test_question_numbers_read_as_a_sentence(numbers, text):
    assert numbers_text(numbers) == text
