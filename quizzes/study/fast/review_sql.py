"""The statements behind recording a review, in hand-written SQL.

Every grade of every study session runs them, so they skip the ORM's query building, which cost
several times the database's own work here (see bench/study.py). Values go through each model
field's own ``get_db_prep_value`` (UUIDs, JSON, datetimes per backend), rows come back as model
instances built with ``Model.from_db``. Portable SQL; PostgreSQL adds ``FOR UPDATE OF s``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db import connection, models

from quizzes.models import (
    Card,
    CardSchedule,
    Deck,
    DeckCard,
    DeckLearner,
    LearnerProfile,
    Membership,
    Review,
)
from quizzes.study.fast.sql import (
    DECK_ACCESS_PARAMS,
    column,
    columns,
    deck_access,
    expression,
    field,
    is_member,
    membership,
    table,
)
from quizzes.study.fast.values import aware_datetime

if TYPE_CHECKING:

    class ScheduleWithOptions(CardSchedule):
        """A schedule with what its options are worked out from (``schedule_state``)."""

        learner_options: dict[str, Any] | None
        time_zone: str
        parameters: list[float] | None

    class ReadSchedule(ScheduleWithOptions):
        """A schedule as ``read_schedule`` loads it, with what a review needs beside it."""

        card_course_id: int
        card_status: str
        deck_studied: bool | None
        sibling_key: str
        card_shown_at: datetime | None
        has_siblings: bool
        siblings_buried_until: datetime | None

else:  # types only: at run time they are CardSchedule instances with these attributes set
    ScheduleWithOptions = ReadSchedule = CardSchedule

# Stands for "not buried" when looking for the sibling buried the shortest time.
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)

# The schedule with everything a review needs, read in one row: every field of the schedule and
# of its deck (a new deck option cannot be left out), the learner's overrides and profile, the
# card's course, status, sibling key and first-shown mark, until when all its siblings are
# buried, and (when the review names a deck) whether that deck is one the learner may study that
# holds the card.
_SCHEDULE = columns("s", CardSchedule)
_DECK = columns("d", Deck)
_SIBLINGS_BURIED = f"""CASE WHEN c.sibling_key = '' THEN NULL ELSE (
         SELECT MIN(COALESCE(o.buried_until, %(never)s))
           FROM {table(CardSchedule)} o JOIN {table(Card)} oc ON oc.id = o.card_id
          WHERE o.user_id = s.user_id AND oc.sibling_key = c.sibling_key AND o.card_id <> s.card_id
       ) END"""  # noqa: S608
_READ = (
    _SCHEDULE
    + _DECK
    + columns("l", DeckLearner, ["options"], prefix="learner_")
    + columns("p", LearnerProfile, ["time_zone", "fsrs_parameters"])
    + columns("c", Card, ["course_id", "status", "sibling_key", "shown_at"], prefix="card_")
    + expression(_SIBLINGS_BURIED, "siblings_buried_until", aware_datetime)
)
# The named deck, by the rule every deck read uses (``access.DECK_ACCESS``): it holds the card
# (the (deck, card) unique index), and the learner is in its course with a role that may study it.
_DECK_STUDIED = f"""EXISTS (
         SELECT 1 FROM {table(DeckCard)} nc
           JOIN {table(Deck)} nd ON nd.id = nc.deck_id
           JOIN {table(Membership)} nm ON {membership("nm", user="s.user_id", course="nd.course_id")}
          WHERE nc.deck_id = %(named_deck)s AND nc.card_id = s.card_id AND {deck_access("nm", "nd")}
       )"""  # noqa: S608
_READ_NAMED = _READ + expression(_DECK_STUDIED, "deck_studied", bool)
_N, _M = len(_SCHEDULE), len(_SCHEDULE) + len(_DECK)  # where the schedule's and deck's values end
_READ_FROM = f"""
  FROM {table(CardSchedule)} s
  JOIN {table(Card)} c ON c.id = s.card_id
  LEFT JOIN {table(Deck)} d ON d.id = s.deck_id
  LEFT JOIN {table(DeckLearner)} l ON l.deck_id = s.deck_id AND l.user_id = s.user_id
  LEFT JOIN {table(LearnerProfile)} p ON p.user_id = s.user_id
 WHERE s.user_id = %(user)s AND s.card_id = %(card)s
   AND {is_member(user="s.user_id", course="c.course_id")}
"""
_READ_SQL = f"SELECT {_READ.sql}{_READ_FROM}"
_READ_NAMED_SQL = f"SELECT {_READ_NAMED.sql}{_READ_FROM}"
_REVIEW = columns("r", Review)
_REVIEW_FIELDS = Review._meta.concrete_fields
_FIND_REVIEW = f"""
SELECT {_REVIEW.sql} FROM {table(Review)} r WHERE r.id = %(id)s
"""  # noqa: S608
# A taken id inserts nothing (and, unlike a failed INSERT, leaves a PostgreSQL transaction
# usable): the caller then looks the stored review up. Portable: SQLite ≥ 3.24, PostgreSQL.
_INSERT_REVIEW = f"""
INSERT INTO {table(Review)} ({", ".join(column(Review, f.attname) for f in _REVIEW_FIELDS)})
VALUES ({", ".join(f"%({f.attname})s" for f in _REVIEW_FIELDS)})
ON CONFLICT (id) DO NOTHING
"""  # noqa: S608
_SHOWN = f"""
UPDATE {table(Card)} SET shown_at = %(at)s WHERE id = %(card)s AND shown_at IS NULL
"""  # noqa: S608
_BURY = f"""
UPDATE {table(CardSchedule)} SET buried_until = %(until)s
 WHERE id IN (
   SELECT o.id FROM {table(CardSchedule)} o JOIN {table(Card)} oc ON oc.id = o.card_id
    WHERE o.user_id = %(user)s AND o.card_id <> %(card)s AND oc.sibling_key = %(key)s
      AND (o.buried_until IS NULL OR o.buried_until < %(until)s){{lock}})
"""  # noqa: S608


def read_schedule(
    user_id: int, card_id: int, *, lock: bool, deck_id: int | None = None
) -> ReadSchedule | None:
    """The learner's schedule for the card (if the learner is still in the card's course),
    locked until the transaction ends if ``lock`` (on PostgreSQL; SQLite's write lock is the
    transaction's), with its deck, the learner's overrides and profile, the card's course,
    status and sibling key, whether it has siblings and until when all of them are buried
    (``siblings_buried_until``, None when one is not), and with ``deck_id`` whether that deck is
    one the learner may study holding the card (``deck_studied``; None without one). One query."""
    select, sql = (_READ, _READ_SQL) if deck_id is None else (_READ_NAMED, _READ_NAMED_SQL)
    if lock and connection.vendor == "postgresql":
        sql += " FOR UPDATE OF s"
    params = {
        "never": connection.ops.adapt_datetimefield_value(_NEVER),
        "user": user_id,
        "card": card_id,
    }
    if deck_id is not None:
        params.update(DECK_ACCESS_PARAMS, named_deck=deck_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = select.load(row)
    schedule = ReadSchedule.from_db(connection.alias, _SCHEDULE.names, values[:_N])
    deck_values = values[_N:_M]
    schedule.deck = (
        None if deck_values[0] is None else Deck.from_db(connection.alias, _DECK.names, deck_values)
    )
    options, time_zone, parameters, course_id, status, sibling_key, shown_at, buried = values[
        _M : _M + 8
    ]
    schedule.deck_studied = values[_M + 8] if deck_id is not None else None
    schedule.learner_options = options
    schedule.card_course_id = course_id
    schedule.card_status = status
    schedule.time_zone = time_zone or ""
    schedule.parameters = parameters
    schedule.sibling_key = sibling_key
    schedule.card_shown_at = shown_at
    schedule.has_siblings = buried is not None
    schedule.siblings_buried_until = None if buried is None or buried == _NEVER else buried
    return schedule


def find_review(review_id: uuid.UUID) -> Review | None:
    """The review with this id, whoever's it is. One query."""
    prepared = Review._meta.pk.get_db_prep_value(review_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(_FIND_REVIEW, {"id": prepared})
        row = cursor.fetchone()
    if row is None:
        return None
    return Review.from_db(connection.alias, _REVIEW.names, _REVIEW.load(row))


def _prepare(model_field: models.Field[Any, Any], value: Any) -> Any:
    """A value as the database takes it. Only datetimes, JSON and UUIDs need the field's own
    preparation (it differs by backend); numbers, text and foreign keys go as they are."""
    if value is not None and isinstance(model_field, _PREPARED):
        return model_field.get_db_prep_save(value, connection)
    return value


_PREPARED = (models.DateTimeField, models.JSONField, models.UUIDField)


def insert_review(review: Review) -> bool:
    """Insert ``review`` (its ``recorded_at`` is set here) unless its id is taken: True if it
    was inserted. One query."""
    review.recorded_at = datetime.now(UTC)
    params = {f.attname: _prepare(f, getattr(review, f.attname)) for f in _REVIEW_FIELDS}
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_REVIEW, params)
        inserted = cursor.rowcount == 1
    if inserted:
        review._state.adding = False
        review._state.db = connection.alias
    return inserted


def update_schedule(
    schedule: CardSchedule, names: tuple[str, ...], read: dict[str, Any] | None = None
) -> bool:
    """Write these fields of ``schedule``; with ``read`` (what the row held when read, by name),
    only if the row still holds it: False, writing nothing, if anything changed in between. One
    query."""
    read = read or {}
    sql, fields = _update_sql(names, tuple(read), connection.vendor)
    params = {f.attname: _prepare(f, getattr(schedule, f.attname)) for f in fields}
    params.update(
        (f"was_{name}", _prepare(field(CardSchedule, name), v)) for name, v in read.items()
    )
    params["pk"] = schedule.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@lru_cache(maxsize=256)
def _update_sql(
    names: tuple[str, ...], guarded: tuple[str, ...], vendor: str
) -> tuple[str, list[models.Field[Any, Any]]]:
    fields = [field(CardSchedule, name) for name in names]
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"  # equal, NULL included
    guards = "".join(f" AND {column(CardSchedule, name)} {same} %(was_{name})s" for name in guarded)
    sql = (
        f"UPDATE {table(CardSchedule)} SET "  # noqa: S608 - names come from the model
        + ", ".join(f"{f.column} = %({f.attname})s" for f in fields)
        + " WHERE id = %(pk)s"
        + guards
    )
    return sql, fields


def mark_card_shown(card_id: int, at: datetime) -> None:
    """Note when a student first studied the card (from then on it is archived, not deleted)."""
    with connection.cursor() as cursor:
        cursor.execute(_SHOWN, {"at": _prepare(field(Card, "shown_at"), at), "card": card_id})


def bury_siblings(user_id: int, card_id: int, sibling_key: str, until: datetime) -> None:
    """Bury the learner's other cards of this family until ``until``. One query."""
    when = connection.ops.adapt_datetimefield_value(until)
    # A sibling locked by another review of this learner right now is being reviewed (and will
    # bury this card): skip it rather than wait for it, which could deadlock on PostgreSQL.
    lock = " FOR UPDATE OF o SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        params = {"until": when, "user": user_id, "card": card_id, "key": sibling_key}
        cursor.execute(_BURY.format(lock=lock), params)
