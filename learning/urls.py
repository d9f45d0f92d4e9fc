"""Top-level routes: the app (its pages and API), Django's auth views and the admin; the error
views (JSON under /api/, pages elsewhere)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("quizzes.ops.urls")),
    path("", include("quizzes.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "quizzes.core.web.errors.bad_request"
handler404 = "quizzes.core.web.errors.page_not_found"
handler500 = "quizzes.core.web.errors.server_error"
