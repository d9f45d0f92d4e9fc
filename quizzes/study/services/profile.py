"""Writes for a learner's study profile: the time zone their day is counted in, and fitting their
personal FSRS parameters from their own reviews (a background job)."""

from __future__ import annotations

import logging
import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from quizzes.errors import StudyError
from quizzes.models import CardSchedule, LearnerProfile, Review, ScheduleState
from quizzes.study import fitting, learner_days, scheduling
from quizzes.study.selectors.next_cards import context_from, intervals_at
from quizzes.study.services.review_log import schedule_rebuild

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# Fit again once the learner has this many reviews more than at the last fit.
REFIT_AFTER = fitting.MIN_REVIEWS_FOR_FIT // 2


def _zone(time_zone: str) -> str:
    name = time_zone.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise StudyError(
            f"“{name}” is not a time zone; use a name such as Europe/Paris.", field="time_zone"
        ) from None
    return name


@transaction.atomic
def profile_set_time_zone(
    *, user: User, time_zone: str, only_if_unset: bool = False, now: datetime | None = None
) -> LearnerProfile:
    """Set the time zone the learner's day (from 04:00) is counted in. With ``only_if_unset``
    (the browser reporting its zone) a zone the learner chose is kept. Raises ``StudyError`` for
    a name that is not an IANA time zone.

    The day in progress, if the learner has reviewed in it, keeps the zone it began in until it
    ends (``day_zone``, ``day_zone_until``): its daily limits are not started over by a move, or
    by switching zones back and forth; the first day in the new zone begins when it ends.
    """
    name = _zone(time_zone)
    now = now or timezone.now()
    profile, _ = LearnerProfile.objects.select_for_update().get_or_create(user=user)
    if only_if_unset and profile.time_zone:
        return profile
    current = learner_days.DayZone(
        profile.time_zone or settings.TIME_ZONE, profile.day_zone, profile.day_zone_until
    )
    if current.until is not None and now >= current.until:  # that pin is over
        current = learner_days.DayZone(current.time_zone)
    if current.until is not None:  # a day in progress is pinned: it stays so
        if name == current.pinned:  # back in the day's own zone: nothing left to pin
            current = learner_days.DayZone(name)
    elif name != current.time_zone:
        _day, start, end = current.bounds(now)
        done = Review.objects.filter(user=user, reviewed_at__gte=start, undone_at__isnull=True)
        if done.exists():
            current = learner_days.DayZone(name, current.time_zone, end)
    profile.time_zone = name
    profile.day_zone, profile.day_zone_until = current.pinned, current.until
    profile.save(update_fields=["time_zone", "day_zone", "day_zone_until"])
    return profile


def learner_optimise_if_due(*, user: User) -> bool:
    """Queue a fit of the learner's FSRS parameters when they have enough reviews and enough new
    ones since the last fit. Returns True if a job was queued (after the transaction commits)."""
    reviews = Review.objects.filter(user=user, undone_at__isnull=True).count()
    if reviews < fitting.MIN_REVIEWS_FOR_FIT:
        return False
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is not None and profile.fitted_at and reviews - profile.fitted_reviews < REFIT_AFTER:
        return False
    if profile is not None and profile.fit_report.get("status") == "queued":
        return False
    LearnerProfile.objects.update_or_create(
        user=user, defaults={"fit_report": {"status": "queued", "reviews": reviews}}
    )
    user_id = user.pk
    transaction.on_commit(lambda: _enqueue_optimise(user_id))
    return True


def learners_refit_due(*, now: datetime | None = None) -> int:
    """``learner_optimise_if_due`` for every learner who reviewed in the day before ``now`` (the
    study page does it too, for whoever opens it). Returns how many fits were queued."""
    from django.contrib.auth import get_user_model

    since = (now or timezone.now()) - timedelta(days=1)
    active = Review.objects.filter(reviewed_at__gte=since).values("user_id").distinct()
    queued = 0
    for user in get_user_model().objects.filter(pk__in=active):
        with transaction.atomic():
            queued += learner_optimise_if_due(user=user)
    return queued


def _enqueue_optimise(user_id: int) -> None:
    from quizzes.study.tasks import optimise_learner

    optimise_learner.enqueue(user_id)


def learner_optimise(*, user_id: int, now: datetime | None = None) -> LearnerProfile:
    """Fit the learner's FSRS parameters from their reviews, use them, and say what changed.

    Below ``fitting.MIN_REVIEWS_FOR_FIT`` reviews (the fsrs optimizer's own threshold), or
    without the optimizer package, the defaults stay and the report says why. Otherwise the new
    parameters are stored, every schedule of the learner is replayed with them, and
    ``fit_report`` compares the daily workload at the learner's desired retention before and
    after. Safe to run twice.
    """
    now = now or timezone.now()
    profile, _ = LearnerProfile.objects.get_or_create(user_id=user_id)
    rows = list(
        Review.objects.filter(user_id=user_id, undone_at__isnull=True).values_list(
            "card_id", "rating", "reviewed_at"
        )
    )
    report: dict[str, Any] = {"reviews": len(rows), "at": now.isoformat()}
    if len(rows) < fitting.MIN_REVIEWS_FOR_FIT:
        report |= {"status": "waiting", "needed": fitting.MIN_REVIEWS_FOR_FIT}
        return _save_report(profile, report)
    parameters = fitting.fit_parameters(rows)
    if parameters is None:
        report["status"] = "unchanged"
        profile.fitted_reviews = len(rows)
        profile.fitted_at = now
        profile.save(update_fields=["fitted_reviews", "fitted_at"])
        return _save_report(profile, report)
    before = _daily_workload(user_id, profile.fsrs_parameters, now)
    after = _daily_workload(user_id, list(parameters), now)
    with transaction.atomic():
        profile.fsrs_parameters = list(parameters)
        profile.fitted_at = now
        profile.fitted_reviews = len(rows)
        profile.save(update_fields=["fsrs_parameters", "fitted_at", "fitted_reviews"])
        reviewed = Review.objects.filter(user_id=user_id).values_list("card_id", flat=True)
        for card_id in set(reviewed):
            schedule_rebuild(user_id=user_id, card_id=card_id)
    report |= {
        "status": "fitted",
        "reviews_per_day_before": round(before["per_day"], 1),
        "reviews_per_day_after": round(after["per_day"], 1),
        "desired_retention": after["retention"],
    }
    return _save_report(profile, report)


def _save_report(profile: LearnerProfile, report: dict[str, Any]) -> LearnerProfile:
    profile.fit_report = report
    profile.save(update_fields=["fit_report"])
    return profile


def _daily_workload(
    user_id: int, parameters: list[float] | None, now: datetime
) -> dict[str, float]:
    """Expected reviews a day to keep the learner's reviewed cards at their desired retention:
    each card's log replayed with ``parameters``, one review per "Good" interval from its due."""
    schedules = (
        CardSchedule.objects.filter(user_id=user_id, suspended=False)
        .select_related("deck")
        .annotate(
            mine=FilteredRelation("deck__learners", condition=Q(deck__learners__user=user_id)),
            learner_options=F("mine__options"),
        )
    )
    logs: dict[int, list[tuple[str, int, datetime]]] = defaultdict(list)
    for review_id, card_id, rating, at in Review.objects.filter(
        user_id=user_id, undone_at__isnull=True
    ).values_list("pk", "card_id", "rating", "reviewed_at"):
        logs[card_id].append((str(review_id), rating, at))
    per_day, retention = 0.0, 0.9
    for schedule in schedules:
        context = context_from(
            schedule.deck, overrides=schedule.learner_options, parameters=parameters, time_zone=""
        )
        retention = context.options.desired_retention
        state = scheduling.rebuild(schedule.card_id, logs[schedule.card_id], context.settings)
        if state.state == ScheduleState.NEW or state.due is None:
            continue
        good = intervals_at(state, max(state.due, now), context.settings)[3]
        per_day += 1 / max(good.total_seconds() / 86400, 1.0)
    return {"per_day": per_day, "retention": retention}


def fit_message(report: dict[str, Any]) -> str:
    """The fit report in words, for the learner."""
    status = report.get("status")
    if status == "queued":
        return "Retain is fitting FSRS to your reviews; this takes a minute."
    if status == "waiting":
        return (
            f"Retain fits FSRS to you after {report['needed']:,} reviews; you have "
            f"{report['reviews']:,} so far and use the default parameters meanwhile."
        )
    if status == "unchanged":
        return (
            f"FSRS was fitted to your {report['reviews']:,} reviews: the default parameters "
            "already suit you (or the optimizer is not installed), so nothing changed."
        )
    if status == "fitted":
        return (
            f"FSRS is now fitted to your {report['reviews']:,} reviews. At "
            f"{report['desired_retention']:.0%} desired retention you need about "
            f"{report['reviews_per_day_after']:g} reviews a day for the cards you have studied "
            f"(before: {report['reviews_per_day_before']:g})."
        )
    return ""
