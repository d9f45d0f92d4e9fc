"""Routes of the bank: its pages (namespace ``bank``) and its API (``api:bank``). Questions and
cards share every view; each route names its kind (and the one-click action it takes)."""

from django.urls import path

from quizzes.bank.api import views as api_views
from quizzes.bank.api.views import CARD_VIEWS, QUESTION_VIEWS, ApproveBest, ItemViews
from quizzes.bank.web import actions, edit, pages

app_name = "bank"


def _item_pages(name: str, plural: str, course_prefix: str) -> list:
    """An item kind's pages: ``courses/<id>/bank/<course_prefix>…`` and ``<plural>/<id>/…``."""
    kind = {"kind": name}
    one = f"{plural}/<id:item_id>/"
    of_course = f"courses/<id:course_id>/bank/{course_prefix}"
    return [
        path(f"{of_course}new/", edit.item_new, kind, name=f"{name}-new"),
        path(f"{of_course}bulk/", actions.bank_bulk, kind, name=f"{name}-bulk"),
        path(f"{of_course}duplicates/", edit.duplicates_check, kind, name=f"{name}-duplicates"),
        path(one, pages.item_detail, kind, name=f"{name}-detail"),
        path(f"{one}edit/", edit.item_edit, kind, name=f"{name}-edit"),
        *[
            path(
                f"{one}{action}/",
                actions.item_action,
                {**kind, "action": action},
                name=f"{name}-{action}",
            )
            for action in ("approve", "reject", "undo", "delete")
        ],
    ]


def _item_api(name: str, plural: str, views: ItemViews) -> list:
    """An item kind's API: ``/api/v1/<plural>/…``."""
    one = f"{plural}/<id:pk>/"
    return [
        path(f"{plural}/", views.list_create.as_view(), name=f"{name}-list"),
        path(f"{plural}/bulk/", views.bulk.as_view(), name=f"{name}-bulk"),
        path(one, views.detail.as_view(), name=f"{name}-detail"),
        path(f"{one}versions/", views.versions.as_view(), name=f"{name}-versions"),
        path(f"{one}events/", views.events.as_view(), name=f"{name}-events"),
        path(f"{one}approve/", views.approve.as_view(), name=f"{name}-approve"),
        path(f"{one}reject/", views.reject.as_view(), name=f"{name}-reject"),
        path(f"{one}undo/", views.undo.as_view(), name=f"{name}-undo"),
    ]


urlpatterns = [
    path("courses/<id:course_id>/bank/", pages.bank_list, {"kind": "question"}, name="bank"),
    path(
        "courses/<id:course_id>/bank/cards/",
        pages.bank_list,
        {"kind": "card"},
        name="bank-cards",
    ),
    path(
        "courses/<id:course_id>/bank/answer-check/",
        edit.answer_check,
        name="question-answer-check",
    ),
    path("articles/<id:source_id>/review/", pages.bank_review, name="bank-review"),
    path(
        "courses/<id:course_id>/bank/rejections/",
        pages.rejection_report_page,
        name="rejections",
    ),
    path(
        "courses/<id:course_id>/bank/rejections.csv",
        pages.rejection_report_csv,
        name="rejections-csv",
    ),
    path(
        "articles/<id:source_id>/review/approve-best/",
        actions.review_approve_best,
        name="review-approve-best",
    ),
    *_item_pages("question", "questions", ""),
    *_item_pages("card", "cards", "cards/"),
]

api_urlpatterns = [
    path(
        "courses/<id:pk>/rejections/",
        api_views.CourseRejections.as_view(),
        name="course-rejections",
    ),
    *_item_api("question", "questions", QUESTION_VIEWS),
    *_item_api("card", "cards", CARD_VIEWS),
    path("sources/<id:pk>/approve-best/", ApproveBest.as_view(), name="source-approve-best"),
]
