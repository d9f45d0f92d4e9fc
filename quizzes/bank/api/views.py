"""API: the bank's items, ``/api/v1/questions/…`` and ``/api/v1/cards/…`` — one set of views,
given each kind's serializers by ``item_views``. Instructors only: students and other courses'
instructors get 404 for every bank item, because the bank holds the answers.

Errors are ``{"detail", "field", <field>: [messages], "problems": [{"field", "message"}]}``: a
content error lists every rule the item breaks, so a client can show each next to its field. A
hand-written near-duplicate is refused with 409 and the items it repeats, unless the request
confirms it (``confirm_duplicate``): the bank's one duplicate rule, as on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from quizzes.bank.api import serializers as io
from quizzes.bank.api.kinds import CARD_API, QUESTION_API, ApiKind
from quizzes.bank.api.serializers import Shape
from quizzes.bank.selectors.duplicates import duplicates_of_item
from quizzes.bank.selectors.history import item_events, item_versions
from quizzes.bank.selectors.items import item_for_instructor, items_for_instructor, no_items
from quizzes.bank.selectors.links import links_resolve
from quizzes.bank.selectors.rejections import rejection_report
from quizzes.bank.services.best import bank_approve_best
from quizzes.bank.services.bulk import items_bulk
from quizzes.bank.services.items import (
    item_approve,
    item_create,
    item_delete,
    item_reject,
    item_status_undo,
    item_update,
)
from quizzes.core.api.errors import BAD_INPUT, ErrorOutput, error_response
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import BankDuplicateError
from quizzes.models import Course
from quizzes.sources.selectors import source_for


class ItemView(generics.GenericAPIView):
    """A bank view for one kind (``api``), scoped to the courses the user teaches."""

    api: ApiKind
    request: AuthedAPIRequest  # behind IsAuthenticated, as every API view

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return no_items(self.api.item)
        return items_for_instructor(self.api.item, self.request.user)

    def get_item(self, pk: int) -> Any:
        return item_for_instructor(self.api.item, self.request.user, pk)

    def body(self, pk: int) -> dict[str, Any]:
        """The item as stored now (read again after a change)."""
        return dict(self.api.output(self.get_item(pk)).data)


class ItemListCreate(ItemView):
    def get(self, request: AuthedAPIRequest) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.api.output(page, many=True).data)

    def post(self, request: AuthedAPIRequest) -> Response:
        data = self.api.create_input(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        course = course_for_instructor(request.user, values.pop("course"))
        values.update(links_from_ids(course, values))
        try:
            item = item_create(self.api.item, course=course, user=request.user, **values)
        except BankDuplicateError as error:
            return Response(_duplicate_body(error), status=error.status_code)
        body = self.body(item.pk)
        body["duplicates"] = [io.DuplicateOutput(d).data for d in duplicates_of_item(item)]
        return Response(body, status=status.HTTP_201_CREATED)


class ItemDetail(ItemView):
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(self.body(pk))

    def patch(self, request: AuthedAPIRequest, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    def put(self, request: AuthedAPIRequest, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    def _update(self, request: AuthedAPIRequest, pk: int, *, partial: bool) -> Response:
        item = self.get_item(pk)
        data = self.api.fields(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if not partial:
            values = {**self.api.replace_blanks, **values}
        values.update(links_from_ids(item.course, values))
        change = item_update(item=item, user=request.user, **values)
        body = self.body(pk)
        body["change"] = change.mode
        return Response(body)

    def delete(self, request: AuthedAPIRequest, pk: int) -> Response:
        item = self.get_item(pk)
        if item_delete(item=item, user=request.user) == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.api.output(item).data)


class ItemVersions(ItemView):
    pagination_class = None

    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        out = []
        for view in item_versions(self.get_item(pk)):
            row = dict(self.api.version_output(view.version).data)
            row["current"] = view.current
            row["changes"] = view.changes
            out.append(row)
        return Response(out)


class ItemEvents(ItemView):
    pagination_class = None

    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(io.EventOutput(item_events(self.get_item(pk)), many=True).data)


class ItemApprove(ItemView):
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        item_approve(item=self.get_item(pk), user=request.user)
        return Response(self.body(pk))


class ItemReject(ItemView):
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        item = self.get_item(pk)
        data = io.RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        item_reject(item=item, user=request.user, **data.validated_data)
        return Response(self.body(pk))


class ItemUndo(ItemView):
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        item_status_undo(item=self.get_item(pk), user=request.user)
        return Response(self.body(pk))


class CourseRejections(ScopedAPIView):
    serializer_class = io.GeneratorRejectionsOutput
    pagination_class = None
    model = Course

    @extend_schema(
        responses={200: io.GeneratorRejectionsOutput(many=True), 404: io.NOT_FOUND},
        description="Per kind and generator, the course's generated items by status and the "
        "reasons their rejections were given: generation quality measured on real use (the "
        "page's CSV holds the same).",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        report = rejection_report(request.user, pk)
        rows = [
            {
                "kind": row.kind,
                "generator": row.generator,
                "drafts": row.drafts,
                "approved": row.approved,
                "rejected": row.rejected,
                "rejected_share": row.rejected_share,
                "reasons": row.reasons,
            }
            for row in report.rows
        ]
        return Response(io.GeneratorRejectionsOutput(rows, many=True).data)


class ItemBulk(ItemView):
    def post(self, request: AuthedAPIRequest) -> Response:
        data = io.BulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = items_bulk(self.api.item, user=request.user, **data.validated_data)
        return Response(io.BulkOutput(result).data)


def links_from_ids(course: Course, data: dict[str, Any]) -> dict[str, Any]:
    """Turn article/term/claim ids into objects of ``course`` (only those given)."""
    given = {name: data.pop(name) for name in ("source", "term", "claim") if name in data}
    return links_resolve(course, **given)


def _duplicate_body(error: BankDuplicateError) -> dict[str, Any]:
    """The error format (``core.api.errors``), with the items the new one nearly repeats."""
    field = str(error.field)
    return {
        "detail": error.message,
        "field": field,
        field: [error.message],
        "duplicates": [io.DuplicateOutput(d).data for d in error.duplicates],
    }


@dataclass(frozen=True)
class ItemViews:
    """One kind's API views, each a subclass of the shared one with its kind and its schema."""

    list_create: type[ItemView]
    detail: type[ItemView]
    versions: type[ItemView]
    events: type[ItemView]
    approve: type[ItemView]
    reject: type[ItemView]
    undo: type[ItemView]
    bulk: type[ItemView]


def item_views(api: ApiKind) -> ItemViews:
    """The views of ``api``'s kind, documented for OpenAPI with its own serializers."""
    kind, out = api.item, api.output
    name, plural, title = kind.name, kind.plural, kind.title

    def view(base: type[ItemView], serializer: Shape, **methods: Any) -> type[ItemView]:
        attrs = {"api": api, "serializer_class": serializer, "__module__": __name__}
        if base is ItemListCreate:
            attrs["filterset_class"] = api.filterset
        cls = type(f"{title}{base.__name__.removeprefix('Item')}", (base,), attrs)
        return extend_schema_view(**methods)(cls)

    return ItemViews(
        list_create=view(
            ItemListCreate,
            out,
            get=extend_schema(
                operation_id=f"v1_{plural}_list",
                description=f"{plural.capitalize()} of the courses you teach: search (``q``), "
                "filter and sort.",
                responses={200: out(many=True), 400: io.BAD_FILTER},
            ),
            post=extend_schema(
                description=f"Write a {name} by hand (a draft unless ``approve``). One that "
                f"nearly repeats a live {name} of the course is refused (409, listing them) "
                "unless ``confirm_duplicate``.",
                request=api.create_input,
                responses={
                    201: api.create_output,
                    400: BAD_INPUT,
                    404: io.NOT_FOUND,
                    409: io.DUPLICATE,
                },
            ),
        ),
        detail=view(
            ItemDetail,
            out,
            get=extend_schema(
                description=f"One {name} of a course you teach, as it is now.",
                responses={200: out, 404: io.NOT_FOUND},
            ),
            patch=extend_schema(
                request=api.fields,
                responses={200: api.update_output, 400: BAD_INPUT, 404: io.NOT_FOUND},
                description=f"Change any of the given fields. A {name} that is an unshown draft "
                "has its current version amended; otherwise version N+1 is made and earlier "
                "versions stay.",
            ),
            put=extend_schema(
                request=api.fields,
                responses={200: api.update_output, 400: BAD_INPUT, 404: io.NOT_FOUND},
                description="Replace the content: fields left out are emptied (tags and links "
                "stay).",
            ),
            delete=extend_schema(
                description=f"Delete a {name} no student has {kind.used}; archive one that "
                f"students have {kind.used}.",
                responses={
                    204: OpenApiResponse(description=f"Deleted: no student had {kind.used} it."),
                    200: OpenApiResponse(
                        out, description=f"Archived instead: students have {kind.used} it."
                    ),
                    404: io.NOT_FOUND,
                },
            ),
        ),
        versions=view(
            ItemVersions,
            api.version_history_output,
            get=extend_schema(
                description="Every version, newest first, with what changed against the one "
                "before.",
                responses={200: api.version_history_output(many=True), 404: io.NOT_FOUND},
            ),
        ),
        events=view(
            ItemEvents,
            io.EventOutput,
            get=extend_schema(
                description=f"The {name}'s audit trail, oldest first: who created, edited, "
                "approved, rejected.",
                responses={200: io.EventOutput(many=True), 404: io.NOT_FOUND},
            ),
        ),
        approve=view(
            ItemApprove,
            out,
            post=extend_schema(
                description="Approve the current version (idempotent). 400 if its content "
                "breaks a rule.",
                request=None,
                responses={200: out, 400: BAD_INPUT, 404: io.NOT_FOUND},
            ),
        ),
        reject=view(
            ItemReject,
            out,
            post=extend_schema(
                description="Reject it (idempotent), with an optional reason from the rubric's "
                "list (category, stored on the item and counted in the course's rejection "
                "report) and an optional note (reason, in the audit trail).",
                request=io.RejectInput,
                responses={200: out, 400: BAD_INPUT, 404: io.NOT_FOUND},
            ),
        ),
        undo=view(
            ItemUndo,
            out,
            post=extend_schema(
                description="Take back your last approval or rejection of it, made within the "
                "last 5 minutes: it goes back to the status it had (a draft, usually). 409 when "
                "its latest status change is not yours, is older, or was undone already.",
                request=None,
                responses={
                    200: out,
                    404: io.NOT_FOUND,
                    409: error_response("Nothing of yours to undo (the message says why)."),
                },
            ),
        ),
        bulk=view(
            ItemBulk,
            io.BulkOutput,
            post=extend_schema(
                description=f"Approve, reject, tag or untag many {plural} by id, atomically.",
                request=io.BulkInput,
                responses={
                    200: io.BulkOutput,
                    400: OpenApiResponse(
                        ErrorOutput,
                        description="An unknown id or an item refusing the action: nothing was "
                        "changed.",
                    ),
                },
            ),
        ),
    )


QUESTION_VIEWS = item_views(QUESTION_API)
CARD_VIEWS = item_views(CARD_API)


@extend_schema(
    description="Approve an article's best drafts: up to `questions` questions and `cards` "
    "cards in the review queue's order (the engine's rank; the drafts it expects a teacher to "
    "keep first), each type in turn, a claim or term not yet covered first. Safe to repeat "
    "(it tops up).",
    request=io.ApproveBestInput,
    responses={200: io.ApproveBestOutput, 400: BAD_INPUT, 404: io.NOT_FOUND},
)
class ApproveBest(generics.GenericAPIView):
    request: AuthedAPIRequest

    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        source = source_for(request.user, pk)
        course = course_for_instructor(request.user, source.course_id)
        data = io.ApproveBestInput(data=request.data)
        data.is_valid(raise_exception=True)
        approved = bank_approve_best(
            course=course, source=source, user=request.user, **data.validated_data
        )
        return Response(io.ApproveBestOutput(approved).data)
