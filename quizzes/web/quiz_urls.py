"""Routes of the quiz pages, spread into ``quizzes.web.urls.urlpatterns`` (namespace quizzes)."""

from django.urls import path

from quizzes.web import attempts, quizzes

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
]
