"""Routes of the question bank's API, spread into ``quizzes.api.urls.v1`` (namespace api:v1)."""

from django.urls import path

from quizzes.api import bank, bank_cards

v1 = [
    path("questions/", bank.QuestionListCreate.as_view(), name="question-list"),
    path("questions/bulk/", bank.QuestionBulk.as_view(), name="question-bulk"),
    path("questions/<int:pk>/", bank.QuestionDetail.as_view(), name="question-detail"),
    path("questions/<int:pk>/versions/", bank.QuestionVersions.as_view(), name="question-versions"),
    path("questions/<int:pk>/events/", bank.QuestionEvents.as_view(), name="question-events"),
    path("questions/<int:pk>/approve/", bank.QuestionApprove.as_view(), name="question-approve"),
    path("questions/<int:pk>/reject/", bank.QuestionReject.as_view(), name="question-reject"),
    path("cards/", bank_cards.CardListCreate.as_view(), name="card-list"),
    path("cards/bulk/", bank_cards.CardBulk.as_view(), name="card-bulk"),
    path("cards/<int:pk>/", bank_cards.CardDetail.as_view(), name="card-detail"),
    path("cards/<int:pk>/versions/", bank_cards.CardVersions.as_view(), name="card-versions"),
    path("cards/<int:pk>/events/", bank_cards.CardEvents.as_view(), name="card-events"),
    path("cards/<int:pk>/approve/", bank_cards.CardApprove.as_view(), name="card-approve"),
    path("cards/<int:pk>/reject/", bank_cards.CardReject.as_view(), name="card-reject"),
]
