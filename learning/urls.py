"""Top-level routes: the app's web pages, its API, the OpenAPI schema and Django's auth views."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("quizzes.web.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("quizzes.api.urls")),
    path("admin/", admin.site.urls),
]
