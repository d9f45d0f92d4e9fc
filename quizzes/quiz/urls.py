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
    path("courses/<id:course_id>/quizzes/new/", quizzes.quiz_new, name="quiz-new"),
    path("quizzes/<id:quiz_id>/", quizzes.quiz_detail, name="quiz-detail"),
    path("quizzes/<id:quiz_id>/start/", quizzes.quiz_start, name="quiz-start"),
    path("quizzes/<id:quiz_id>/edit/", quizzes.quiz_edit, name="quiz-edit"),
    path("quizzes/<id:quiz_id>/publish/", quizzes.quiz_publish_view, name="quiz-publish"),
    path("quizzes/<id:quiz_id>/regrade/", quizzes.quiz_regrade_view, name="quiz-regrade"),
    path(
        "quizzes/<id:quiz_id>/slots/fixed/",
        quizzes.slot_add,
        {"kind": "fixed"},
        name="quiz-slot-fixed",
    ),
    path(
        "quizzes/<id:quiz_id>/slots/random/",
        quizzes.slot_add,
        {"kind": "random"},
        name="quiz-slot-random",
    ),
    path(
        "quizzes/<id:quiz_id>/slots/<id:slot_id>/",
        quizzes.slot_change,
        name="quiz-slot-change",
    ),
    path(
        "quizzes/<id:quiz_id>/statistics/",
        quizzes.quiz_statistics_view,
        name="quiz-statistics",
    ),
    path("quizzes/<id:quiz_id>/results.csv", quizzes.quiz_results_csv, name="quiz-results-csv"),
    path("attempts/<id:attempt_id>/", attempts.attempt_take, name="attempt-take"),
    path("attempts/<id:attempt_id>/summary/", attempts.attempt_summary, name="attempt-summary"),
    path("attempts/<id:attempt_id>/submit/", attempts.attempt_submit_view, name="attempt-submit"),
    path("attempts/<id:attempt_id>/review/", attempts.attempt_review, name="attempt-review"),
    path("quizzes/<id:quiz_id>/preview/", preview.quiz_preview, name="quiz-preview"),
]

api_urlpatterns = [
    path("quizzes/", quizzes_api.QuizListCreate.as_view(), name="quiz-list"),
    path("quizzes/from-source/", quizzes_api.QuizFromSource.as_view(), name="quiz-from-source"),
    path("quizzes/<id:pk>/", quizzes_api.QuizDetail.as_view(), name="quiz-detail"),
    path("quizzes/<id:pk>/publish/", quizzes_api.QuizPublish.as_view(), name="quiz-publish"),
    path(
        "quizzes/<id:pk>/unpublish/",
        quizzes_api.QuizPublish.as_view(publish=False),
        name="quiz-unpublish",
    ),
    path("quizzes/<id:pk>/slots/", quizzes_api.QuizSlots.as_view(), name="quiz-slots"),
    path(
        "quizzes/<id:pk>/slots/<id:slot_id>/",
        quizzes_api.QuizSlotDetail.as_view(),
        name="quiz-slot-detail",
    ),
    path("quizzes/<id:pk>/attempts/", quizzes_api.QuizAttempts.as_view(), name="quiz-attempts"),
    path(
        "quizzes/<id:pk>/statistics/",
        statistics_api.QuizStatistics.as_view(),
        name="quiz-statistics",
    ),
    path("quizzes/<id:pk>/regrade/", statistics_api.QuizRegrade.as_view(), name="quiz-regrade"),
    path("attempts/<id:pk>/", attempts_api.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<id:pk>/responses/<id:slot>/",
        attempts_api.ResponseSave.as_view(),
        name="attempt-response",
    ),
    path(
        "attempts/<id:pk>/responses/<id:slot>/flag/",
        attempts_api.ResponseFlag.as_view(),
        name="attempt-flag",
    ),
    path("attempts/<id:pk>/submit/", attempts_api.AttemptSubmit.as_view(), name="attempt-submit"),
]
