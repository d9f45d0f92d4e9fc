"""Quiz and item statistics on a hand-computed example; the CSV export; grading across attempts."""

from __future__ import annotations

import csv
import io
import math

import pytest

from quizzes.courses.services import course_join
from quizzes.quiz.selectors.quizzes import combine_grades, quiz_grade
from quizzes.quiz.selectors.statistics import quiz_statistics, results_csv
from quizzes.quiz.services.attempts import attempt_start, attempt_submit, response_save
from tests.conftest import make_user
from tests.quiz.fixtures import make_question

pytestmark = pytest.mark.django_db

# Four students, four one-point questions (✓ right, ✗ wrong):
#        Q1 Q2 Q3 Q4   percent
#   s1   ✓  ✓  ✓  ✗    75
#   s2   ✓  ✓  ✗  ✗    50
#   s3   ✓  ✗  ✗  ✓    50
#   s4   ✗  ✗  ✗  ✓    25
# Mean 50, median 50, population SD √((25² + 0 + 0 + 25²)/4) = 17.678.
# Upper/lower 27 %: round(0.27 × 4) = 1 attempt each: upper = s1, lower = s4.
# Facility: Q1 3/4, Q2 2/4, Q3 1/4, Q4 2/4. Discrimination: Q1..Q3 1 − 0 = 1, Q4 0 − 1 = −1.
# Point-biserial of Q4 with the rest (rest = other three questions / 3): x = [0, 0, 1, 1],
# y = [1, 2/3, 1/3, 0] → r = −2/√5 = −0.894. Of Q1: x = [1, 1, 1, 0], y = [2/3, 1/3, 1/3, 1/3] → 1/3.
# Q1 has a third choice nobody picks; Q4's discrimination is negative: both are flagged.
TABLE = {
    "s1": [True, True, True, False],
    "s2": [True, True, False, False],
    "s3": [True, False, False, True],
    "s4": [False, False, False, True],
}


@pytest.fixture
def analysed(make_quiz, course, source):
    q1 = make_question(
        course=course,
        source=source,
        prompt="Q1",
        choices=[
            {"id": "a", "text": "Right", "correct": True},
            {"id": "b", "text": "Wrong", "correct": False},
            {"id": "c", "text": "Never", "correct": False},
        ],
    )
    others = [make_question(course=course, source=source, prompt=f"Q{n}") for n in (2, 3, 4)]
    quiz = make_quiz([q1, *others])
    for name, row in TABLE.items():
        user = make_user(name)
        course_join(user=user, join_code=course.join_code)
        attempt, _ = attempt_start(quiz=quiz, user=user)
        for slot, right in enumerate(row, start=1):
            response_save(attempt=attempt, slot=slot, answer="a" if right else "b", sequence=1)
        attempt_submit(attempt=attempt)
    return quiz


def test_quiz_statistics_match_the_hand_computed_example(analysed):
    stats = quiz_statistics(analysed)
    assert stats.attempts == 4
    assert stats.mean == pytest.approx(50)
    assert stats.median == pytest.approx(50)
    assert stats.stdev == pytest.approx(math.sqrt(312.5))
    assert {b.low: b.count for b in stats.bands if b.count} == {20: 1, 50: 2, 70: 1}


def test_item_statistics_match_the_hand_computed_example(analysed):
    questions = {q.prompt: q for q in quiz_statistics(analysed).questions}
    assert [questions[f"Q{n}"].facility for n in (1, 2, 3, 4)] == [0.75, 0.5, 0.25, 0.5]
    assert [questions[f"Q{n}"].discrimination for n in (1, 2, 3, 4)] == [1, 1, 1, -1]
    assert questions["Q4"].point_biserial == pytest.approx(-2 / math.sqrt(5))
    assert questions["Q1"].point_biserial == pytest.approx(1 / 3)
    assert [(c.text, c.count, c.share) for c in questions["Q1"].choices] == [
        ("Right", 3, 0.75),
        ("Wrong", 1, 0.25),
        ("Never", 0, 0.0),
    ]


def test_questions_with_negative_discrimination_or_an_unpicked_distractor_are_flagged(analysed):
    questions = {q.prompt: q for q in quiz_statistics(analysed).questions}
    assert questions["Q1"].flags == ["Nobody picked the distractor “Never”."]
    assert questions["Q4"].flags[0].startswith("Negative discrimination")
    assert questions["Q2"].flags == []
    assert questions["Q3"].flags == []


def test_statistics_of_a_quiz_without_attempts_are_empty(quiz):
    stats = quiz_statistics(quiz)
    assert stats.attempts == 0
    assert stats.mean is None
    assert stats.questions == []


def test_the_csv_export_has_a_row_per_submitted_attempt(analysed):
    rows = list(csv.reader(io.StringIO(results_csv(analysed))))
    assert rows[0][:8] == [
        "username",
        "attempt",
        "started_at",
        "submitted_at",
        "auto_submitted",
        "score",
        "max_score",
        "percent",
    ]
    assert rows[0][-4:] == ["q1", "q2", "q3", "q4"]
    by_user = {row[0]: row for row in rows[1:]}
    assert by_user["s1"][5:8] == ["3", "4", "75"]
    assert by_user["s1"][-4:] == ["1", "1", "1", "0"]
    assert len(rows) == 5


def test_the_csv_export_defuses_formulas_in_usernames(quiz, course):
    user = make_user("=cmd")
    course_join(user=user, join_code=course.join_code)
    attempt, _ = attempt_start(quiz=quiz, user=user)
    attempt_submit(attempt=attempt)
    assert "'=cmd" in results_csv(quiz)


@pytest.mark.parametrize(
    ("method", "grade"), [("highest", 80), ("average", 60), ("first", 40), ("last", 60)]
)
def test_grading_methods_combine_attempts(method, grade):
    assert combine_grades(method, [40, 80, 60]) == grade


def test_no_submitted_attempt_means_no_grade():
    assert combine_grades("highest", []) is None


@pytest.mark.parametrize(
    ("method", "grade"), [("highest", 100), ("average", 60), ("first", 20), ("last", 60)]
)
def test_the_quiz_grade_follows_the_quiz_grading_method(quiz, student, method, grade):
    quiz.grading_method = method
    quiz.save()
    for right in (1, 5, 3):  # 20 %, 100 %, 60 %
        attempt, _ = attempt_start(quiz=quiz, user=student)
        for slot in range(1, right + 1):
            entry = attempt.layout[slot - 1]
            answer = {"mcq": "a", "mcq_multi": ["a", "b", "c"], "true_false": False}.get(
                entry["type"], "seven" if entry["type"] == "cloze" else "Peru"
            )
            response_save(attempt=attempt, slot=slot, answer=answer, sequence=1)
        attempt_submit(attempt=attempt)
    attempt_start(quiz=quiz, user=student)  # an open attempt does not count
    assert quiz_grade(quiz, student) == pytest.approx(grade)
