"""Every route of the app: each domain's ``urls.py`` gives its pages (``urlpatterns``, namespace
``<domain>``) and its API (``api_urlpatterns``, mounted under ``/api/v1/``, namespace
``api:<domain>``). A new domain is one more name in ``DOMAINS``."""

from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from quizzes import home
from quizzes.core.api.docs import docs_csp

# Study first: next cards and review POST are the busiest calls, and Django tries the patterns in
# order (the API before the pages' catch-all prefix).
DOMAINS = (
    "study",
    "quiz",
    "bank",
    "sources",
    "courses",
    "accounts",
    "progress",
    "practice",
    "reports",
    "lti",
    "interop",
)
_modules = [import_module(f"quizzes.{domain}.urls") for domain in DOMAINS]

api: list[URLPattern | URLResolver] = [
    *[path("v1/", include((m.api_urlpatterns, m.app_name))) for m in _modules],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The reference (Redoc, accessible) and a console to try requests (Swagger UI, which is not:
    # its operation rows nest buttons and its grey labels lack contrast; see tests/e2e).
    path(
        "docs/",
        docs_csp(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="docs",
    ),
    path(
        "docs/try/",
        docs_csp(
            SpectacularSwaggerView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs-try",
    ),
]

root: list[URLPattern | URLResolver] = [
    path("", RedirectView.as_view(pattern_name="courses:course-list"), name="index"),
    path("courses/<id:course_id>/", home.course_detail, name="course-detail"),
    path("progress/", home.course_choice, {"section": "progress"}, name="progress"),
    path("bank/", home.course_choice, {"section": "bank"}, name="bank"),
]

urlpatterns = [
    path("api/", include((api, "api"))),
    path("", include((root, "home"))),
    *[path("", include(m)) for m in _modules],
]
