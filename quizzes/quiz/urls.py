"""Routes of quizzes and attempts: pages (namespace ``quiz``) and API (``api:quiz``)."""

from django.urls import path

from quizzes.quiz.api import attempts as attempts_api
from quizzes.quiz.api import quizzes as quizzes_api
from quizzes.quiz.api import statistics as statistics_api
from quizzes.quiz.web import attempts, preview, quizzes

app_name = "quiz"

urlpatterns = [
    path("quizzes/", quizzes.quiz_list, name="quiz-list"),
    path("quizzes/from-article/", quizzes.quiz_from_source_view, name="quiz-from-source"),
    path("courses/<int:course_id>/quizzes/new/", quizzes.quiz_new, name="quiz-new"),
    path("quizzes/<int:quiz_id>/", quizzes.quiz_detail, name="quiz-detail"),
    path("quizzes/<int:quiz_id>/start/", quizzes.quiz_start, name="quiz-start"),
    path("quizzes/<int:quiz_id>/edit/", quizzes.quiz_edit, name="quiz-edit"),
    path("quizzes/<int:quiz_id>/publish/", quizzes.quiz_publish_view, name="quiz-publish"),
    path("quizzes/<int:quiz_id>/regrade/", quizzes.quiz_regrade_view, name="quiz-regrade"),
    path(
        "quizzes/<int:quiz_id>/slots/fixed/",
        quizzes.slot_add,
        {"kind": "fixed"},
        name="quiz-slot-fixed",
    ),
    path(
        "quizzes/<int:quiz_id>/slots/random/",
        quizzes.slot_add,
        {"kind": "random"},
        name="quiz-slot-random",
    ),
    path(
        "quizzes/<int:quiz_id>/slots/<int:slot_id>/",
        quizzes.slot_change,
        name="quiz-slot-change",
    ),
    path(
        "quizzes/<int:quiz_id>/statistics/",
        quizzes.quiz_statistics_view,
        name="quiz-statistics",
    ),
    path("quizzes/<int:quiz_id>/results.csv", quizzes.quiz_results_csv, name="quiz-results-csv"),
    path("attempts/<int:attempt_id>/", attempts.attempt_take, name="attempt-take"),
    path("attempts/<int:attempt_id>/summary/", attempts.attempt_summary, name="attempt-summary"),
    path("attempts/<int:attempt_id>/submit/", attempts.attempt_submit_view, name="attempt-submit"),
    path("attempts/<int:attempt_id>/review/", attempts.attempt_review, name="attempt-review"),
    path("quizzes/<int:quiz_id>/preview/", preview.quiz_preview, name="quiz-preview"),
]

api_urlpatterns = [
    path("quizzes/", quizzes_api.QuizListCreate.as_view(), name="quiz-list"),
    path("quizzes/from-source/", quizzes_api.QuizFromSource.as_view(), name="quiz-from-source"),
    path("quizzes/<int:pk>/", quizzes_api.QuizDetail.as_view(), name="quiz-detail"),
    path("quizzes/<int:pk>/publish/", quizzes_api.QuizPublish.as_view(), name="quiz-publish"),
    path(
        "quizzes/<int:pk>/unpublish/",
        quizzes_api.QuizPublish.as_view(publish=False),
        name="quiz-unpublish",
    ),
    path("quizzes/<int:pk>/slots/", quizzes_api.QuizSlots.as_view(), name="quiz-slots"),
    path(
        "quizzes/<int:pk>/slots/<int:slot_id>/",
        quizzes_api.QuizSlotDetail.as_view(),
        name="quiz-slot-detail",
    ),
    path("quizzes/<int:pk>/attempts/", quizzes_api.QuizAttempts.as_view(), name="quiz-attempts"),
    path(
        "quizzes/<int:pk>/statistics/",
        statistics_api.QuizStatistics.as_view(),
        name="quiz-statistics",
    ),
    path("quizzes/<int:pk>/regrade/", statistics_api.QuizRegrade.as_view(), name="quiz-regrade"),
    path("attempts/<int:pk>/", attempts_api.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<int:pk>/responses/<int:slot>/",
        attempts_api.ResponseSave.as_view(),
        name="attempt-response",
    ),
    path(
        "attempts/<int:pk>/responses/<int:slot>/flag/",
        attempts_api.ResponseFlag.as_view(),
        name="attempt-flag",
    ),
    path("attempts/<int:pk>/submit/", attempts_api.AttemptSubmit.as_view(), name="attempt-submit"),
]
