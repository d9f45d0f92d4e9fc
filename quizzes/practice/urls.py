"""Routes of the "Study my weakest claims" session (namespace ``practice``; pages only)."""

from django.urls import path

from quizzes.practice import web

app_name = "practice"

urlpatterns = [
    path("courses/<id:course_id>/practice/", web.practice_session, name="practice"),
    path(
        "courses/<id:course_id>/practice/cards/<id:card_id>/",
        web.practice_review,
        name="practice-review",
    ),
    path(
        "courses/<id:course_id>/practice/questions/<id:question_id>/",
        web.practice_answer,
        name="practice-answer",
    ),
]

api_urlpatterns: list = []
