"""Routes of articles: pages (namespace ``sources``) and API (``api:sources``)."""

from django.urls import path

from quizzes.sources import api, web

app_name = "sources"

urlpatterns = [
    path("courses/<id:course_id>/articles/", web.source_list, name="source-list"),
    path("courses/<id:course_id>/articles/new/", web.source_new, name="source-new"),
    path("articles/<id:source_id>/", web.source_detail, name="source-detail"),
    path("articles/<id:source_id>/generate/", web.source_regenerate, name="source-generate"),
    path("articles/<id:source_id>/status/", web.source_status, name="source-status"),
    path("articles/<id:source_id>/title/", web.source_title, name="source-title"),
]

api_urlpatterns = [
    path("sources/", api.SourceListCreate.as_view(), name="source-list"),
    path("sources/<id:pk>/", api.SourceDetail.as_view(), name="source-detail"),
    path("sources/<id:pk>/generate/", api.SourceGenerate.as_view(), name="source-generate"),
    path("sources/<id:pk>/terms/", api.SourceTerms.as_view(), name="source-terms"),
    path("sources/<id:pk>/claims/", api.SourceClaims.as_view(), name="source-claims"),
]
