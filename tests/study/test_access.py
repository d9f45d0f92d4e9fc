"""Who may study what is stated once (``quizzes.study.access``) and read two ways: the ORM filter
of ``decks_for`` and the hand-written SQL of the fast path. They must agree on every case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizzes.models import Deck, Membership, Role
from quizzes.study.access import DECK_ACCESS
from quizzes.study.fast import next_cards_sql, review_sql
from quizzes.study.selectors.decks import decks_for

pytestmark = pytest.mark.django_db


def test_every_role_of_a_course_has_a_rule():
    assert set(DECK_ACCESS) == set(Role)


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize("who", ["instructor", "student", "outsider"])
def test_the_orm_and_the_sql_agree_on_who_may_study_a_deck(
    request, course, instructor, approved_cards, published, who
):
    user = request.getfixturevalue(who)
    deck = Deck.objects.create(
        course=course, title="A deck", created_by=instructor, published=published
    )
    by_orm = decks_for(user).filter(pk=deck.pk).exists()
    by_sql = next_cards_sql.context_row(user.pk, deck.pk) is not None
    assert by_orm == by_sql
    expected = who == "instructor" or (who == "student" and published)
    assert by_sql == expected


def test_a_schedule_counts_while_its_learner_is_in_the_cards_course(
    enrolled, student, approved_cards
):
    card = approved_cards[0]
    assert review_sql.read_schedule(student.pk, card.pk, lock=False) is not None
    Membership.objects.filter(user=student).delete()
    assert review_sql.read_schedule(student.pk, card.pk, lock=False) is None


def test_the_context_read_loads_the_deck_as_the_orm_does(enrolled, student):
    row = next_cards_sql.context_row(student.pk, enrolled.pk, datetime(2020, 1, 1, tzinfo=UTC))
    stored = Deck.objects.get(pk=enrolled.pk)
    for field in Deck._meta.concrete_fields:
        assert getattr(row["deck"], field.attname) == getattr(stored, field.attname), field.name
    assert row["role"] == Role.STUDENT
    assert row["enrolled"] is True
    assert row["done"] == (0, 0)
