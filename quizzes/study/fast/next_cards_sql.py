"""The three reads behind every "next cards" call, in hand-written SQL.

They run on each card fetch of every study session, so they skip the ORM's query building (which
cost several times the database's own work here; see bench/study.py). The SQL is portable (SQLite
and PostgreSQL), parameterised, and each query is served by an index: (user, due) and (user, card)
on schedules, (user, reviewed_at) on reviews. ``tests/services/test_review_record.py`` holds them to
three queries and the behaviour tests check what they return.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection

from quizzes.models import (
    Card,
    CardSchedule,
    Deck,
    DeckCard,
    DeckLearner,
    ItemStatus,
    LearnerProfile,
    Membership,
    Review,
    Role,
    ScheduleState,
    Source,
)
from quizzes.study.fast.values import aware_datetime, json_value

# Derived from the model, so a new deck option cannot be left out of the hand-written SELECTs.
_DECK_FIELDS = tuple(field.attname for field in Deck._meta.concrete_fields)
_T = {
    "deck": Deck._meta.db_table,
    "member": Membership._meta.db_table,
    "learner": DeckLearner._meta.db_table,
    "profile": LearnerProfile._meta.db_table,
    "schedule": CardSchedule._meta.db_table,
    "review": Review._meta.db_table,
    "card": Card._meta.db_table,
    "deckcard": DeckCard._meta.db_table,
    "source": Source._meta.db_table,
}

# Table names come from the models, values are always parameters, named ones: Django's SQLite
# cursor rewrites "%s" placeholders with a regular expression that cost a fifth of a next-cards
# call on these long statements, while "%(name)s" ones are a plain string format.
_CONTEXT = f"""
SELECT {", ".join(f"d.{name}" for name in _DECK_FIELDS)},
       m.role, l.id, l.options, p.time_zone, p.fsrs_parameters,
       (SELECT s.due FROM {_T["schedule"]} s
         WHERE s.user_id = %(user)s AND s.deck_id = d.id AND s.suspended = %(no)s
           AND s.due IS NOT NULL
         ORDER BY s.due LIMIT 1){{done}}
  FROM {_T["deck"]} d
  JOIN {_T["member"]} m ON m.course_id = d.course_id AND m.user_id = %(user)s
  LEFT JOIN {_T["learner"]} l ON l.deck_id = d.id AND l.user_id = %(user)s
  LEFT JOIN {_T["profile"]} p ON p.user_id = %(user)s
 WHERE d.id = %(deck)s
   AND (m.role = %(instructor)s OR (m.role = %(student)s AND d.published = %(yes)s))
"""  # noqa: S608

_DONE_TODAY = f"""
SELECT COALESCE(SUM(CASE WHEN state_before = %(new)s THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN state_before = %(review)s THEN 1 ELSE 0 END), 0)
  FROM {_T["review"]}
 WHERE user_id = %(user)s AND deck_id = %(deck)s AND reviewed_at >= %(since)s
   AND undone_at IS NULL
"""  # noqa: S608
# The same counts as two more columns of the context query.
_DONE_COLUMNS = "".join(
    f""",
       (SELECT COUNT(*) FROM {_T["review"]} r
         WHERE r.user_id = %(user)s AND r.deck_id = d.id AND r.reviewed_at >= %(since)s
           AND r.undone_at IS NULL AND r.state_before = %({state})s)"""  # noqa: S608
    for state in ("new", "review")
)
_CONTEXT_ALONE = _CONTEXT.format(done="")
_CONTEXT_WITH_DONE = _CONTEXT.format(done=_DONE_COLUMNS)

CARD_FIELDS = (
    "card_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "kind",
    "front",
    "back",
    "extra",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "source_id",
    "source_title",
)
# Short index walks glued together, each stopped at its limit before the final sort: learning
# and relearning cards (due now, or within the learn-ahead window) and reviews due today along
# the (user, state, due, card) index, new cards along (user, state, position). The work is about
# the limit, not the number of cards due or in the deck.
_PART = f"""
SELECT * FROM (
SELECT s.card_id, s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps,
       s.lapses, c.kind, c.front, c.back, c.extra, c.evidence_text, c.evidence_start,
       c.evidence_end, c.source_id, src.title, {{bucket}} AS bucket, s.position
  FROM {_T["schedule"]} s
  {{join}} {_T["card"]} c ON c.id = s.card_id
  LEFT JOIN {_T["source"]} src ON src.id = c.source_id
 WHERE s.user_id = %(user)s AND s.suspended = %(no)s AND c.status = %(approved)s
   AND EXISTS (SELECT 1 FROM {_T["deckcard"]} dc
                WHERE dc.deck_id = %(deck)s AND dc.card_id = s.card_id)
   AND (s.buried_until IS NULL OR s.buried_until <= %(now)s){{exclude}}
   AND {{condition}}
 ORDER BY {{order}} LIMIT {{limit}}
) part{{name}}"""  # noqa: S608


def _when(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def context_row(
    user_id: int, deck_id: int, done_since: datetime | None = None
) -> dict[str, Any] | None:
    """The deck (if the user may study it) with the user's role, enrolment, overrides, time zone,
    FSRS parameters and the deck's next due time; with ``done_since``, also what ``done_today``
    counts since then (``done``). One query."""
    params = {
        "user": user_id, "deck": deck_id, "no": False, "yes": True,
        "instructor": Role.INSTRUCTOR, "student": Role.STUDENT,
    }  # fmt: skip
    if done_since is not None:
        params.update(since=_when(done_since), new=ScheduleState.NEW, review=ScheduleState.REVIEW)
    sql = _CONTEXT_WITH_DONE if done_since is not None else _CONTEXT_ALONE
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    deck = dict(zip(_DECK_FIELDS, row[: len(_DECK_FIELDS)], strict=True))
    role, learner_id, options, time_zone, parameters, next_due = row[len(_DECK_FIELDS) :][:6]
    done = tuple(int(n) for n in row[len(_DECK_FIELDS) + 6 :]) if done_since else None
    deck["published"] = bool(deck["published"])
    deck["created_at"] = aware_datetime(deck["created_at"])
    deck["learning_steps"] = json_value(deck["learning_steps"])
    deck["relearning_steps"] = json_value(deck["relearning_steps"])
    return {
        "deck": deck,
        "role": role,
        "enrolled": learner_id is not None,
        "overrides": json_value(options) if options is not None else None,
        "time_zone": time_zone or "",
        "parameters": json_value(parameters) if parameters is not None else None,
        "next_due": aware_datetime(next_due),
        "done": done,
    }


def done_today(user_id: int, deck_id: int, since: datetime) -> tuple[int, int]:
    """(new cards introduced, review cards reviewed) in the deck since ``since``. One query."""
    params = {
        "new": ScheduleState.NEW, "review": ScheduleState.REVIEW,
        "user": user_id, "deck": deck_id, "since": _when(since),
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_DONE_TODAY, params)
        new, reviews = cursor.fetchone()
    return int(new), int(reviews)


def candidates(
    *,
    user_id: int,
    deck_id: int,
    now: datetime,
    learn_ahead_until: datetime,
    day_end: datetime,
    reviews_left: int,
    new_left: int,
    exclude: list[int],
    limit: int,
) -> list[dict[str, Any]]:
    """Up to ``limit`` of the learner's cards of the deck that may be shown now, in study order
    (learning due now, reviews due today, new cards by position, learning due soon), at most
    ``reviews_left`` reviews and ``new_left`` new cards. One query."""
    review_limit, new_limit = min(limit, reviews_left), min(limit, new_left)
    sql = _candidates_sql(connection.vendor, review_limit > 0, new_limit > 0, len(exclude))
    params: dict[str, Any] = {
        "user": user_id, "deck": deck_id, "no": False, "approved": ItemStatus.APPROVED,
        "now": _when(now), "ahead": _when(learn_ahead_until), "day_end": _when(day_end),
        "learning": ScheduleState.LEARNING, "relearning": ScheduleState.RELEARNING,
        "review": ScheduleState.REVIEW, "new": ScheduleState.NEW,
        "limit": limit, "review_limit": review_limit, "new_limit": new_limit,
    }  # fmt: skip
    params.update((f"x{n}", card_id) for n, card_id in enumerate(exclude))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for row in rows:
        card = dict(zip(CARD_FIELDS, row[: len(CARD_FIELDS)], strict=True))
        card["due"] = aware_datetime(card["due"])
        card["last_review"] = aware_datetime(card["last_review"])
        out.append(card)
    return out


@lru_cache(maxsize=512)
def _candidates_sql(vendor: str, with_reviews: bool, with_new: bool, excluded: int) -> str:
    """The candidates query; its text depends only on these, so it is built once for each."""
    by_due = "s.due, s.card_id"
    # (bucket, condition, order, limit): the study order is bucket, due, position, card.
    # Learning cards due now (0) and within the learn-ahead window (3) share one walk per
    # learning state (with "state IN (…)" the planner would walk (user, due) across every
    # overdue review instead).
    learning = "CASE WHEN s.due <= %(now)s THEN 0 ELSE 3 END"
    parts = [
        (learning, f"s.state = %({state})s AND s.due <= %(ahead)s", by_due, "%(limit)s")
        for state in ("learning", "relearning")
    ]
    if with_reviews:
        parts.append(
            ("1", "s.state = %(review)s AND s.due < %(day_end)s", by_due, "%(review_limit)s")
        )
    if with_new:
        parts.append(("2", "s.state = %(new)s", "s.position, s.card_id", "%(new_limit)s"))
    exclude = ""
    if excluded:
        exclude = f" AND s.card_id NOT IN ({', '.join(f'%(x{n})s' for n in range(excluded))})"
    # SQLite's planner would walk the cards table first; its CROSS JOIN keeps the schedules (and
    # their (user, …) indexes) outermost. PostgreSQL plans this well by itself.
    join = "CROSS JOIN" if vendor == "sqlite" else "JOIN"
    selects = [
        _PART.format(
            bucket=bucket,
            name=n,
            join=join,
            exclude=exclude,
            condition=condition,
            order=order,
            limit=limit,
        )
        for n, (bucket, condition, order, limit) in enumerate(parts)
    ]
    return "\nUNION ALL\n".join(selects) + "\nORDER BY 19, 6, 20, 1 LIMIT %(limit)s"
