"""Routes of the "Study my weakest claims" session (namespace ``practice``; pages only)."""

from django.urls import path

from quizzes.practice import web

app_name = "practice"

urlpatterns = [
    path("courses/<int:course_id>/practice/", web.practice_session, name="practice"),
    path(
        "courses/<int:course_id>/practice/cards/<int:card_id>/",
        web.practice_review,
        name="practice-review",
    ),
    path(
        "courses/<int:course_id>/practice/questions/<int:question_id>/",
        web.practice_answer,
        name="practice-answer",
    ),
]

api_urlpatterns: list = []
