"""Mastery per learner × claim and × term, from quiz answers, practice answers and card memory."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from quizzes.models import CardSchedule, Claim, LearnerProfile, PracticeAnswer
from quizzes.progress.mastery import estimate_mastery
from quizzes.progress.selectors.dashboard import dashboard_for
from quizzes.progress.selectors.evidence import (
    course_topics,
    learner_time_zone,
    mastery_table,
    summarise,
    weakest_first,
)
from quizzes.quiz.services.attempts import attempt_start, response_save
from quizzes.study import scheduling
from tests.progress.conftest import NOW
from tests.progress.fixtures import add_students, review, take_quiz

pytestmark = pytest.mark.django_db


def table_for(course, user, when=NOW):
    return mastery_table(course, [user.pk], now=when)[user.pk]


def test_a_learner_with_no_evidence_has_every_topic_not_started(claims_bank, course, student):
    table = table_for(course, student)
    assert len(table) == 5  # 3 claims and 2 terms, each tested by an approved item
    assert {item.state for item in table.values()} == {"not_started"}
    assert summarise(table.values()).overall == 0


def test_topics_no_approved_item_tests_are_left_out(claims_bank, course):
    Claim.objects.create(source=claims_bank.source, text="Untested claim.", rank=9)
    assert "Untested claim." not in [topic.text for topic in course_topics(course)]


def test_a_right_quiz_answer_counts_for_its_claim_and_term_only(claims_bank, course, student):
    claim = claims_bank.claims[0]
    question = claims_bank.questions[("claim", claim.pk)]
    take_quiz(claims_bank.quiz, student, right={question.pk}, at=NOW - timedelta(days=3))

    table = table_for(course, student)
    right = table[("claim", claim.pk)]
    assert right.answers == 1
    assert right.cards == 0
    expected = estimate_mastery([(NOW - timedelta(days=3), 1.0)], [], now=NOW)
    assert right.mastery == expected
    assert right.state == "shaky"  # right, but one answer is thin evidence
    wrong = table[("claim", claims_bank.claims[1].pk)]
    assert (wrong.mastery.value, wrong.state) == (0.0, "learning")


def test_quiz_answers_count_only_once_the_review_policy_shows_correctness(
    claims_bank, course, student
):
    claims_bank.quiz.review_after_submit_correctness = False
    claims_bank.quiz.closes_at = NOW + timedelta(days=2)
    claims_bank.quiz.save()
    take_quiz(claims_bank.quiz, student, at=NOW - timedelta(days=1))

    hidden = table_for(course, student)
    assert {item.state for item in hidden.values()} == {"not_started"}
    # After the quiz closes, the "after close" policy (correctness shown) applies.
    shown = table_for(course, student, when=NOW + timedelta(days=3))
    assert {item.answers for item in shown.values()} == {1}


def test_an_answer_checked_during_an_attempt_counts_when_the_quiz_gives_feedback_then(
    claims_bank, course, student
):
    claims_bank.quiz.review_during_correctness = True
    claims_bank.quiz.save()
    attempt, _ = attempt_start(quiz=claims_bank.quiz, user=student, now=NOW - timedelta(hours=2))
    response_save(
        attempt=attempt, slot=1, answer="a", sequence=1, check=True, now=NOW - timedelta(hours=1)
    )
    response_save(attempt=attempt, slot=2, answer="a", sequence=1, now=NOW - timedelta(hours=1))

    counted = [item for item in table_for(course, student).values() if item.answers]
    assert len(counted) == 1  # the checked answer; the merely saved one is not graded yet


def test_card_evidence_is_fsrs_retrievability_now_weighted_by_reviews(claims_bank, course, student):
    claim = claims_bank.claims[0]
    card = claims_bank.cards[("claim", claim.pk)]
    review(student, card, 3, NOW - timedelta(days=10), claims_bank.deck)
    review(student, card, 3, NOW - timedelta(days=9, hours=23), claims_bank.deck)

    schedule = CardSchedule.objects.get(user=student, card=card)
    state = scheduling.CardState(
        card_id=card.pk,
        state=schedule.state,
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
        reps=schedule.reps,
        lapses=schedule.lapses,
    )
    recall = scheduling.retrievability(state, NOW, scheduling.SchedulerSettings())
    item = table_for(course, student)[("claim", claim.pk)]
    assert item.cards == 1
    assert item.answers == 0
    assert item.mastery == estimate_mastery([], [(recall, 2)], now=NOW)
    assert 0 < item.mastery.cards < 1  # ten days on, recall has dropped


def test_quiz_and_card_evidence_combine(claims_bank, course, student):
    claim = claims_bank.claims[0]
    card = claims_bank.cards[("claim", claim.pk)]
    take_quiz(claims_bank.quiz, student, at=NOW - timedelta(hours=1))
    review(student, card, 3, NOW - timedelta(minutes=40), claims_bank.deck)
    review(student, card, 3, NOW - timedelta(minutes=29), claims_bank.deck)  # its 10-minute step

    item = table_for(course, student)[("claim", claim.pk)]
    # A right answer an hour old (weight ~1) and a card reviewed twice today (weight sqrt 2,
    # recall 1): value 1, confidence (1 + 1.414) / (1 + 1.414 + 2) = 0.547.
    assert (item.answers, item.cards, item.state) == (1, 1, "mastered")
    assert item.mastery.confidence == pytest.approx(0.547, abs=0.001)


def test_practice_answers_count_as_quiz_evidence(claims_bank, course, student):
    question = claims_bank.questions[("term", claims_bank.terms[0].pk)]
    PracticeAnswer.objects.create(
        id=uuid.uuid4(),
        user=student,
        course=course,
        question=question,
        version=question.current,
        answer="a",
        score=1.0,
        correct=True,
        answered_at=NOW - timedelta(hours=1),
    )
    item = table_for(course, student)[("term", claims_bank.terms[0].pk)]
    assert item.answers == 1
    assert item.mastery.value == 1.0


def test_evidence_after_the_moment_asked_about_is_ignored(claims_bank, course, student):
    take_quiz(claims_bank.quiz, student, at=NOW + timedelta(days=1))
    assert {i.state for i in table_for(course, student).values()} == {"not_started"}


def test_each_learner_gets_their_own_evidence(claims_bank, course, student):
    other = add_students(course, 1)[0]
    take_quiz(claims_bank.quiz, student, at=NOW - timedelta(days=1))
    table = mastery_table(course, [student.pk, other.pk], now=NOW)
    assert {i.answers for i in table[student.pk].values()} == {1}
    assert {i.answers for i in table[other.pk].values()} == {0}


def test_the_dashboard_lists_claims_and_terms_weakest_first(claims_bank, course, student):
    first, second, third = claims_bank.claims
    right = {
        claims_bank.questions[("claim", first.pk)].pk,
        claims_bank.questions[("claim", third.pk)].pk,
    }
    take_quiz(claims_bank.quiz, student, right=right, at=NOW - timedelta(hours=2))
    review(
        student,
        claims_bank.cards[("claim", first.pk)],
        3,
        NOW - timedelta(hours=1),
        claims_bank.deck,
    )
    review(
        student,
        claims_bank.cards[("claim", first.pk)],
        3,
        NOW - timedelta(minutes=49),
        claims_bank.deck,
    )

    dashboard = dashboard_for(student, course.pk, now=NOW)
    assert [c.topic.id for c in dashboard.claims] == [second.pk, third.pk, first.pk]
    assert [c.state for c in dashboard.claims] == ["learning", "shaky", "mastered"]
    assert dashboard.claims == sorted(dashboard.claims, key=weakest_first)
    assert [c.topic.id for c in dashboard.weakest_claims] == [second.pk, third.pk]
    assert dashboard.claims[0].topic.evidence_url == (
        f"/articles/{claims_bank.source.pk}/?evidence={second.evidence_start}-{second.evidence_end}"
        "#evidence"
    )


def test_an_unknown_time_zone_falls_back_to_the_site_zone(student, settings):
    LearnerProfile.objects.create(user=student, time_zone="Mars/Olympus_Mons")
    assert learner_time_zone(student.pk) == settings.TIME_ZONE
    LearnerProfile.objects.filter(user=student).update(time_zone="Asia/Tokyo")
    assert learner_time_zone(student.pk) == "Asia/Tokyo"
