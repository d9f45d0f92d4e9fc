"""Routes of imports and exports: pages (namespace ``interop``) and API (``api:interop``)."""

from django.urls import path

from quizzes.interop import api, web

app_name = "interop"

urlpatterns = [
    path("courses/<id:course_id>/bank/import/", web.import_new, name="import-new"),
    path("courses/<id:course_id>/bank/export/", web.export, name="export"),
    path("imports/<id:batch_id>/", web.import_detail, name="import-detail"),
]

api_urlpatterns = [
    path("courses/<id:pk>/questions/export/", api.QuestionExport.as_view(), name="question-export"),
    path("courses/<id:pk>/cards/export/", api.CardExport.as_view(), name="card-export"),
    path("courses/<id:pk>/imports/", api.CourseImports.as_view(), name="course-imports"),
    path("quizzes/<id:pk>/export/", api.QuizExport.as_view(), name="quiz-export"),
    path("decks/<id:pk>/export/", api.DeckExport.as_view(), name="deck-export"),
]
