"""Retain's models, one module per concern."""

from quizzes.models.courses import Course, Membership, Role
from quizzes.models.sources import Source, SourceStatus

__all__ = ["Course", "Membership", "Role", "Source", "SourceStatus"]
