"""The LMS integration as an installable part of the app: listed in INSTALLED_APPS (for its
listeners and management commands) and in ``quizzes.urls.DOMAINS`` (for its pages). Its models
live with the others in ``quizzes.models.lti``."""

from __future__ import annotations

from django.apps import AppConfig


class RetainLtiConfig(AppConfig):
    name = "quizzes.lti"
    label = "retain_lti"
    verbose_name = "Retain: LMS integration"

    def ready(self) -> None:
        from quizzes.lti.listeners import connect

        connect()
