"""Routes of the question bank: its pages (namespace ``bank``) and its API (``api:bank``)."""

from django.urls import path

from quizzes.bank.api import cards as cards_api
from quizzes.bank.api import questions as questions_api
from quizzes.bank.web import actions, edit, pages

app_name = "bank"

urlpatterns = [
    path("courses/<int:course_id>/bank/", pages.bank_list, name="bank"),
    path("courses/<int:course_id>/bank/new/", edit.question_new, name="question-new"),
    path(
        "courses/<int:course_id>/bank/bulk/",
        actions.bank_bulk,
        {"kind": "questions"},
        name="question-bulk",
    ),
    path(
        "courses/<int:course_id>/bank/duplicates/",
        edit.question_duplicates_check,
        name="question-duplicates",
    ),
    path(
        "courses/<int:course_id>/bank/answer-check/",
        edit.answer_check,
        name="question-answer-check",
    ),
    path("courses/<int:course_id>/bank/cards/", pages.bank_cards, name="bank-cards"),
    path("courses/<int:course_id>/bank/cards/new/", edit.card_new, name="card-new"),
    path(
        "courses/<int:course_id>/bank/cards/bulk/",
        actions.bank_bulk,
        {"kind": "cards"},
        name="card-bulk",
    ),
    path(
        "courses/<int:course_id>/bank/cards/duplicates/",
        edit.card_duplicates_check,
        name="card-duplicates",
    ),
    path("articles/<int:source_id>/review/", pages.bank_review, name="bank-review"),
    path("questions/<int:question_id>/", pages.question_detail, name="question-detail"),
    path("questions/<int:question_id>/edit/", edit.question_edit, name="question-edit"),
    path(
        "questions/<int:question_id>/approve/",
        actions.question_action,
        {"action": "approve"},
        name="question-approve",
    ),
    path(
        "questions/<int:question_id>/reject/",
        actions.question_action,
        {"action": "reject"},
        name="question-reject",
    ),
    path(
        "questions/<int:question_id>/delete/",
        actions.question_action,
        {"action": "delete"},
        name="question-delete",
    ),
    path("cards/<int:card_id>/", pages.card_detail, name="card-detail"),
    path("cards/<int:card_id>/edit/", edit.card_edit, name="card-edit"),
    path(
        "cards/<int:card_id>/approve/",
        actions.card_action,
        {"action": "approve"},
        name="card-approve",
    ),
    path(
        "cards/<int:card_id>/reject/",
        actions.card_action,
        {"action": "reject"},
        name="card-reject",
    ),
    path(
        "cards/<int:card_id>/delete/",
        actions.card_action,
        {"action": "delete"},
        name="card-delete",
    ),
]

api_urlpatterns = [
    path("questions/", questions_api.QuestionListCreate.as_view(), name="question-list"),
    path("questions/bulk/", questions_api.QuestionBulk.as_view(), name="question-bulk"),
    path("questions/<int:pk>/", questions_api.QuestionDetail.as_view(), name="question-detail"),
    path(
        "questions/<int:pk>/versions/",
        questions_api.QuestionVersions.as_view(),
        name="question-versions",
    ),
    path(
        "questions/<int:pk>/events/", questions_api.QuestionEvents.as_view(), name="question-events"
    ),
    path(
        "questions/<int:pk>/approve/",
        questions_api.QuestionApprove.as_view(),
        name="question-approve",
    ),
    path(
        "questions/<int:pk>/reject/", questions_api.QuestionReject.as_view(), name="question-reject"
    ),
    path("cards/", cards_api.CardListCreate.as_view(), name="card-list"),
    path("cards/bulk/", cards_api.CardBulk.as_view(), name="card-bulk"),
    path("cards/<int:pk>/", cards_api.CardDetail.as_view(), name="card-detail"),
    path("cards/<int:pk>/versions/", cards_api.CardVersions.as_view(), name="card-versions"),
    path("cards/<int:pk>/events/", cards_api.CardEvents.as_view(), name="card-events"),
    path("cards/<int:pk>/approve/", cards_api.CardApprove.as_view(), name="card-approve"),
    path("cards/<int:pk>/reject/", cards_api.CardReject.as_view(), name="card-reject"),
]
