"""Submitting: scoring of every type, idempotence, a constant number of queries, concurrent submits."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.errors import QuizError
from quizzes.models import AttemptState, QuestionType, Response
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from tests.quiz.fixtures import RIGHT, make_question

pytestmark = pytest.mark.django_db

# BEGIN/SAVEPOINT, lock the attempt, read responses with their versions, bulk update the
# responses, update the attempt, RELEASE — whatever the number of questions.
SUBMIT_QUERIES = 6


def answer_all(attempt, answers: dict[int, object]) -> None:
    for slot, answer in answers.items():
        response_save(attempt=attempt, slot=slot, answer=answer, sequence=1)


def scores(attempt) -> list[tuple[float, bool]]:
    return [(r.score, r.correct) for r in Response.objects.filter(attempt=attempt).order_by("slot")]


def test_right_answers_to_every_type_score_full_marks(quiz, quiz_bank, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    answer_all(attempt, {n: RIGHT[q.type] for n, q in enumerate(quiz_bank, start=1)})
    outcome = attempt_submit(attempt=attempt)
    assert outcome.submitted_now
    assert outcome.attempt.state == AttemptState.SUBMITTED
    assert outcome.attempt.score == 5
    assert outcome.attempt.percent == 100
    assert scores(attempt) == [(1.0, True)] * 5


def test_wrong_and_missing_answers_score_zero(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    answer_all(attempt, {1: "b", 3: True, 4: ["eight"], 5: "Chile"})  # 2 left unanswered
    outcome = attempt_submit(attempt=attempt)
    assert outcome.attempt.score == 0
    assert scores(attempt) == [(0.0, False)] * 5
    assert Response.objects.get(attempt=attempt, slot=2).detail == "no answer"


@pytest.mark.parametrize(
    ("picked", "score"),
    [
        (["a", "b", "c"], 1.0),  # 3/3 right − 0/2 wrong
        (["a", "b"], 2 / 3),  # 2/3 − 0
        (["a", "b", "d"], 2 / 3 - 1 / 2),  # 2/3 − 1/2
        (["a", "d", "e"], 0.0),  # 1/3 − 2/2, floored at 0
        (["a", "b", "c", "d", "e"], 0.0),  # ticking everything: 1 − 1
    ],
)
def test_multiple_answers_earn_right_minus_wrong_floored_at_zero(quiz, student, picked, score):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=2, answer=picked, sequence=1)
    attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt, slot=2)
    assert response.score == pytest.approx(score)
    assert response.correct is (score == 1.0)


@pytest.mark.parametrize(
    "typed",
    ["Peru", "  peru ", "PERU.", "Republic of Peru", "the Republic of Peru!", "republic  of peru"],
)
def test_short_answers_match_accepted_answers_and_aliases_loosely(quiz, student, typed):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=5, answer=typed, sequence=1)
    attempt_submit(attempt=attempt)
    assert Response.objects.get(attempt=attempt, slot=5).correct is True


@pytest.mark.parametrize(("typed", "correct"), [("Seven", True), ("7", True), ("six", False)])
def test_a_cloze_blank_matches_its_accepted_answers(quiz, student, typed, correct):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=4, answer=typed, sequence=1)
    attempt_submit(attempt=attempt)
    assert Response.objects.get(attempt=attempt, slot=4).correct is correct


def test_a_cloze_with_two_blanks_scores_the_share_right(make_quiz, course, source, student):
    question = make_question(
        course=course,
        source=source,
        type=QuestionType.CLOZE,
        prompt="Brazil holds ____% and Peru ____% of the forest.",
        accepted=[["60", "sixty"], ["13", "thirteen"]],
    )
    quiz = make_quiz([question])
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer=["sixty", "12"], sequence=1)
    attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt)
    assert response.score == 0.5
    assert response.correct is False


def test_points_weight_a_question(make_quiz, course, source, instructor, student):
    from quizzes.models import QuizSlot

    quiz = make_quiz([make_question(course=course, source=source) for _ in range(2)])
    QuizSlot.objects.filter(quiz=quiz, position=1).update(points=3)
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    outcome = attempt_submit(attempt=attempt)
    assert outcome.attempt.score == 3
    assert outcome.attempt.max_score == 4
    assert outcome.attempt.percent == 75


def test_each_response_keeps_the_version_it_answered(quiz, quiz_bank, student):
    from tests.quiz.fixtures import add_version

    attempt, _ = attempt_start(quiz=quiz, user=student)
    shown = quiz_bank[0].current
    add_version(quiz_bank[0], choices=[{"id": "a", "text": "Peru", "correct": True}])
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt, slot=1)
    assert response.version_id == shown.pk
    assert response.correct is True  # graded against the version shown


def test_submitting_twice_gives_the_first_result(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    first = attempt_submit(attempt=attempt)
    again = attempt_submit(attempt=attempt)
    assert first.submitted_now
    assert not again.submitted_now
    assert again.attempt.submitted_at == first.attempt.submitted_at
    assert again.attempt.score == 1


@pytest.mark.parametrize("size", [5, 50])
def test_submit_runs_a_constant_number_of_queries(
    make_quiz, course, source, student, size, django_assert_num_queries
):
    types = list(RIGHT)
    questions = [
        make_question(course=course, source=source, type=types[n % len(types)]) for n in range(size)
    ]
    attempt, _ = attempt_start(quiz=make_quiz(questions), user=student)
    for n in range(1, size + 1, 2):
        entry = attempt.layout[n - 1]
        answer = {"mcq": "a", "mcq_multi": ["a"], "true_false": True}.get(entry["type"], "answer")
        response_save(attempt=attempt, slot=n, answer=answer, sequence=1)
    with django_assert_num_queries(SUBMIT_QUERIES):
        outcome = attempt_submit(attempt=attempt)
    assert outcome.attempt.max_score == size
    assert outcome.attempt.score == (size + 1) // 2


def test_the_query_count_is_the_same_for_5_and_50_questions(make_quiz, course, source, student):
    counts = []
    for size in (5, 50):
        questions = [make_question(course=course, source=source) for _ in range(size)]
        quiz = make_quiz(questions, title=f"{size} questions")
        attempt, _ = attempt_start(quiz=quiz, user=student)
        with CaptureQueriesContext(connection) as queries:
            attempt_submit(attempt=attempt)
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_give_one_result(quiz, student):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    attempt, _ = attempt_start(quiz=quiz, user=student)
    response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def submit() -> None:
        try:
            barrier.wait()
            outcomes.append(attempt_submit(attempt=attempt))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(o.submitted_now for o in outcomes) == [False, True]
    assert outcomes[0].attempt.submitted_at == outcomes[1].attempt.submitted_at
    assert {o.attempt.score for o in outcomes} == {1.0}
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_submit_is_never_stored_after_the_submission(quiz, student):
    """Issue #18, item 11: twenty rounds of an autosave and a submit sent at once. Whichever wins
    the attempt's lock, no response's saved_at is later than the attempt's submitted_at."""
    for round_ in range(20):
        attempt, _ = attempt_start(quiz=quiz, user=student)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def save(attempt=attempt, barrier=barrier, errors=errors, round_=round_) -> None:
            try:
                barrier.wait()
                response_save(attempt=attempt, slot=1, answer="a", sequence=round_ + 1)
            except QuizError:
                pass  # the submit came first: the save is refused, as it should be
            except BaseException as error:
                errors.append(error)
            finally:
                connection.close()

        def submit(attempt=attempt, barrier=barrier, errors=errors) -> None:
            try:
                barrier.wait()
                attempt_submit(attempt=attempt)
            except BaseException as error:
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=save), threading.Thread(target=submit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        attempt.refresh_from_db()
        latest = Response.objects.filter(attempt=attempt).exclude(saved_at=None)
        assert all(r.saved_at <= attempt.submitted_at for r in latest), round_


def test_a_submit_given_an_earlier_time_is_not_dated_before_a_save(quiz, student):
    attempt, _ = attempt_start(quiz=quiz, user=student)
    saved = response_save(attempt=attempt, slot=1, answer="a", sequence=1)
    outcome = attempt_submit(attempt=attempt, now=saved.saved_at - timedelta(seconds=5))
    assert outcome.attempt.submitted_at == saved.saved_at
