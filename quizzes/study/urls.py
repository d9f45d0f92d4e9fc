"""Routes of study: decks and sessions (namespace ``study``) and their API (``api:study``).

The API's review POST and next cards come first: they are the busiest calls, and Django tries the
patterns in order. Both are answered by the fast path (``fast.views``).
"""

from django.urls import path

from quizzes.study.api import decks as decks_api
from quizzes.study.api import reviews as reviews_api
from quizzes.study.api import sessions as sessions_api
from quizzes.study.fast import views as fast
from quizzes.study.web import pages

app_name = "study"

urlpatterns = [
    path("decks/", pages.deck_list, name="deck-list"),
    path("courses/<id:course_id>/decks/new/", pages.deck_from_article, name="deck-from-article"),
    path("decks/<id:deck_id>/", pages.deck_detail, name="deck-detail"),
    path("decks/<id:deck_id>/my-options/", pages.deck_my_options, name="deck-my-options"),
    path("decks/<id:deck_id>/settings/", pages.deck_settings, name="deck-settings"),
    path("decks/<id:deck_id>/time-zone/", pages.deck_time_zone, name="deck-time-zone"),
    path("decks/<id:deck_id>/study/", pages.deck_study, name="deck-study"),
]

api_urlpatterns = [
    path("reviews/", fast.ReviewCreate.as_view(), name="review-list"),
    path("decks/<id:pk>/study/", fast.DeckStudy.as_view(), name="deck-study"),
    path("decks/", decks_api.DeckListCreate.as_view(), name="deck-list"),
    path("decks/<id:pk>/", decks_api.DeckDetail.as_view(), name="deck-detail"),
    path("decks/<id:pk>/my-options/", decks_api.DeckMyOptions.as_view(), name="deck-my-options"),
    path("decks/<id:pk>/forecast/", sessions_api.DeckForecast.as_view(), name="deck-forecast"),
    path("decks/<id:pk>/progress/", sessions_api.DeckProgressView.as_view(), name="deck-progress"),
    path("reviews/<uuid:pk>/undo/", reviews_api.ReviewUndo.as_view(), name="review-undo"),
    path("study/profile/", sessions_api.StudyProfile.as_view(), name="study-profile"),
]
