"""Operations routes, at the site's root (where probes and scrapers look for them)."""

from django.urls import path

from quizzes.ops import health, metrics

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
