"""Decks: built from approved cards, options with per-student overrides, learners joining."""

from __future__ import annotations

import pytest

from quizzes.errors import StudyError
from quizzes.models import Card, CardSchedule, DeckCard, ItemStatus, Tag
from quizzes.study.deck_options import DeckOptions, parse_steps
from quizzes.study.selectors.next_cards import study_context
from quizzes.study.services.decks import (
    deck_add_cards,
    deck_create,
    deck_demo,
    deck_enrol,
    deck_from_source,
    deck_learner_options_set,
    deck_update,
)


def test_the_deck_of_an_article_holds_its_approved_cards_in_reading_order(
    source, instructor, approved_cards
):
    draft = Card.objects.create(course=source.course, source=source, front="d", back="d")
    deck = deck_from_source(source=source, user=instructor)
    positions = list(DeckCard.objects.filter(deck=deck).values_list("card_id", flat=True))
    assert positions == [card.pk for card in approved_cards]
    assert draft.pk not in positions
    assert (deck.title, deck.source, deck.published) == (source.title, source, False)


def test_making_the_deck_of_an_article_again_adds_cards_approved_since(
    source, instructor, student, approved_cards
):
    deck = deck_from_source(source=source, user=instructor)
    deck_enrol(deck=deck, user=student)
    late = Card.objects.create(
        course=source.course, source=source, front="late", back="b", status=ItemStatus.APPROVED
    )
    again = deck_from_source(source=source, user=instructor, published=True)
    assert again.pk == deck.pk
    assert again.published
    assert DeckCard.objects.filter(deck=deck, card=late).exists()
    assert CardSchedule.objects.filter(user=student, card=late, state="new").exists()


def test_a_deck_can_be_built_from_a_tag_or_from_picked_cards(course, instructor, approved_cards):
    tag = Tag.objects.create(course=course, name="rivers")
    approved_cards[0].tags.add(tag)
    by_tag = deck_create(course=course, user=instructor, title="Rivers", tag=tag)
    assert list(by_tag.cards.all()) == [approved_cards[0]]
    picked = deck_create(
        course=course,
        user=instructor,
        title="Two",
        card_ids=[approved_cards[5].pk, approved_cards[1].pk],
    )
    assert set(picked.cards.all()) == {approved_cards[1], approved_cards[5]}


def test_only_approved_cards_of_the_course_go_in_a_deck(
    course, instructor, source, other_source, approved_cards
):
    draft = Card.objects.create(course=course, source=source, front="d", back="d")
    with pytest.raises(StudyError, match="approved cards of this course") as error:
        deck_create(course=course, user=instructor, title="x", card_ids=[draft.pk])
    assert error.value.field == "cards"
    with pytest.raises(StudyError, match="another course"):
        deck_create(course=course, user=instructor, title="x", source=other_source)


def test_a_deck_needs_a_title_and_at_least_one_approved_card(course, instructor, source):
    with pytest.raises(StudyError, match="title"):
        deck_create(course=course, user=instructor, title=" ", source=source)
    with pytest.raises(StudyError, match="no approved card"):
        deck_create(course=course, user=instructor, title="Empty", source=source)


def test_students_cannot_build_or_change_decks(course, student, deck, approved_cards):
    with pytest.raises(StudyError, match="instructors"):
        deck_create(course=course, user=student, title="Mine", card_ids=[approved_cards[0].pk])
    with pytest.raises(StudyError, match="instructors"):
        deck_update(deck=deck, user=student, published=False)
    with pytest.raises(StudyError, match="instructors"):
        deck_add_cards(deck=deck, user=student, card_ids=[])


def test_the_demo_deck_is_published(course, source, instructor, approved_cards):
    deck = deck_demo(course=course, source=source, user=instructor)
    assert deck.published
    assert deck_demo(course=course, source=source, user=instructor).pk == deck.pk


def test_options_default_to_the_issues_values(deck):
    assert DeckOptions.merged(vars(deck)) == DeckOptions(
        desired_retention=0.9,
        new_per_day=20,
        reviews_per_day=200,
        learning_steps=(1.0, 10.0),
        relearning_steps=(10.0,),
        maximum_interval=36500,
        leech_threshold=8,
    )


def test_a_student_overrides_the_instructors_defaults_for_themselves(deck, instructor, student):
    deck_update(deck=deck, user=instructor, options={"new_per_day": 15, "desired_retention": 0.85})
    deck_learner_options_set(
        deck=deck, user=student, options={"desired_retention": 0.95, "learning_steps": "30s 5m 1h"}
    )
    mine = study_context(student, deck.pk).options
    assert (mine.new_per_day, mine.desired_retention) == (15, 0.95)
    assert mine.learning_steps == (0.5, 5.0, 60.0)
    assert study_context(instructor, deck.pk).options.desired_retention == 0.85
    deck_learner_options_set(deck=deck, user=student, options={"desired_retention": None})
    assert study_context(student, deck.pk).options.desired_retention == 0.85


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"desired_retention": 0.99}, "desired_retention", "between 0.70 and 0.97"),
        ({"desired_retention": "high"}, "desired_retention", "must be a number"),
        ({"new_per_day": -1}, "new_per_day", "whole number from 0"),
        ({"reviews_per_day": 2.5}, "reviews_per_day", "whole number"),
        ({"learning_steps": "1m soon"}, "learning_steps", "“soon” is not one"),
        ({"relearning_steps": [0]}, "relearning_steps", "longer than 0"),
        ({"maximum_interval": 0}, "maximum_interval", "from 1"),
        ({"leech_threshold": 100}, "leech_threshold", "from 1 to 99"),
        ({"colour": "red"}, "colour", "no deck option"),
    ],
)
def test_bad_options_are_refused_with_the_option_named(deck, student, options, field, message):
    with pytest.raises(StudyError, match=message) as error:
        deck_learner_options_set(deck=deck, user=student, options=options)
    assert error.value.field == field


def test_steps_read_like_ankis():
    assert parse_steps("1m 10m 1h 1d", field="x") == [1, 10, 60, 1440]
    assert parse_steps("1, 10", field="x") == [1, 10]


def test_enrolling_twice_changes_nothing(deck, student, approved_cards):
    deck_enrol(deck=deck, user=student)
    deck_enrol(deck=deck, user=student)
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)
