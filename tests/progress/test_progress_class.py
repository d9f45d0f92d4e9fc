"""The class view: each claim and term across the class, sortable student rows, students at risk,
and the drill-down to one claim."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizzes.errors import NotFound, ProgressError
from quizzes.progress.selectors.class_progress import class_progress, sort_students
from quizzes.progress.selectors.topic import topic_detail
from tests.progress.conftest import NOW
from tests.progress.fixtures import add_students, review, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(course):
    """Three more students: ana, ben and cy."""
    ana, ben, cy = add_students(course, 3)
    return ana, ben, cy


def test_each_claim_shows_the_share_who_mastered_it_and_how_many_have_not_started(
    claims_bank, course, student, trio
):
    ana, ben, _cy = trio
    claim = claims_bank.claims[0]
    card = claims_bank.cards[("claim", claim.pk)]
    for learner in (ana, ben):
        take_quiz(claims_bank.quiz, learner, at=NOW - timedelta(hours=3))
    review(ana, card, 3, NOW - timedelta(hours=2), claims_bank.deck)
    review(ana, card, 3, NOW - timedelta(hours=1), claims_bank.deck)

    progress = class_progress(course, now=NOW)
    row = next(r for r in progress.claims if r.topic.id == claim.pk)
    assert (row.students, row.mastered, row.not_started) == (4, 1, 2)
    assert row.share_mastered == 0.25
    assert row.counts == {"not_started": 2, "learning": 0, "shaky": 1, "mastered": 1}
    assert [r.topic.kind for r in progress.terms] == ["term", "term"]


def test_the_weakest_claims_are_those_with_the_lowest_mean_mastery(claims_bank, course, trio):
    first, second, third = claims_bank.claims
    for learner in trio:
        right = {
            claims_bank.questions[("claim", first.pk)].pk,
            claims_bank.questions[("claim", third.pk)].pk,
        }
        if learner == trio[0]:
            right.add(claims_bank.questions[("claim", second.pk)].pk)
        take_quiz(claims_bank.quiz, learner, right=right, at=NOW - timedelta(days=1))
    weakest = class_progress(course, now=NOW).weakest_claims
    assert weakest[0].topic.id == second.pk
    assert weakest[0].mean < weakest[1].mean


def test_student_rows_carry_mastery_activity_due_cards_and_quiz_grades(claims_bank, course, trio):
    ana, ben, cy = trio
    take_quiz(claims_bank.quiz, ana, at=NOW - timedelta(days=2))
    take_quiz(
        claims_bank.quiz, ana, right=set(), at=NOW - timedelta(days=1)
    )  # highest attempt counts
    review(
        ben, next(iter(claims_bank.cards.values())), 3, NOW - timedelta(hours=5), claims_bank.deck
    )

    rows = {r.username: r for r in class_progress(course, now=NOW, sort="name").students}
    assert rows[ana.username].quiz_percent == 100.0
    assert rows[ana.username].quizzes_taken == 1
    assert rows[ana.username].last_active == NOW - timedelta(days=1)
    assert rows[ben.username].quiz_percent is None
    assert rows[ben.username].due_today == 1  # the learning card comes back in 10 minutes
    assert rows[ben.username].last_active == NOW - timedelta(hours=5)
    assert rows[cy.username].summary.overall == 0


def test_rows_sort_by_any_column_either_way(claims_bank, course, trio):
    _ana, ben, cy = trio
    take_quiz(claims_bank.quiz, ben, at=NOW - timedelta(days=1))
    take_quiz(claims_bank.quiz, cy, right=set(), at=NOW - timedelta(days=2))

    def order(sort):
        return [r.username for r in class_progress(course, now=NOW, sort=sort).students]

    assert order("name") == ["pupil00", "pupil01", "pupil02", "student"]
    assert order("-mastery")[0] == ben.username
    assert order("last_active")[-1] == ben.username
    assert order("-last_active")[:2] == [ben.username, cy.username]
    assert order("-quiz")[:2] == [ben.username, cy.username]
    with pytest.raises(ProgressError, match="Sort by one of"):
        sort_students([], "shoe size")
    with pytest.raises(ProgressError, match="Sort by one of"):
        class_progress(course, now=NOW, sort="shoe size")
    with pytest.raises(ProgressError, match="Inactive days"):
        class_progress(course, now=NOW, inactive_days=0)


def test_students_with_no_activity_for_n_days_are_at_risk(claims_bank, course, student, trio):
    ana, ben, _cy = trio
    take_quiz(claims_bank.quiz, ana, at=NOW - timedelta(days=10))
    take_quiz(claims_bank.quiz, ben, at=NOW - timedelta(days=2))

    progress = class_progress(course, now=NOW)
    risks = {r.username: r.risks for r in progress.at_risk}
    assert risks[ana.username] == ["No activity for 10 days"]
    assert risks[student.username] == ["No activity yet"]
    assert ben.username not in risks
    relaxed = class_progress(course, now=NOW, inactive_days=14)
    assert ana.username not in {r.username for r in relaxed.at_risk}


def test_a_student_whose_mastery_falls_over_a_week_is_at_risk(claims_bank, course, trio):
    ana, ben, _cy = trio
    # Ana reviewed every card once, eight days ago: a week ago she remembered them, now less so.
    for card in claims_bank.cards.values():
        review(ana, card, 3, NOW - timedelta(days=8), claims_bank.deck)
    # Ben keeps his cards fresh.
    for card in claims_bank.cards.values():
        review(ben, card, 3, NOW - timedelta(days=8), claims_bank.deck)
        review(ben, card, 3, NOW - timedelta(hours=1), claims_bank.deck)

    rows = {r.username: r for r in class_progress(course, now=NOW, inactive_days=30).students}
    assert rows[ana.username].trend <= -0.10
    assert any(risk.startswith("Mastery falling") for risk in rows[ana.username].risks)
    assert rows[ben.username].trend > -0.10
    assert rows[ben.username].risks == []


def test_a_claim_drill_down_shows_each_item_and_how_students_did(claims_bank, course, trio):
    ana, ben, cy = trio
    claim = claims_bank.claims[0]
    question = claims_bank.questions[("claim", claim.pk)]
    card = claims_bank.cards[("claim", claim.pk)]
    take_quiz(claims_bank.quiz, ana, at=NOW - timedelta(days=1))
    take_quiz(claims_bank.quiz, ben, right=set(), at=NOW - timedelta(days=1))
    review(cy, card, 1, NOW - timedelta(hours=3), claims_bank.deck)

    detail = topic_detail(course, "claim", claim.pk, now=NOW)
    items = {(i.kind, i.id): i for i in detail.items}
    asked = items[("question", question.pk)]
    assert (asked.answers, asked.correct, asked.mean_score) == (2, 1, 0.5)
    studied = items[("card", card.pk)]
    assert (studied.learners, studied.reviews, studied.lapses) == (1, 1, 0)
    order = [(s.username, s.mastery.state) for s in detail.students]
    assert order[0] == ("student", "not_started")  # weakest first
    assert order[1] == (ben.username, "learning")
    # FSRS counts whole days: right after a card, even one graded Again, recall is predicted.
    assert sorted(order[2:]) == [(ana.username, "shaky"), (cy.username, "shaky")]
    assert detail.row.students == 4


def test_a_claim_of_another_course_is_not_found(claims_bank, course, other_course, other_source):
    from quizzes.models import Claim

    theirs = Claim.objects.create(source=other_source, text="Theirs.")
    with pytest.raises(NotFound):
        topic_detail(course, "claim", theirs.pk, now=NOW)
