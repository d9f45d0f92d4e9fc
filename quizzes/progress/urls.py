"""Routes of progress: pages (namespace ``progress``) and API (``api:progress``)."""

from django.urls import path

from quizzes.progress import api, web

app_name = "progress"

urlpatterns = [
    path("courses/<id:course_id>/progress/", web.progress_dashboard, name="progress"),
    path("courses/<id:course_id>/progress/class/", web.progress_class, name="progress-class"),
    path(
        "courses/<id:course_id>/progress/class.csv",
        web.progress_class_csv,
        name="progress-class-csv",
    ),
    path(
        "courses/<id:course_id>/progress/students/<id:user_id>/",
        web.progress_student,
        name="progress-student",
    ),
    path(
        "courses/<id:course_id>/progress/claims/<id:topic_id>/",
        web.progress_topic,
        {"kind": "claim"},
        name="progress-claim",
    ),
    path(
        "courses/<id:course_id>/progress/terms/<id:topic_id>/",
        web.progress_topic,
        {"kind": "term"},
        name="progress-term",
    ),
]

api_urlpatterns = [
    path("progress/me/", api.ProgressMe.as_view(), name="progress-me"),
    path("courses/<id:pk>/progress/", api.ClassProgressView.as_view(), name="progress-class"),
    path(
        "courses/<id:pk>/progress/claims/",
        api.ClassTopicsView.as_view(kind="claims"),
        name="progress-claims",
    ),
    path(
        "courses/<id:pk>/progress/terms/",
        api.ClassTopicsView.as_view(kind="terms"),
        name="progress-terms",
    ),
    path(
        "courses/<id:pk>/progress/claims/<id:topic_id>/",
        api.ClassTopicDetail.as_view(kind="claim"),
        name="progress-claim-detail",
    ),
    path(
        "courses/<id:pk>/progress/terms/<id:topic_id>/",
        api.ClassTopicDetail.as_view(kind="term"),
        name="progress-term-detail",
    ),
    path(
        "courses/<id:pk>/progress/students/<id:user_id>/",
        api.StudentProgress.as_view(),
        name="progress-student",
    ),
]
