"""What learners do, announced once: the hook that grade passback, xAPI statements and any other
listener attach to, so that none of them has to be written into the quiz or study code.

``attempt_submit`` and ``review_record`` (and practice answers) call ``activity_record``; each
``Activity`` is sent on ``activity_recorded`` after the transaction that stored it commits (never
for a write that rolled back), one listener's failure isolated from the others. With no listener
connected, recording costs one check: the study hot path pays nothing for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

ActivityKind = Literal["attempt-submitted", "review-recorded", "practice-answered"]


@dataclass(frozen=True)
class Activity:
    """``object_id`` is the attempt's id, the review's UUID or the practice answer's UUID;
    ``data`` holds what a listener needs besides (score, rating, …), as plain JSON values."""

    kind: ActivityKind
    user_id: int
    course_id: int
    object_id: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)


# Receivers take ``activity`` (an Activity) as a keyword argument.
activity_recorded = Signal()


def activity_record(
    *,
    kind: ActivityKind,
    user_id: int,
    course_id: int,
    object_id: object,
    at: datetime,
    **data: Any,
) -> None:
    """Announce ``kind`` to the listeners once the current transaction commits."""
    if not activity_recorded.has_listeners():
        return
    activity = Activity(
        kind=kind, user_id=user_id, course_id=course_id, object_id=str(object_id), at=at, data=data
    )
    transaction.on_commit(lambda: _send(activity))


def _send(activity: Activity) -> None:
    for receiver, result in activity_recorded.send_robust(sender=Activity, activity=activity):
        if isinstance(result, Exception):
            log.error(
                "activity listener %r failed on %s %s",
                receiver,
                activity.kind,
                activity.object_id,
                exc_info=result,
            )
