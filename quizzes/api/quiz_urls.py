"""Routes of the quizzes API, spread into ``quizzes.api.urls.v1`` (namespace api:v1)."""

from django.urls import path

from quizzes.api import attempts, quiz_statistics, quizzes

v1 = [
    path("quizzes/", quizzes.QuizListCreate.as_view(), name="quiz-list"),
    path("quizzes/from-source/", quizzes.QuizFromSource.as_view(), name="quiz-from-source"),
    path("quizzes/<int:pk>/", quizzes.QuizDetail.as_view(), name="quiz-detail"),
    path("quizzes/<int:pk>/publish/", quizzes.QuizPublish.as_view(), name="quiz-publish"),
    path(
        "quizzes/<int:pk>/unpublish/",
        quizzes.QuizPublish.as_view(publish=False),
        name="quiz-unpublish",
    ),
    path("quizzes/<int:pk>/slots/", quizzes.QuizSlots.as_view(), name="quiz-slots"),
    path(
        "quizzes/<int:pk>/slots/<int:slot_id>/",
        quizzes.QuizSlotDetail.as_view(),
        name="quiz-slot-detail",
    ),
    path("quizzes/<int:pk>/attempts/", quizzes.QuizAttempts.as_view(), name="quiz-attempts"),
    path(
        "quizzes/<int:pk>/statistics/",
        quiz_statistics.QuizStatistics.as_view(),
        name="quiz-statistics",
    ),
    path("quizzes/<int:pk>/regrade/", quiz_statistics.QuizRegrade.as_view(), name="quiz-regrade"),
    path("attempts/<int:pk>/", attempts.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<int:pk>/responses/<int:slot>/",
        attempts.ResponseSave.as_view(),
        name="attempt-response",
    ),
    path("attempts/<int:pk>/submit/", attempts.AttemptSubmit.as_view(), name="attempt-submit"),
]
