"""A learner's card schedule as reviews change it: the fields FSRS owns and the flags around them,
the JSON snapshot a review keeps of it (for undo and replays), and the options it is scheduled
with. Shared by recording reviews (``services.reviews``) and replaying or undoing them
(``services.review_log``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

from quizzes.models import CardSchedule
from quizzes.study import scheduling
from quizzes.study.selectors.next_cards import StudyContext, context_from

if TYPE_CHECKING:
    from quizzes.study.fast.review_sql import ScheduleWithOptions

FSRS_FIELDS = scheduling.STATE_FIELDS  # the one list, shared with the hand-written SQL
FLAGS = ("suspended", "leech", "buried_until")
WRITTEN = (*FSRS_FIELDS, "suspended", "leech")  # what a review may change in a schedule
# Snapshots hold datetimes as ISO text.
_DATETIMES = frozenset(
    f.name for f in CardSchedule._meta.concrete_fields if isinstance(f, models.DateTimeField)
)


def schedule_context(schedule: ScheduleWithOptions) -> StudyContext:
    """The deck's options with the learner's overrides, FSRS parameters and time zone, from what
    ``fast.review_sql.read_schedule`` (or ``schedule_rebuild``'s query) loaded with the schedule."""
    return context_from(
        schedule.deck,
        overrides=schedule.learner_options,
        parameters=schedule.parameters,
        time_zone=schedule.time_zone,
    )


def snapshot(schedule: CardSchedule) -> dict[str, Any]:
    """The schedule as JSON (stored on reviews for undo and replays)."""
    out: dict[str, Any] = {}
    for name in (*FSRS_FIELDS, *FLAGS):
        value = getattr(schedule, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def restore(schedule: CardSchedule, data: dict[str, Any]) -> None:
    """Put a ``snapshot`` back on the schedule (not saved)."""
    for name in (*FSRS_FIELDS, *FLAGS):
        value = data.get(name)
        if name in _DATETIMES and value is not None:
            value = datetime.fromisoformat(value)
        setattr(schedule, name, value)


def apply_state(schedule: CardSchedule, state: scheduling.CardState) -> None:
    """Copy an FSRS state onto the schedule (not saved)."""
    for name in FSRS_FIELDS:
        setattr(schedule, name, getattr(state, name))


def leech_check(schedule: CardSchedule, lapses_before: int, context: StudyContext) -> bool:
    """Suspend a card that has just lapsed for the threshold's time; True if it happened now."""
    threshold = context.options.leech_threshold
    if schedule.leech or schedule.lapses <= lapses_before or schedule.lapses < threshold:
        return False
    schedule.leech = True
    schedule.suspended = True
    return True
