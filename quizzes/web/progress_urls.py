"""Routes of the progress pages and the weakest-claims session (included by ``quizzes.web.urls``)."""

from django.urls import path

from quizzes.web import practice, progress

urlpatterns = [
    path("courses/<int:course_id>/progress/", progress.progress_dashboard, name="progress"),
    path("courses/<int:course_id>/progress/class/", progress.progress_class, name="progress-class"),
    path(
        "courses/<int:course_id>/progress/class.csv",
        progress.progress_class_csv,
        name="progress-class-csv",
    ),
    path(
        "courses/<int:course_id>/progress/students/<int:user_id>/",
        progress.progress_student,
        name="progress-student",
    ),
    path(
        "courses/<int:course_id>/progress/claims/<int:topic_id>/",
        progress.progress_topic,
        {"kind": "claim"},
        name="progress-claim",
    ),
    path(
        "courses/<int:course_id>/progress/terms/<int:topic_id>/",
        progress.progress_topic,
        {"kind": "term"},
        name="progress-term",
    ),
    path("courses/<int:course_id>/practice/", practice.practice_session, name="practice"),
    path(
        "courses/<int:course_id>/practice/cards/<int:card_id>/",
        practice.practice_review,
        name="practice-review",
    ),
    path(
        "courses/<int:course_id>/practice/questions/<int:question_id>/",
        practice.practice_answer,
        name="practice-answer",
    ),
]
