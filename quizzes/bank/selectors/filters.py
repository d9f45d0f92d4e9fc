"""Search, filter and sort the bank: one FilterSet per item kind, used by the pages and the API.

The filters both kinds share are ``ItemFilter``'s; each kind adds its variant (a question's
``type``, a card's ``kind``) and the text fields a search looks in.

``q`` matches every word (case-insensitive) somewhere in the item's text, choices, accepted
answers or the term it tests. Without a ``status`` filter, archived items are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from quizzes.bank.kinds import ItemKind
from quizzes.bank.selectors.items import items_for_instructor
from quizzes.core.filters import IdFilter, ScoreFilter
from quizzes.models import Card, CardKind, ItemStatus, Origin, Question, QuestionType

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SORTS = (("score", "score"), ("created_at", "created"), ("updated_at", "updated"))
SORT_LABELS = (
    ("-score", "Best score first"),
    ("score", "Lowest score first"),
    ("-created", "Newest first"),
    ("created", "Oldest first"),
    ("-updated", "Recently changed first"),
)


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, empty_label="Any status")
    origin = django_filters.ChoiceFilter(choices=Origin.choices, empty_label="Any origin")
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact", label="Tag")
    # Plain numbers, not choices among all rows: the schema must not enumerate other courses.
    course = IdFilter(field_name="course_id")
    source = IdFilter(field_name="source_id", label="Article")
    term = IdFilter(field_name="term_id")
    claim = IdFilter(field_name="claim_id")
    score_min = ScoreFilter(field_name="score", lookup_expr="gte", label="Score at least")
    score_max = ScoreFilter(field_name="score", lookup_expr="lte", label="Score at most")
    reports = django_filters.ChoiceFilter(
        choices=(("open", "With open reports from learners"),),
        method="with_open_reports",
        empty_label="Reported or not",
        label="Learners' reports",
    )
    sort = django_filters.OrderingFilter(
        fields=SORTS, choices=SORT_LABELS, empty_label="Best score first", label="Sort"
    )

    search_fields: tuple[str, ...] = ()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:8]:
            condition = Q()
            for path in self.search_fields:
                condition |= Q(**{f"{path}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def with_open_reports(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Through the models' relation: the reports domain sits above the bank.
        return queryset.filter(reports__status="open").distinct() if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=ItemStatus.ARCHIVED)
        found = super().filter_queryset(queryset)
        # A sort of nothing (``sort=,,``) clears the order: pages would then repeat or skip items.
        order = list(found.query.order_by) or list(queryset.query.order_by)
        return found.order_by(*order, "pk") if "pk" not in order else found


class QuestionFilter(ItemFilter):
    type = django_filters.ChoiceFilter(choices=QuestionType.choices, empty_label="Any type")
    search_fields = (
        "current__prompt",
        "current__explanation",
        "choices_text",
        "accepted_text",
        "term__text",
    )

    class Meta:
        model = Question
        fields = ["q", "type", "status", "origin", "tag", "course", "source", "term", "claim"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        queryset = queryset.annotate(
            choices_text=Cast("current__choices", TextField()),
            accepted_text=Cast("current__accepted", TextField()),
        )
        return super().search(queryset, name, value)


class CardFilter(ItemFilter):
    kind = django_filters.ChoiceFilter(choices=CardKind.choices, empty_label="Any kind")
    search_fields = ("front", "back", "extra", "term__text")

    class Meta:
        model = Card
        fields = ["q", "kind", "status", "origin", "tag", "course", "source", "term", "claim"]


FILTERS: dict[str, type[ItemFilter]] = {"question": QuestionFilter, "card": CardFilter}


def items_found(kind: ItemKind, user: User, *, course_id: int, params: Any) -> ItemFilter:
    """The course's items of ``kind`` that ``params`` (a query string's values, or ``None``)
    select, as a bound FilterSet: ``.qs`` the items, ``.form`` the filters and their errors."""
    return FILTERS[kind.name](
        params, queryset=items_for_instructor(kind, user, course_id=course_id)
    )
