"""Routes of the question bank's pages, spread into ``quizzes.web.urls`` (namespace quizzes)."""

from django.urls import path

from quizzes.web import bank, bank_actions, bank_edit

urlpatterns = [
    path("courses/<int:course_id>/bank/", bank.bank_list, name="bank"),
    path("courses/<int:course_id>/bank/new/", bank_edit.question_new, name="question-new"),
    path(
        "courses/<int:course_id>/bank/bulk/",
        bank_actions.bank_bulk,
        {"kind": "questions"},
        name="question-bulk",
    ),
    path(
        "courses/<int:course_id>/bank/duplicates/",
        bank_edit.question_duplicates_check,
        name="question-duplicates",
    ),
    path(
        "courses/<int:course_id>/bank/answer-check/",
        bank_edit.answer_check,
        name="question-answer-check",
    ),
    path("courses/<int:course_id>/bank/cards/", bank.bank_cards, name="bank-cards"),
    path("courses/<int:course_id>/bank/cards/new/", bank_edit.card_new, name="card-new"),
    path(
        "courses/<int:course_id>/bank/cards/bulk/",
        bank_actions.bank_bulk,
        {"kind": "cards"},
        name="card-bulk",
    ),
    path(
        "courses/<int:course_id>/bank/cards/duplicates/",
        bank_edit.card_duplicates_check,
        name="card-duplicates",
    ),
    path("articles/<int:source_id>/review/", bank.bank_review, name="bank-review"),
    path("questions/<int:question_id>/", bank.question_detail, name="question-detail"),
    path("questions/<int:question_id>/edit/", bank_edit.question_edit, name="question-edit"),
    path(
        "questions/<int:question_id>/approve/",
        bank_actions.question_action,
        {"action": "approve"},
        name="question-approve",
    ),
    path(
        "questions/<int:question_id>/reject/",
        bank_actions.question_action,
        {"action": "reject"},
        name="question-reject",
    ),
    path(
        "questions/<int:question_id>/delete/",
        bank_actions.question_action,
        {"action": "delete"},
        name="question-delete",
    ),
    path("cards/<int:card_id>/", bank.card_detail, name="card-detail"),
    path("cards/<int:card_id>/edit/", bank_edit.card_edit, name="card-edit"),
    path(
        "cards/<int:card_id>/approve/",
        bank_actions.card_action,
        {"action": "approve"},
        name="card-approve",
    ),
    path(
        "cards/<int:card_id>/reject/",
        bank_actions.card_action,
        {"action": "reject"},
        name="card-reject",
    ),
    path(
        "cards/<int:card_id>/delete/",
        bank_actions.card_action,
        {"action": "delete"},
        name="card-delete",
    ),
]
