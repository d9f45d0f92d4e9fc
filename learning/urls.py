"""Top-level routes: the app's web pages, its API, the OpenAPI schema and Django's auth views."""

from django.contrib import admin
from django.urls import include, path

# Django tries these in order: the API (whose study calls come many times a minute from every
# learner) before the web pages' catch-all prefix.
urlpatterns = [
    path("api/", include("quizzes.api.urls")),
    path("", include("quizzes.web.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
