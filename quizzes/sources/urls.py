"""Routes of articles: pages (namespace ``sources``) and API (``api:sources``)."""

from django.urls import path

from quizzes.sources import api, web

app_name = "sources"

urlpatterns = [
    path("courses/<int:course_id>/articles/", web.source_list, name="source-list"),
    path("courses/<int:course_id>/articles/new/", web.source_new, name="source-new"),
    path("articles/<int:source_id>/", web.source_detail, name="source-detail"),
    path("articles/<int:source_id>/generate/", web.source_regenerate, name="source-generate"),
    path("articles/<int:source_id>/status/", web.source_status, name="source-status"),
    path("articles/<int:source_id>/title/", web.source_title, name="source-title"),
]

api_urlpatterns = [
    path("sources/", api.SourceListCreate.as_view(), name="source-list"),
    path("sources/<int:pk>/", api.SourceDetail.as_view(), name="source-detail"),
    path("sources/<int:pk>/generate/", api.SourceGenerate.as_view(), name="source-generate"),
    path("sources/<int:pk>/terms/", api.SourceTerms.as_view(), name="source-terms"),
    path("sources/<int:pk>/claims/", api.SourceClaims.as_view(), name="source-claims"),
]
