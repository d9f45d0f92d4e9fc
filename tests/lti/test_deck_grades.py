"""A deck's grade in the LMS gradebook: reviews done by a due date, or the share of the deck's
claims mastered — sent when it changes, after a card review (``review-recorded``)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.lti.selectors.grades import placement_score
from quizzes.models import (
    Card,
    CardKind,
    Claim,
    Deck,
    DeckCard,
    DeckRule,
    ItemStatus,
    LtiPlacement,
    PlacementKind,
    PracticeAnswer,
    QuestionType,
)
from quizzes.study.services.decks import deck_enrol
from quizzes.study.services.reviews import review_record
from tests.lti.helpers import account, deep_link, set_up_course
from tests.quiz.fixtures import make_question

pytestmark = pytest.mark.urls("tests.lti.lms_urls")


def make_deck(course, teacher, *, cards: int = 4, claims=None) -> Deck:
    deck = Deck.objects.create(
        course=course, title="Cell terms", published=True, created_by=teacher
    )
    for n in range(cards):
        card = Card.objects.create(
            course=course,
            kind=CardKind.BASIC,
            front=f"Term {n}",
            back=f"Definition {n}",
            status=ItemStatus.APPROVED,
            claim=claims[n % len(claims)] if claims else None,
            evidence_start=0,
            evidence_end=1,
            evidence_text="x",
        )
        DeckCard.objects.create(deck=deck, card=card, position=n)
    return deck


def review(user, deck, card, *, when=None) -> uuid.UUID:
    review_id = uuid.uuid4()
    review_record(
        user=user,
        card_id=card.pk,
        rating=3,
        review_id=review_id,
        reviewed_at=when or timezone.now(),
        deck_id=deck.pk,
    )
    return review_id


@pytest.fixture
def linked_deck(lms, browser_factory):
    """A four-card deck added by deep linking, graded on 4 reviews due tomorrow; the student has
    launched it and started the deck."""
    course = set_up_course(lms, browser_factory)
    deck = make_deck(course, account(lms, "teacher"))
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    link_id, _ = deep_link(
        lms,
        browser_factory(),
        f"deck:{deck.pk}",
        deck_rule="reviews",
        reviews_target="4",
        reviews_due_at=due,
    )
    assert browser_factory().launch(lms, "student", link_id).status_code == 302
    student = account(lms, "student")
    deck_enrol(deck=deck, user=student)
    return deck, link_id, student


@pytest.mark.django_db(transaction=True)
def test_reviews_by_the_due_date_reach_the_gradebook_as_they_grow(lms, linked_deck):
    deck, link_id, student = linked_deck
    cards = list(Card.objects.filter(deck_links__deck=deck).order_by("deck_links__position"))

    for card in cards:
        review(student, deck, card)  # each review is announced (review-recorded) on commit

    sent = [(s["scoreGiven"], s["activityProgress"]) for s in lms.scores_for(link_id)]
    assert sent == [
        (25.0, "InProgress"),
        (50.0, "InProgress"),
        (75.0, "InProgress"),
        (100.0, "Completed"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_review_recorded_through_the_study_service_updates_the_gradebook(lms, linked_deck):
    deck, link_id, student = linked_deck

    for card in Card.objects.filter(deck_links__deck=deck):
        review(student, deck, card)

    assert [s["scoreGiven"] for s in lms.scores_for(link_id)][-1] == 100.0


def test_reviews_after_the_due_date_do_not_count(course, instructor, student):
    deck = make_deck(course, instructor, cards=2)
    deck_enrol(deck=deck, user=student)
    placement = LtiPlacement.objects.create(
        course=course,
        kind=PlacementKind.DECK,
        deck=deck,
        title=deck.title,
        deck_rule=DeckRule.REVIEWS,
        reviews_target=2,
        reviews_due_at=timezone.now() - timedelta(hours=1),
    )
    for card in Card.objects.filter(deck_links__deck=deck):
        review(student, deck, card)

    score = placement_score(placement, student, now=timezone.now())

    assert (score.percent, score.completed) == (0.0, False)


def test_a_mastery_graded_deck_counts_the_share_of_its_claims_mastered(
    course, source, instructor, student
):
    claims = [
        Claim.objects.create(
            source=source,
            text=f"Claim {n}.",
            evidence_start=0,
            evidence_end=1,
            evidence_text="x",
            score=0.5,
            rank=n,
        )
        for n in range(2)
    ]
    deck = make_deck(course, instructor, cards=2, claims=claims)
    placement = LtiPlacement.objects.create(
        course=course,
        kind=PlacementKind.DECK,
        deck=deck,
        title=deck.title,
        deck_rule=DeckRule.MASTERY,
    )
    assert placement_score(placement, student, now=timezone.now()).percent == 0.0
    question = make_question(course=course, source=source, type=QuestionType.MCQ)
    question.claim = claims[0]
    question.save(update_fields=["claim"])
    for _ in range(3):  # three fresh right answers: the first claim is mastered
        PracticeAnswer.objects.create(
            id=uuid.uuid4(),
            user=student,
            course=course,
            question=question,
            version=question.current,
            answer="a",
            score=1.0,
            correct=True,
            answered_at=timezone.now(),
        )

    score = placement_score(placement, student, now=timezone.now())

    assert (score.percent, score.completed) == (50.0, False)
