"""The statements behind recording a review, in hand-written SQL.

Every grade of every study session runs them, so they skip the ORM's query building, which cost
several times the database's own work here (see bench/study.py). Values go through each model
field's own ``get_db_prep_value`` (UUIDs, JSON, datetimes per backend), rows come back as model
instances built with ``Model.from_db``. Portable SQL; PostgreSQL adds ``FOR UPDATE OF s``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.db import connection, models

from quizzes.models import (
    Card,
    CardSchedule,
    Deck,
    DeckLearner,
    LearnerProfile,
    Membership,
    Review,
)
from quizzes.study.fast.values import aware_datetime, json_value

_SCHEDULE_FIELDS = (
    "id",
    "user_id",
    "card_id",
    "deck_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
    "buried_until",
    "position",
)
# Derived from the model, so a new deck option cannot be left out of the hand-written SELECTs.
_DECK_FIELDS = tuple(field.attname for field in Deck._meta.concrete_fields)
_REVIEW_COLUMNS = Review._meta.concrete_fields
_REVIEW_FIELDS = tuple(field.attname for field in _REVIEW_COLUMNS)
_T = {
    "schedule": CardSchedule._meta.db_table,
    "card": Card._meta.db_table,
    "deck": Deck._meta.db_table,
    "learner": DeckLearner._meta.db_table,
    "profile": LearnerProfile._meta.db_table,
    "member": Membership._meta.db_table,
    "review": Review._meta.db_table,
}
_DATETIMES = {"due", "last_review", "buried_until", "created_at", "reviewed_at", "recorded_at",
              "undone_at", "shown_at"}  # fmt: skip
_BOOLEANS = {"suspended", "leech", "published"}
_JSON = {"learning_steps", "relearning_steps", "schedule_before", "schedule_after", "options",
         "fsrs_parameters"}  # fmt: skip

_LOCK = f"""
SELECT {", ".join(f"s.{name}" for name in _SCHEDULE_FIELDS)},
       {", ".join(f"d.{name}" for name in _DECK_FIELDS)},
       l.options, p.time_zone, p.fsrs_parameters, c.sibling_key, c.shown_at,
       CASE WHEN c.sibling_key = '' THEN NULL ELSE (
         SELECT MIN(COALESCE(o.buried_until, %(never)s))
           FROM {_T["schedule"]} o JOIN {_T["card"]} oc ON oc.id = o.card_id
          WHERE o.user_id = s.user_id AND oc.sibling_key = c.sibling_key AND o.card_id <> s.card_id
       ) END
  FROM {_T["schedule"]} s
  JOIN {_T["card"]} c ON c.id = s.card_id
  LEFT JOIN {_T["deck"]} d ON d.id = s.deck_id
  LEFT JOIN {_T["learner"]} l ON l.deck_id = s.deck_id AND l.user_id = s.user_id
  LEFT JOIN {_T["profile"]} p ON p.user_id = s.user_id
 WHERE s.user_id = %(user)s AND s.card_id = %(card)s
   AND EXISTS (SELECT 1 FROM {_T["member"]} m WHERE m.user_id = s.user_id AND m.course_id = c.course_id)
"""  # noqa: S608
_FIND_REVIEW = f"""
SELECT {", ".join(_REVIEW_FIELDS)} FROM {_T["review"]} WHERE id = %(id)s
"""  # noqa: S608
# A taken id inserts nothing (and, unlike a failed INSERT, leaves a PostgreSQL transaction
# usable): the caller then looks the stored review up. Portable: SQLite ≥ 3.24, PostgreSQL.
_INSERT_REVIEW = f"""
INSERT INTO {_T["review"]} ({", ".join(_REVIEW_FIELDS)})
VALUES ({", ".join(f"%({name})s" for name in _REVIEW_FIELDS)})
ON CONFLICT (id) DO NOTHING
"""  # noqa: S608
_SHOWN = f"""
UPDATE {_T["card"]} SET shown_at = %(at)s WHERE id = %(card)s AND shown_at IS NULL
"""  # noqa: S608
_BURY = f"""
UPDATE {_T["schedule"]} SET buried_until = %(until)s
 WHERE id IN (
   SELECT o.id FROM {_T["schedule"]} o JOIN {_T["card"]} oc ON oc.id = o.card_id
    WHERE o.user_id = %(user)s AND o.card_id <> %(card)s AND oc.sibling_key = %(key)s
      AND (o.buried_until IS NULL OR o.buried_until < %(until)s){{lock}})
"""  # noqa: S608


def _loader(name: str) -> Callable[[Any], Any] | None:
    """How to read a column as the ORM would give it (SQLite hands back text, 0/1 and hex);
    None for a value that needs nothing."""
    if name in _DATETIMES:
        return aware_datetime
    if name in _BOOLEANS:
        return bool
    if name in _JSON:
        return json_value
    return None


def _load(name: str, value: Any) -> Any:
    loader = _loader(name)
    return value if value is None or loader is None else loader(value)


def _load_all(loaders: list[Callable[[Any], Any] | None], values: Sequence[Any]) -> list[Any]:
    return [
        value if value is None or loader is None else loader(value)
        for loader, value in zip(loaders, values, strict=True)
    ]


# Worked out once: every review reads these rows.
_SCHEDULE_LOADERS = [_loader(name) for name in _SCHEDULE_FIELDS]
_DECK_LOADERS = [_loader(name) for name in _DECK_FIELDS]
_REVIEW_LOADERS = [_loader(name) for name in _REVIEW_FIELDS]


# Stands for "not buried" when looking for the sibling buried the shortest time.
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def read_schedule(user_id: int, card_id: int, *, lock: bool) -> CardSchedule | None:
    """The learner's schedule for the card (if the learner is still in the card's course),
    locked until the transaction ends if ``lock`` (on PostgreSQL; SQLite's write lock is the
    transaction's), with its deck, the learner's overrides and profile, the card's sibling key,
    whether it has siblings and until when all of them are buried (``siblings_buried_until``,
    None when one is not). One query."""
    sql = _LOCK + (" FOR UPDATE OF s" if lock and connection.vendor == "postgresql" else "")
    with connection.cursor() as cursor:
        never = connection.ops.adapt_datetimefield_value(_NEVER)
        cursor.execute(sql, {"never": never, "user": user_id, "card": card_id})
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(_SCHEDULE_FIELDS)
    values = _load_all(_SCHEDULE_LOADERS, row[:n])
    schedule = CardSchedule.from_db(connection.alias, _SCHEDULE_FIELDS, values)
    deck_values = row[n : n + len(_DECK_FIELDS)]
    if deck_values[0] is not None:
        loaded = _load_all(_DECK_LOADERS, deck_values)
        schedule.deck = Deck.from_db(connection.alias, _DECK_FIELDS, loaded)
    else:
        schedule.deck = None
    options, time_zone, parameters, sibling_key, shown_at, buried = row[n + len(_DECK_FIELDS) :]
    schedule.learner_options = _load("options", options)
    schedule.time_zone = time_zone or ""
    schedule.parameters = _load("fsrs_parameters", parameters)
    schedule.sibling_key = sibling_key
    schedule.card_shown_at = _load("shown_at", shown_at)
    schedule.has_siblings = buried is not None
    buried = _load("buried_until", buried)
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
    values = _load_all(_REVIEW_LOADERS, row)
    values[0] = values[0] if isinstance(values[0], uuid.UUID) else uuid.UUID(str(values[0]))
    return Review.from_db(connection.alias, _REVIEW_FIELDS, values)


def _prepare(field: models.Field, value: Any) -> Any:
    """A value as the database takes it. Only datetimes, JSON and UUIDs need the field's own
    preparation (it differs by backend); numbers, text and foreign keys go as they are."""
    if value is not None and isinstance(field, _PREPARED):
        return field.get_db_prep_save(value, connection)
    return value


_PREPARED = (models.DateTimeField, models.JSONField, models.UUIDField)


def insert_review(review: Review) -> bool:
    """Insert ``review`` (its ``recorded_at`` is set here) unless its id is taken: True if it
    was inserted. One query."""
    review.recorded_at = datetime.now(UTC)
    params = {f.attname: _prepare(f, getattr(review, f.attname)) for f in _REVIEW_COLUMNS}
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
    meta = CardSchedule._meta
    params.update((f"was_{name}", _prepare(meta.get_field(name), v)) for name, v in read.items())
    params["pk"] = schedule.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@lru_cache(maxsize=256)
def _update_sql(
    names: tuple[str, ...], guarded: tuple[str, ...], vendor: str
) -> tuple[str, list[models.Field]]:
    fields = [CardSchedule._meta.get_field(name) for name in names]
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"  # equal, NULL included
    guards = "".join(
        f" AND {CardSchedule._meta.get_field(name).column} {same} %(was_{name})s"
        for name in guarded
    )
    sql = (
        f"UPDATE {_T['schedule']} SET "  # noqa: S608 - names come from the model
        + ", ".join(f"{f.column} = %({f.attname})s" for f in fields)
        + " WHERE id = %(pk)s"
        + guards
    )
    return sql, fields


def mark_card_shown(card_id: int, at: datetime) -> None:
    """Note when a student first studied the card (from then on it is archived, not deleted)."""
    field = Card._meta.get_field("shown_at")
    with connection.cursor() as cursor:
        cursor.execute(_SHOWN, {"at": _prepare(field, at), "card": card_id})


def bury_siblings(user_id: int, card_id: int, sibling_key: str, until: datetime) -> None:
    """Bury the learner's other cards of this family until ``until``. One query."""
    when = connection.ops.adapt_datetimefield_value(until)
    # A sibling locked by another review of this learner right now is being reviewed (and will
    # bury this card): skip it rather than wait for it, which could deadlock on PostgreSQL.
    lock = " FOR UPDATE OF o SKIP LOCKED" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        params = {"until": when, "user": user_id, "card": card_id, "key": sibling_key}
        cursor.execute(_BURY.format(lock=lock), params)
