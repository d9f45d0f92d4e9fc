"""Reads for articles, scoped by membership: a user sees the sources of their own courses only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from quizzes.errors import NotFound
from quizzes.models import Membership, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def sources_for(user: User, *, course_id: int | None = None) -> QuerySet[Source]:
    sources = Source.objects.filter(
        course_id__in=Membership.objects.filter(user=user).values("course_id")
    ).select_related("course")
    if course_id is not None:
        sources = sources.filter(course_id=course_id)
    return sources


def source_for(user: User, source_id: int) -> Source:
    source = sources_for(user).filter(pk=source_id).first()
    if source is None:
        raise NotFound("No such article.")
    return source
