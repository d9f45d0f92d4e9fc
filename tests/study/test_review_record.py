"""review_record: FSRS through Retain's own service, idempotency, late reviews, query budget."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.http import Http404

from quizzes.errors import ReviewConflict, StudyError
from quizzes.models import Card, CardSchedule, Review
from quizzes.study.selectors.next_cards import next_cards
from quizzes.study.services.review_log import schedule_rebuild
from quizzes.study.services.reviews import review_record
from tests.study.reviewing import grade, row_queries

START = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)


def schedule_of(user, card) -> CardSchedule:
    return CardSchedule.objects.get(user=user, card=card)


def test_the_golden_vector_comes_out_of_retains_review_service(
    settings, enrolled, student, approved_cards
):
    settings.RETAIN_STUDY_FUZZ = False
    card = approved_cards[4]  # no siblings
    ratings = [3] * 6 + [1] * 2 + [3] * 5
    at, intervals = START, []
    for rating in ratings:
        outcome = grade(student, card, rating, at)
        due = datetime.fromisoformat(outcome.after["due"])
        intervals.append((due - at).days)
        at = due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    assert Review.objects.filter(user=student, card=card).count() == 13
    stored = schedule_of(student, card)
    assert (stored.reps, stored.lapses, stored.state) == (13, 1, "review")


def test_fuzz_is_reproducible_from_the_card_and_review_count(enrolled, student, approved_cards):
    card = approved_cards[4]
    first = [grade(student, card, 4, START + timedelta(days=d)).after["due"] for d in (0, 30)]
    CardSchedule.objects.filter(user=student, card=card).update(
        state="new",
        step=None,
        stability=None,
        difficulty=None,
        due=None,
        last_review=None,
        reps=0,
        lapses=0,
    )
    again = [grade(student, card, 4, START + timedelta(days=d)).after["due"] for d in (0, 30)]
    assert first == again


def test_a_review_is_stored_once_and_a_replay_returns_the_stored_outcome(
    enrolled, student, approved_cards
):
    card = approved_cards[4]
    review_id = uuid.uuid4()
    first = grade(student, card, 3, START, review_id=review_id)
    replay = grade(student, card, 3, START, review_id=review_id, now=START + timedelta(hours=1))
    assert (first.created, replay.created) == (True, False)
    assert replay.after == first.after
    assert Review.objects.filter(pk=review_id).count() == 1
    assert schedule_of(student, card).reps == 1


@pytest.mark.parametrize(
    "change",
    [{"rating": 4}, {"duration_ms": 99}, {"at": START + timedelta(seconds=1)}, {"card": 5}],
)
def test_the_same_id_with_another_payload_is_refused(enrolled, student, approved_cards, change):
    review_id = uuid.uuid4()
    grade(student, approved_cards[4], 3, START, review_id=review_id, duration_ms=1500)
    card = approved_cards[change.get("card", 4)]
    with pytest.raises(ReviewConflict, match="already recorded with other values") as error:
        grade(
            student,
            card,
            change.get("rating", 3),
            change.get("at", START),
            review_id=review_id,
            duration_ms=change.get("duration_ms", 1500),
        )
    assert error.value.status_code == 422
    assert schedule_of(student, approved_cards[4]).reps == 1
    assert schedule_of(student, approved_cards[5]).reps == 0


def test_another_learners_review_id_is_a_conflict_that_tells_nothing(
    enrolled, student, instructor, approved_cards
):
    review_id = uuid.uuid4()
    grade(student, approved_cards[4], 3, START, review_id=review_id)
    with pytest.raises(ReviewConflict) as error:
        grade(instructor, approved_cards[4], 3, START, review_id=review_id)
    assert "already taken" in error.value.message
    assert "card" not in error.value.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 5}, "rating"),
        ({"rating": True}, "rating"),
        ({"reviewed_at": START + timedelta(hours=1)}, "reviewed_at"),
        ({"duration_ms": -1}, "duration_ms"),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(
    enrolled, student, approved_cards, kwargs, field
):
    values = {"rating": 3, "reviewed_at": START, "duration_ms": 0} | kwargs
    with pytest.raises(StudyError) as error:
        review_record(
            user=student, card_id=approved_cards[0].pk, review_id=uuid.uuid4(), now=START, **values
        )
    assert error.value.field == field
    assert not Review.objects.exists()


def test_a_card_outside_the_learners_decks_is_404(enrolled, outsider, student, course, source):
    stranger = Card.objects.create(course=course, source=source, front="f", back="b")
    with pytest.raises(Http404):
        grade(student, stranger, 3, START)
    with pytest.raises(Http404):
        grade(outsider, enrolled.deck_cards.first().card_id, 3, START)


def test_a_first_review_through_the_api_enrols_the_learner(deck, student, approved_cards):
    outcome = grade(student, approved_cards[0], 3, START)
    assert outcome.created
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)


def test_late_reviews_are_applied_in_review_time_order(
    enrolled, student, instructor, approved_cards
):
    card = approved_cards[4]
    times = [START, START + timedelta(days=1), START + timedelta(days=4)]
    grade(student, card, 3, times[0])
    grade(student, card, 3, times[2])
    late = grade(student, card, 1, times[1], now=times[2])  # arrives last, happened second
    for at, rating in zip(times, (3, 1, 3), strict=True):  # the teacher grades in order
        grade(instructor, card, rating, at)

    fields = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
    theirs, mine = schedule_of(instructor, card), schedule_of(student, card)
    assert late.created
    assert late.review.state_before == "learning"
    assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
    logged = Review.objects.filter(user=student, card=card).order_by("reviewed_at")
    assert [r.schedule_after["reps"] for r in logged] == [1, 2, 3]


def test_the_log_rebuilds_the_schedule(enrolled, student, approved_cards):
    card = approved_cards[4]
    for day, rating in enumerate([3, 3, 1, 3]):
        grade(student, card, rating, START + timedelta(days=day * 3))
    before = schedule_of(student, card)
    CardSchedule.objects.filter(pk=before.pk).update(stability=99, reps=0, due=START)
    schedule_rebuild(user_id=student.pk, card_id=card.pk)
    after = schedule_of(student, card)
    assert (after.stability, after.reps, after.due) == (before.stability, 4, before.due)


def test_recording_a_review_takes_at_most_four_queries(enrolled, student, approved_cards):
    grade(student, approved_cards[0], 3, START)  # the card has been shown: no shown_at write
    CardSchedule.objects.filter(user=student).update(buried_until=None)
    with row_queries() as queries:  # a card with a sibling to bury: the longest common path
        outcome = grade(student, approved_cards[0], 3, START + timedelta(minutes=10))
    assert outcome.created
    assert len(queries.rows) <= 4, queries.rows
    with row_queries() as queries:  # the sibling is buried already: nothing to bury
        grade(student, approved_cards[0], 3, START + timedelta(minutes=30))
    assert len(queries.rows) == 3, queries.rows
    with row_queries() as queries:
        grade(
            student,
            approved_cards[0],
            3,
            START + timedelta(minutes=10),
            review_id=outcome.review.pk,
        )
    # the read (the latest review again is not "in order"), the lock, the insert that finds the id
    # taken, the look-up of the stored review
    assert len(queries.rows) <= 4, queries.rows


@pytest.mark.parametrize("size", [6, 300])
def test_next_cards_takes_three_queries_whatever_the_deck_size(
    size, enrolled, student, instructor, course, source, django_assert_max_num_queries
):
    from quizzes.models import ItemStatus
    from quizzes.study.services.decks import deck_add_cards

    extra = [
        Card.objects.create(
            course=course, source=source, front=f"q{i}", back="a", status=ItemStatus.APPROVED
        )
        for i in range(size - 6)
    ]
    deck_add_cards(deck=enrolled, user=instructor, card_ids=[c.pk for c in extra])
    for card in list(enrolled.cards.all())[:4]:
        grade(student, card, 3, START - timedelta(days=10))
    with django_assert_max_num_queries(3):
        batch = next_cards(student, enrolled.pk, limit=50, now=START)
    assert batch.cards


def test_the_first_review_of_a_card_marks_it_shown(enrolled, student, approved_cards):
    grade(student, approved_cards[4], 3, START)
    approved_cards[4].refresh_from_db()
    assert approved_cards[4].shown_at == START


@pytest.mark.parametrize("meanwhile", ["review", "undo"])
def test_a_schedule_changed_between_the_read_and_the_write_is_recorded_under_the_lock(
    monkeypatch, enrolled, student, approved_cards, meanwhile
):
    """The new schedule is worked out from a plain read; if another review (or an undo) of the
    card lands before the write, the write is rolled back and redone from the locked row."""
    from quizzes.study.fast import review_sql
    from quizzes.study.services.review_log import review_undo

    card = approved_cards[4]
    first = grade(student, card, 3, START)
    read = review_sql.read_schedule
    interfered = []

    def read_then_interfere(user_id, card_id, *, lock, **named):
        schedule = read(user_id, card_id, lock=lock, **named)
        if not lock and not interfered:  # the plain read of the review under test
            interfered.append(True)
            if meanwhile == "review":
                grade(student, card, 1, START + timedelta(minutes=5))
            else:
                review_undo(user=student, review_id=first.review.pk, now=START)
        return schedule

    monkeypatch.setattr(review_sql, "read_schedule", read_then_interfere)
    outcome = grade(student, card, 3, START + timedelta(minutes=20))

    live = Review.objects.filter(user=student, card=card, undone_at__isnull=True)
    stored = schedule_of(student, card)
    assert interfered
    assert outcome.created
    assert stored.reps == live.count()  # every live review counted once, none lost
    assert stored.last_review == START + timedelta(minutes=20)
    if meanwhile == "review":  # chained onto the review that came in between
        between = live.get(reviewed_at=START + timedelta(minutes=5))
        assert outcome.review.schedule_before == between.schedule_after
        assert stored.reps == 3
    else:  # planned on the card as "learning", redone on it as "new" again
        assert outcome.review.state_before == "new"
        assert stored.reps == 1
