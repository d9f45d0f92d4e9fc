"""Reads for decks, scoped by membership: students see their courses' published decks, instructors
all decks of the courses they teach (the rule is ``quizzes.study.access``'s). Anything else is 404.
Also what a deck can be made from: a course's articles and tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from quizzes.models import Course, Deck, DeckLearner, ItemStatus, Membership, Role, Source, Tag
from quizzes.study.access import deck_access_q

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations


class DeckAnnotations(TypedDict):
    """What ``decks_for`` adds to each deck."""

    role: str  # the user's in the deck's course
    card_count: int  # approved cards
    learner_options: dict[str, Any] | None  # the user's overrides


def decks_for(
    user: User, *, course_id: int | None = None
) -> QuerySet[WithAnnotations[Deck, DeckAnnotations]]:
    """Decks the user may study, annotated with ``role`` (the user's in the deck's course),
    ``card_count`` (approved cards) and ``learner_options`` (the user's overrides, or None)."""
    role = Membership.objects.filter(course=OuterRef("course"), user=user).values("role")[:1]
    mine = DeckLearner.objects.filter(deck=OuterRef("pk"), user=user).values("options")[:1]
    decks = (
        Deck.objects.annotate(role=Subquery(role))
        .filter(deck_access_q("role"))
        .annotate(
            card_count=Count("deck_cards", filter=Q(deck_cards__card__status=ItemStatus.APPROVED)),
            learner_options=Subquery(mine),
        )
        .select_related("course", "source")
        .order_by("course__title", "title", "id")
    )
    if course_id is not None:
        decks = decks.filter(course_id=course_id)
    return decks


def deck_for(user: User, deck_id: int) -> WithAnnotations[Deck, DeckAnnotations]:
    """One deck the user may study (see ``decks_for``); Http404 otherwise."""
    deck = decks_for(user).filter(pk=deck_id).first()
    if deck is None:
        raise Http404("No such deck.")
    return deck


def deck_for_instructor(user: User, deck_id: int) -> WithAnnotations[Deck, DeckAnnotations]:
    """A deck of a course the user teaches; Http404 otherwise."""
    deck = deck_for(user, deck_id)
    if deck.role != Role.INSTRUCTOR:
        raise Http404("No such deck.")
    return deck


def deck_articles(course: Course) -> list[tuple[int, str]]:
    """(id, title) of the course's articles, to make "the deck of an article" from."""
    return list(Source.objects.filter(course=course).values_list("pk", "title"))


def deck_article(course: Course, source_id: int) -> Source | None:
    """One of the course's articles, or None."""
    return Source.objects.filter(pk=source_id, course=course).first()


def deck_tag(course: Course, tag_id: int) -> Tag | None:
    """One of the course's tags, or None."""
    return Tag.objects.filter(pk=tag_id, course=course).first()
