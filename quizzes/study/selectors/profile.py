"""Reads of a learner's study profile (their time zone and FSRS fit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizzes.models import LearnerProfile

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def learner_profile(user: User) -> LearnerProfile:
    """The user's study profile; an unsaved one with the defaults if they have none yet."""
    return LearnerProfile.objects.filter(user=user).first() or LearnerProfile(user=user)
