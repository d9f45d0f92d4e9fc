"""The LMS integration's records in Django's admin, read-only: for looking into a sync, not for
editing it (django-lti registers the platforms, deployments and keys itself)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from quizzes.models import LtiCourseContext, LtiGradeSync, LtiPlacement, XapiOutbox


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LtiCourseContext)
class LtiCourseContextAdmin(ReadOnly):
    list_display = ["context", "course", "roster_synced_at", "roster_status"]


@admin.register(LtiPlacement)
class LtiPlacementAdmin(ReadOnly):
    list_display = ["title", "kind", "course", "deck_rule", "created_at"]


@admin.register(LtiGradeSync)
class LtiGradeSyncAdmin(ReadOnly):
    list_display = ["user", "placement", "score", "sent_score", "status", "tries", "last_sent_at"]
    list_filter = ["status"]


@admin.register(XapiOutbox)
class XapiOutboxAdmin(ReadOnly):
    list_display = ["id", "course", "status", "tries", "next_try_at", "sent_at"]
    list_filter = ["status"]
