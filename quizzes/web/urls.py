"""Web page routes (namespace ``quizzes``)."""

from django.urls import path
from django.views.generic import RedirectView

from quizzes.web import accounts, bank_urls, courses, progress_urls, sources, study
from quizzes.web.quiz_urls import urlpatterns as quiz_urlpatterns

app_name = "quizzes"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="quizzes:course-list"), name="home"),
    path("signup/", accounts.signup, name="signup"),
    path("courses/", courses.course_list, name="course-list"),
    path("courses/new/", courses.course_new, name="course-new"),
    path("courses/join/", courses.course_join_view, name="course-join"),
    path("courses/<int:course_id>/", courses.course_detail, name="course-detail"),
    path("courses/<int:course_id>/articles/", sources.source_list, name="source-list"),
    path("courses/<int:course_id>/articles/new/", sources.source_new, name="source-new"),
    path("articles/<int:source_id>/", sources.source_detail, name="source-detail"),
    path("articles/<int:source_id>/generate/", sources.source_regenerate, name="source-generate"),
    *progress_urls.urlpatterns,
    *bank_urls.urlpatterns,
]
urlpatterns += study.urlpatterns
urlpatterns += quiz_urlpatterns
