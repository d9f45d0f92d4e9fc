"""What reviewing does besides FSRS: daily limits, sibling burying, leeches, undo, study order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404

from quizzes.errors import ConflictError
from quizzes.models import CardSchedule, Review, Tag
from quizzes.study.selectors.next_cards import next_cards
from quizzes.study.services.decks import deck_learner_options_set
from quizzes.study.services.review_log import review_undo
from tests.study.reviewing import grade

NOW = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)


def schedule_of(user, card) -> CardSchedule:
    return CardSchedule.objects.get(user=user, card=card)


def shown(user, deck, now=NOW, **kwargs):
    return next_cards(user, deck.pk, limit=50, now=now, **kwargs).cards


def graduate(user, card, at) -> datetime:
    """Grade Good until the card is in review; returns its due time."""
    while True:
        outcome = grade(user, card, 3, at)
        at = datetime.fromisoformat(outcome.after["due"])
        if outcome.after["state"] == "review":
            return at


def test_learning_cards_come_first_then_reviews_then_new_cards(enrolled, student, approved_cards):
    learning, review = approved_cards[4], approved_cards[5]
    grade(student, learning, 1, NOW - timedelta(minutes=5))  # Again: due again in a minute
    CardSchedule.objects.filter(user=student, card=review).update(
        state="review",
        stability=5,
        difficulty=5,
        reps=4,
        due=NOW - timedelta(hours=1),
        last_review=NOW - timedelta(days=5),
    )
    cards = shown(student, enrolled)
    assert [c.card_id for c in cards[:2]] == [learning.pk, review.pk]
    assert {c.state for c in cards[2:]} == {"new"}
    assert all(set(c.labels) == {1, 2, 3, 4} for c in cards)


def test_new_cards_are_introduced_in_reading_order_within_the_daily_limit(
    enrolled, student, approved_cards
):
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 3})
    assert [c.card_id for c in shown(student, enrolled)] == [c.pk for c in approved_cards[:3]]
    grade(student, approved_cards[4], 3, NOW)
    grade(student, approved_cards[5], 3, NOW)
    batch = next_cards(student, enrolled.pk, now=NOW + timedelta(minutes=1))
    assert (batch.new_today, batch.new_left) == (2, 1)
    assert sum(c.state == "new" for c in batch.cards) == 1


def test_the_review_limit_caps_reviews_but_not_learning_cards(enrolled, student, approved_cards):
    deck_learner_options_set(
        deck=enrolled, user=student, options={"reviews_per_day": 1, "new_per_day": 0}
    )
    for card in approved_cards[2:]:
        CardSchedule.objects.filter(user=student, card=card).update(
            state="review",
            stability=5,
            difficulty=5,
            reps=4,
            due=NOW - timedelta(hours=1),
            last_review=NOW - timedelta(days=5),
        )
    assert len(shown(student, enrolled)) == 1
    grade(student, approved_cards[2], 1, NOW)  # a lapse: relearning, due in 10 minutes
    later = NOW + timedelta(minutes=11)
    assert [c.card_id for c in shown(student, enrolled, now=later)] == [approved_cards[2].pk]


def test_cards_the_client_holds_can_be_left_out(enrolled, student, approved_cards):
    held = [approved_cards[0].pk, approved_cards[1].pk]
    assert not {c.card_id for c in shown(student, enrolled, exclude=held)} & set(held)


def test_reviewing_a_card_buries_its_siblings_until_the_next_day(enrolled, student, approved_cards):
    grade(student, approved_cards[2], 3, NOW)
    ids = [c.card_id for c in shown(student, enrolled, now=NOW + timedelta(minutes=1))]
    assert approved_cards[3].pk not in ids  # the other cloze of the same claim
    assert approved_cards[0].pk in ids  # another family is untouched
    tomorrow = datetime(2026, 2, 3, 4, 0, tzinfo=UTC)
    assert schedule_of(student, approved_cards[3]).buried_until == tomorrow
    assert approved_cards[3].pk in [c.card_id for c in shown(student, enrolled, now=tomorrow)]


def test_eight_lapses_make_a_leech_suspended_tagged_and_told(enrolled, student, approved_cards):
    card = approved_cards[4]
    at = graduate(student, card, NOW)
    outcomes = []
    for _ in range(8):
        outcomes.append(grade(student, card, 1, at))  # forgotten
        at = graduate(student, card, datetime.fromisoformat(outcomes[-1].after["due"]))
        if outcomes[-1].became_leech:
            break
    assert [o.became_leech for o in outcomes] == [False] * 7 + [True]
    assert "leech" in outcomes[-1].message
    assert "suspended" in outcomes[-1].message
    schedule = schedule_of(student, card)
    assert (schedule.lapses, schedule.leech, schedule.suspended) == (8, True, True)
    assert card.tags.filter(name="leech").exists()
    assert card.pk not in [
        c.card_id for c in shown(student, enrolled, now=at + timedelta(days=400))
    ]


def test_the_leech_threshold_is_a_deck_option(enrolled, student, approved_cards):
    deck_learner_options_set(deck=enrolled, user=student, options={"leech_threshold": 1})
    at = graduate(student, approved_cards[4], NOW)
    outcome = grade(student, approved_cards[4], 1, at)
    assert outcome.became_leech
    assert Tag.objects.filter(name="leech").count() == 1


def test_undo_puts_the_card_and_its_siblings_back(enrolled, student, approved_cards):
    before = schedule_of(student, approved_cards[0])
    outcome = grade(student, approved_cards[0], 3, NOW)
    assert schedule_of(student, approved_cards[1]).buried_until is not None
    review_undo(user=student, review_id=outcome.review.pk, now=NOW)
    after = schedule_of(student, approved_cards[0])
    assert (after.state, after.reps, after.due, after.stability) == ("new", 0, None, None)
    assert after.reps == before.reps
    assert schedule_of(student, approved_cards[1]).buried_until is None
    assert Review.objects.get(pk=outcome.review.pk).undone_at == NOW


def test_undo_restores_a_leech_to_what_it_was(enrolled, student, approved_cards):
    deck_learner_options_set(deck=enrolled, user=student, options={"leech_threshold": 1})
    at = graduate(student, approved_cards[4], NOW)
    outcome = grade(student, approved_cards[4], 1, at)
    review_undo(user=student, review_id=outcome.review.pk)
    schedule = schedule_of(student, approved_cards[4])
    assert (schedule.state, schedule.lapses, schedule.suspended, schedule.leech) == (
        "review",
        0,
        False,
        False,
    )


def test_only_the_latest_review_of_a_card_can_be_undone(enrolled, student, approved_cards):
    first = grade(student, approved_cards[4], 3, NOW)
    grade(student, approved_cards[4], 3, NOW + timedelta(minutes=10))
    with pytest.raises(ConflictError, match="latest review"):
        review_undo(user=student, review_id=first.review.pk)


def test_undo_of_someone_elses_or_an_unknown_review_is_404(
    enrolled, student, instructor, approved_cards
):
    outcome = grade(student, approved_cards[4], 3, NOW)
    with pytest.raises(Http404):
        review_undo(user=instructor, review_id=outcome.review.pk)
    with pytest.raises(Http404):
        review_undo(user=student, review_id=uuid.uuid4())


def test_an_undone_review_replayed_late_is_not_applied_again(enrolled, student, approved_cards):
    review_id = uuid.uuid4()
    grade(student, approved_cards[4], 3, NOW, review_id=review_id)
    review_undo(user=student, review_id=review_id)
    review_undo(user=student, review_id=review_id)  # twice changes nothing
    replay = grade(student, approved_cards[4], 3, NOW, review_id=review_id)
    assert not replay.created
    assert replay.message == "This review was undone."
    assert schedule_of(student, approved_cards[4]).reps == 0


def test_an_undone_review_is_left_out_of_a_rebuild_and_of_the_daily_counts(
    enrolled, student, approved_cards
):
    outcome = grade(student, approved_cards[4], 3, NOW)
    review_undo(user=student, review_id=outcome.review.pk)
    grade(student, approved_cards[5], 3, NOW + timedelta(minutes=1))
    batch = next_cards(student, enrolled.pk, now=NOW + timedelta(minutes=2))
    assert batch.new_today == 1
