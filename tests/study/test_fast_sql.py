"""The fast path's SQL is derived from the models, not written out by hand: its column lists follow
the models' fields, the FSRS state is one list shared with the ORM code, and it orders by name."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import UTC, datetime

import pytest

from quizzes.models import CardSchedule, Deck, Review
from quizzes.study import scheduling
from quizzes.study.fast import next_cards_sql, review_sql
from quizzes.study.services import schedule_state
from tests.study.reviewing import grade

_AT = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def test_the_fsrs_state_is_one_list_for_the_orm_and_the_sql():
    fields = [f.name for f in dataclasses.fields(scheduling.CardState)]
    assert tuple(fields[1:]) == scheduling.STATE_FIELDS
    assert set(scheduling.STATE_FIELDS) <= {f.name for f in CardSchedule._meta.concrete_fields}
    assert schedule_state.FSRS_FIELDS is scheduling.STATE_FIELDS
    assert next_cards_sql.CARD_FIELDS[: len(fields)] == ("card_id", *scheduling.STATE_FIELDS)


def test_the_review_statements_read_every_field_of_their_models():
    assert review_sql._SCHEDULE.names == tuple(
        f.attname for f in CardSchedule._meta.concrete_fields
    )
    assert review_sql._DECK.names == tuple(f.attname for f in Deck._meta.concrete_fields)
    assert review_sql._REVIEW.names == tuple(f.attname for f in Review._meta.concrete_fields)


def _statements() -> list[str]:
    shapes = itertools.product(("sqlite", "postgresql"), (True, False), (True, False), (0, 2))
    return [
        next_cards_sql._CONTEXT_ALONE,
        next_cards_sql._CONTEXT_WITH_DONE,
        review_sql._READ_SQL,
        *(next_cards_sql._candidates_sql(*shape) for shape in shapes),
    ]


def test_no_statement_orders_by_position():
    for sql in _statements():
        assert not re.search(r"ORDER BY\s+\d", sql), sql


def test_next_cards_orders_by_the_names_it_selects():
    sql = next_cards_sql._candidates_sql("sqlite", True, True, 0)
    order = re.findall(r"ORDER BY ([\w, ]+) LIMIT %\(limit\)s$", sql)[0].split(", ")
    assert order == ["bucket", "due", "position", "card_id"]
    for name in order:
        assert f" AS {name}," in sql or f" AS {name}\n" in sql


@pytest.mark.django_db
def test_read_schedule_loads_the_row_as_the_orm_does(enrolled, student, approved_cards):
    card = approved_cards[2]
    grade(student, card, 3, _AT)
    read = review_sql.read_schedule(student.pk, card.pk, lock=False)
    stored = CardSchedule.objects.get(user=student, card=card)
    for field in CardSchedule._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert read.deck.pk == stored.deck_id
    assert read.sibling_key == card.sibling_key
    assert read.has_siblings is True


@pytest.mark.django_db
def test_find_review_loads_the_review_as_the_orm_does(enrolled, student, approved_cards):
    outcome = grade(student, approved_cards[4], 4, _AT)
    found = review_sql.find_review(outcome.review.pk)
    stored = Review.objects.get(pk=outcome.review.pk)
    for field in Review._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(stored, field.attname), field.name
