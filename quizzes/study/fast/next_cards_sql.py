"""The reads behind every "next cards" call (``selectors.next_cards``), in hand-written SQL.

Each is served by an index: (user, state, due, card) and (user, state, position) on schedules,
(user, reviewed_at) on reviews. Two queries per call, three when the learner's time zone changed
(``tests/study/test_review_days.py`` holds them to it); the behaviour tests check what they return.

* ``context_row``: the deck, if the user may study it (``sql.deck_access``: the rule
  ``selectors.decks.decks_for`` filters with), with the user's role, enrolment, overrides, time
  zone, FSRS parameters and the deck's next due time; today's counts can ride along.
* ``done_today``: today's counts on their own.
* ``candidates``: the cards to show, in study order, each part cut at its limit.
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
    ScheduleState,
    Source,
)
from quizzes.study.fast.sql import (
    DECK_ACCESS_PARAMS,
    Select,
    columns,
    deck_access,
    expression,
    membership,
    table,
)
from quizzes.study.fast.values import aware_datetime
from quizzes.study.scheduling import STATE_FIELDS

# --- The deck as the learner studies it ---------------------------------------------------------

_DECK = columns("d", Deck)  # every field: a new deck option cannot be left out
_NEXT_DUE = f"""(SELECT s.due FROM {table(CardSchedule)} s
         WHERE s.user_id = %(user)s AND s.deck_id = d.id AND s.suspended = %(no)s
           AND s.due IS NOT NULL
         ORDER BY s.due LIMIT 1)"""  # noqa: S608
_CONTEXT = (
    _DECK
    + columns("m", Membership, ["role"])
    + columns("l", DeckLearner, ["started_at", "options"], prefix="learner_")
    + columns("p", LearnerProfile, ["time_zone", "day_zone", "day_zone_until", "fsrs_parameters"])
    + expression(_NEXT_DUE, "next_due", aware_datetime)
)


def _done(state: str, name: str) -> Select:
    """Today's count of the deck's live reviews of cards that were in ``state`` before."""
    return expression(
        f"""(SELECT COUNT(*) FROM {table(Review)} r
         WHERE r.user_id = %(user)s AND r.deck_id = d.id AND r.reviewed_at >= %(since)s
           AND r.undone_at IS NULL AND r.state_before = %({state})s)""",  # noqa: S608
        name,
    )


# With today's counts as two more columns: new cards introduced, reviews reviewed.
_CONTEXT_DONE = _CONTEXT + _done("new", "new_done") + _done("review", "reviews_done")
_CONTEXT_FROM = f"""
  FROM {table(Deck)} d
  JOIN {table(Membership)} m ON {membership("m", user="%(user)s", course="d.course_id")}
  LEFT JOIN {table(DeckLearner)} l ON l.deck_id = d.id AND l.user_id = %(user)s
  LEFT JOIN {table(LearnerProfile)} p ON p.user_id = %(user)s
 WHERE d.id = %(deck)s AND {deck_access("m", "d")}
"""
_CONTEXT_ALONE = f"SELECT {_CONTEXT.sql}{_CONTEXT_FROM}"
_CONTEXT_WITH_DONE = f"SELECT {_CONTEXT_DONE.sql}{_CONTEXT_FROM}"

_DONE_TODAY = f"""
SELECT COALESCE(SUM(CASE WHEN state_before = %(new)s THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN state_before = %(review)s THEN 1 ELSE 0 END), 0)
  FROM {table(Review)}
 WHERE user_id = %(user)s AND deck_id = %(deck)s AND reviewed_at >= %(since)s
   AND undone_at IS NULL
"""  # noqa: S608


def _when(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def context_row(
    user_id: int, deck_id: int, done_since: datetime | None = None
) -> dict[str, Any] | None:
    """The deck (a ``Deck``) if the user may study it, with the user's ``role``, ``enrolled``,
    ``overrides``, ``time_zone`` (and ``day_zone``, ``day_zone_until``: the zone of a day in
    progress at a change of zone), FSRS ``parameters`` and the deck's ``next_due``; with
    ``done_since``, also what ``done_today`` counts since then (``done``, else None). None when
    the user may not study the deck. One query."""
    params: dict[str, Any] = {"user": user_id, "deck": deck_id, "no": False, **DECK_ACCESS_PARAMS}
    select, sql = _CONTEXT, _CONTEXT_ALONE
    if done_since is not None:
        params.update(since=_when(done_since), new=ScheduleState.NEW, review=ScheduleState.REVIEW)
        select, sql = _CONTEXT_DONE, _CONTEXT_WITH_DONE
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = select.load(row)
    n = len(_DECK)
    rest = dict(zip(select.names[n:], values[n:], strict=True))
    return {
        "deck": Deck.from_db(connection.alias, _DECK.names, values[:n]),
        "role": rest["role"],
        "enrolled": rest["learner_started_at"] is not None,
        "overrides": rest["learner_options"],
        "time_zone": rest["time_zone"] or "",
        "day_zone": rest["day_zone"] or "",
        "day_zone_until": rest["day_zone_until"],
        "parameters": rest["fsrs_parameters"],
        "next_due": rest["next_due"],
        "done": (int(rest["new_done"]), int(rest["reviews_done"])) if done_since else None,
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


# --- The cards to show ------------------------------------------------------------------------

# A card to show: its schedule's FSRS state (the fields ``scheduling.CardState`` holds) and what
# the card shows. Every column is named (``AS``), so the union below is ordered by name.
_CARD_ROW = (
    columns("s", CardSchedule, ("card_id", *STATE_FIELDS), named=True)
    + columns(
        "c",
        Card,
        ("kind", "front", "back", "extra", "evidence_text", "evidence_start", "evidence_end"),
        named=True,
    )
    + columns("c", Card, ["source_id"], named=True)
    + columns("src", Source, ["title"], named=True, prefix="source_")
)
CARD_FIELDS = _CARD_ROW.names
# The study order: learning due now (bucket 0), reviews due today (1), new cards (2), learning
# due within the learn-ahead window (3); then by due time, by position in the deck, by card.
_ORDER = ("bucket", "due", "position", "card_id")
_PART_ROW = (
    _CARD_ROW
    + expression("{bucket}", "bucket")
    + columns("s", CardSchedule, ["position"], named=True)
)
# Short index walks glued together, each stopped at its limit before the final sort: learning
# and relearning cards (due now, or within the learn-ahead window) and reviews due today along
# the (user, state, due, card) index, new cards along (user, state, position). The work is about
# the limit, not the number of cards due or in the deck.
_PART = f"""
SELECT * FROM (
SELECT {_PART_ROW.sql}
  FROM {table(CardSchedule)} s
  {{join}} {table(Card)} c ON c.id = s.card_id
  LEFT JOIN {table(Source)} src ON src.id = c.source_id
 WHERE s.user_id = %(user)s AND s.suspended = %(no)s AND c.status = %(approved)s
   AND EXISTS (SELECT 1 FROM {table(DeckCard)} dc
                WHERE dc.deck_id = %(deck)s AND dc.card_id = s.card_id)
   AND (s.buried_until IS NULL OR s.buried_until <= %(now)s){{exclude}}
   AND {{condition}}
 ORDER BY {{order}} LIMIT {{limit}}
) part{{name}}"""  # noqa: S608


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
    ``reviews_left`` reviews and ``new_left`` new cards, each as a dict of ``CARD_FIELDS``. The
    caller has checked that the user may study the deck (``context_row``). One query."""
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
    n, names, load = len(_CARD_ROW), _CARD_ROW.names, _CARD_ROW.load
    return [dict(zip(names, load(row[:n]), strict=True)) for row in rows]


@lru_cache(maxsize=512)
def _candidates_sql(vendor: str, with_reviews: bool, with_new: bool, excluded: int) -> str:
    """The candidates query; its text depends only on these, so it is built once for each."""
    by_due = "s.due, s.card_id"
    # (bucket, condition, order, limit). Learning cards due now (0) and within the learn-ahead
    # window (3) share one walk per learning state (with "state IN (…)" the planner would walk
    # (user, due) across every overdue review instead).
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
    return "\nUNION ALL\n".join(selects) + f"\nORDER BY {', '.join(_ORDER)} LIMIT %(limit)s"
