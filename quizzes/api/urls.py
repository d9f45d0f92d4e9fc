"""API routes: /api/v1/… plus the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from quizzes.api import auth, bank_urls, courses, progress, sources, study
from quizzes.api.docs import swagger_csp
from quizzes.api.quiz_urls import v1 as quiz_v1

app_name = "api"

# The study routes first: next cards and reviews are the busiest calls, and Django tries the
# patterns in order.
v1 = [
    *study.v1,
    path("auth/token/", auth.ObtainToken.as_view(), name="token"),
    path("courses/", courses.CourseListCreate.as_view(), name="course-list"),
    path("courses/join/", courses.CourseJoin.as_view(), name="course-join"),
    path("courses/<int:pk>/", courses.CourseDetail.as_view(), name="course-detail"),
    path("sources/", sources.SourceListCreate.as_view(), name="source-list"),
    path("sources/<int:pk>/", sources.SourceDetail.as_view(), name="source-detail"),
    path("sources/<int:pk>/generate/", sources.SourceGenerate.as_view(), name="source-generate"),
    path("sources/<int:pk>/terms/", sources.SourceTerms.as_view(), name="source-terms"),
    path("sources/<int:pk>/claims/", sources.SourceClaims.as_view(), name="source-claims"),
    *bank_urls.v1,
    *progress.v1,
]
v1 += quiz_v1

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", swagger_csp(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
]
