"""Query budgets: the progress selectors run a fixed number of SQL queries, whatever the number of
students, claims, terms or the amount of history. Measured with 3 and 30 students, and with a
small and a large claims_bank; the same budget must hold for both."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizzes.progress.selectors.class_progress import class_progress
from quizzes.progress.selectors.dashboard import dashboard_for
from quizzes.progress.selectors.topic import topic_detail
from tests.progress.conftest import NOW
from tests.progress.fixtures import add_students, build_bank, review, take_quiz

pytestmark = pytest.mark.django_db

CLASS_BUDGET = (
    12  # students 1, topics 2, evidence 4, week-old schedules 1, due 1, activity 2, grades 1
)
DASHBOARD_BUDGET = 14  # course 1, topics 2, evidence 4, time zone 1, study record 4 (+ slack 2)
TOPIC_BUDGET = 11


def with_history(course, instructor, *, students: int, claims: int):
    """A class of ``students`` who each took the quiz and studied two cards, over several days."""
    claims_bank = build_bank(course, instructor, claims=claims, terms=claims // 2)
    learners = add_students(course, students)
    cards = list(claims_bank.cards.values())
    for n, learner in enumerate(learners):
        right = {q.pk for i, q in enumerate(claims_bank.questions.values()) if (i + n) % 3}
        take_quiz(claims_bank.quiz, learner, right=right, at=NOW - timedelta(days=9))
        for day in (8, 2):
            for card in cards[n % len(cards) :][:2]:
                review(
                    learner, card, 3 if n % 4 else 1, NOW - timedelta(days=day), claims_bank.deck
                )
    return claims_bank, learners


@pytest.mark.parametrize(("students", "claims"), [(3, 3), (30, 3), (3, 12)])
def test_the_class_view_runs_a_fixed_number_of_queries(
    course, instructor, students, claims, django_assert_max_num_queries
):
    with_history(course, instructor, students=students, claims=claims)
    with django_assert_max_num_queries(CLASS_BUDGET):
        progress = class_progress(course, now=NOW)
        rows = [(r.summary.overall, r.due_today, r.last_active, r.risks) for r in progress.students]
    assert len(rows) == students + 1  # and the fixture's student, who did nothing
    assert len(progress.claims) == claims
    assert sum(r.last_active is None for r in progress.students) == 1


@pytest.mark.parametrize(("students", "claims"), [(3, 3), (3, 12)])
def test_a_dashboard_runs_a_fixed_number_of_queries(
    course, instructor, students, claims, django_assert_max_num_queries
):
    _bank, learners = with_history(course, instructor, students=students, claims=claims)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        dashboard = dashboard_for(learners[-1], course.pk, now=NOW)
    assert len(dashboard.claims) == claims
    assert dashboard.study.quizzes
    assert dashboard.study.calendar


@pytest.mark.parametrize("students", [3, 30])
def test_a_claim_drill_down_runs_a_fixed_number_of_queries(
    course, instructor, students, django_assert_max_num_queries
):
    claims_bank, _learners = with_history(course, instructor, students=students, claims=3)
    with django_assert_max_num_queries(TOPIC_BUDGET):
        detail = topic_detail(course, "claim", claims_bank.claims[0].pk, now=NOW)
    assert len(detail.students) == students + 1
    assert {item.kind for item in detail.items} == {"question", "card"}
