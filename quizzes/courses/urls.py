"""Routes of courses and memberships: pages (namespace ``courses``) and API (``api:courses``)."""

from django.urls import path

from quizzes.courses import api, web

app_name = "courses"

urlpatterns = [
    path("courses/", web.course_list, name="course-list"),
    path("courses/new/", web.course_new, name="course-new"),
    path("courses/join/", web.course_join_view, name="course-join"),
]

api_urlpatterns = [
    path("courses/", api.CourseListCreate.as_view(), name="course-list"),
    path("courses/join/", api.CourseJoin.as_view(), name="course-join"),
    path("courses/<id:pk>/", api.CourseDetail.as_view(), name="course-detail"),
]
