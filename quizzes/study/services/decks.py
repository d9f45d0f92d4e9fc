"""Writes for decks: building one from approved cards, its options, and learners joining it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from quizzes.errors import StudyError
from quizzes.models import (
    Card,
    CardSchedule,
    Course,
    Deck,
    DeckCard,
    DeckLearner,
    ItemStatus,
    Membership,
    Role,
    Source,
    Tag,
)
from quizzes.study.deck_options import OPTION_NAMES, OptionError, check_options
from quizzes.study.selectors.next_cards import StudyBatch, next_cards

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _check_instructor(user: User, course: Course) -> None:
    if not Membership.objects.filter(user=user, course=course, role=Role.INSTRUCTOR).exists():
        raise StudyError("Only the course's instructors can change its decks.", field="course")


def _checked(values: Mapping[str, object]) -> dict[str, object]:
    try:
        return check_options(values)
    except OptionError as error:
        raise StudyError(error.message, field=error.field) from None


@transaction.atomic
def deck_create(
    *,
    course: Course,
    user: User,
    title: str,
    description: str = "",
    source: Source | None = None,
    tag: Tag | None = None,
    card_ids: Iterable[int] | None = None,
    published: bool = False,
    options: Mapping[str, object] | None = None,
) -> Deck:
    """Create a deck of ``course``'s approved cards: those of ``source``, of ``tag``, or the cards
    picked by id (any combination narrows the choice). ``user`` must teach the course.

    Raises ``StudyError`` for an empty title, a source or tag of another course, picked cards that
    are not approved cards of this course, a selection with no approved card, or a bad option.
    """
    _check_instructor(user, course)
    title = title.strip()
    if not title:
        raise StudyError("Give the deck a title.", field="title")
    if len(title) > 200:
        raise StudyError("The title is longer than 200 characters.", field="title")
    if source is not None and source.course_id != course.pk:
        raise StudyError("That article belongs to another course.", field="source")
    if tag is not None and tag.course_id != course.pk:
        raise StudyError("That tag belongs to another course.", field="tag")
    cards = Card.objects.filter(course=course, status=ItemStatus.APPROVED)
    if source is not None:
        cards = cards.filter(source=source)
    if tag is not None:
        cards = cards.filter(tags=tag)
    if card_ids is not None:
        wanted = set(card_ids)
        cards = cards.filter(pk__in=wanted)
        missing = wanted - set(cards.values_list("pk", flat=True))
        if missing:
            raise StudyError(
                f"Only approved cards of this course can go in a deck; not: "
                f"{', '.join(str(pk) for pk in sorted(missing))}.",
                field="cards",
            )
    ordered = list(cards.order_by("source_id", "evidence_start", "pk").values_list("pk", flat=True))
    if not ordered:
        raise StudyError(
            "There is no approved card to put in this deck yet: approve some cards first.",
            field="cards" if card_ids is not None else "source" if source else "tag",
        )
    values = {name: value for name, value in _checked(options or {}).items() if value is not None}
    deck = Deck.objects.create(
        course=course,
        title=title,
        description=description.strip(),
        source=source,
        tag=tag,
        published=published,
        created_by=user,
        **values,
    )
    DeckCard.objects.bulk_create(
        DeckCard(deck=deck, card_id=card_id, position=i) for i, card_id in enumerate(ordered)
    )
    return deck


@transaction.atomic
def deck_from_source(*, source: Source, user: User, published: bool = False) -> Deck:
    """ "The deck of this article": its approved cards in reading order. Idempotent: when the
    article already has a deck, cards approved since are added to it and it is returned."""
    deck = Deck.objects.filter(course_id=source.course_id, source=source).order_by("pk").first()
    if deck is None:
        return deck_create(
            course=source.course,
            user=user,
            title=source.title[:200],
            source=source,
            published=published,
        )
    _check_instructor(user, source.course)
    fresh = Card.objects.filter(source=source, status=ItemStatus.APPROVED).exclude(
        deck_links__deck=deck
    )
    deck_add_cards(deck=deck, user=user, card_ids=fresh.values_list("pk", flat=True))
    if published and not deck.published:
        deck.published = True
        deck.save(update_fields=["published"])
    return deck


def deck_demo(*, course: Course, source: Source, user: User) -> Deck:
    """The demo's published deck of the sample article's approved cards (idempotent)."""
    return deck_from_source(source=source, user=user, published=True)


@transaction.atomic
def deck_add_cards(*, deck: Deck, user: User, card_ids: Iterable[int]) -> int:
    """Add approved cards of the deck's course (in the order given, after the others); learners
    already studying the deck get them as new cards. Returns how many were added."""
    _check_instructor(user, deck.course)
    wanted = list(dict.fromkeys(card_ids))
    approved = set(
        Card.objects.filter(
            pk__in=wanted, course_id=deck.course_id, status=ItemStatus.APPROVED
        ).values_list("pk", flat=True)
    )
    if set(wanted) - approved:
        raise StudyError("Only approved cards of this course can go in a deck.", field="cards")
    present = set(
        DeckCard.objects.filter(deck=deck, card_id__in=wanted).values_list("card_id", flat=True)
    )
    new = [card_id for card_id in wanted if card_id not in present]
    start = (DeckCard.objects.filter(deck=deck).aggregate(top=Max("position"))["top"] or 0) + 1
    DeckCard.objects.bulk_create(
        DeckCard(deck=deck, card_id=card_id, position=start + i) for i, card_id in enumerate(new)
    )
    learners = DeckLearner.objects.filter(deck=deck, started_at__isnull=False).values_list(
        "user_id", flat=True
    )
    CardSchedule.objects.bulk_create(
        [
            CardSchedule(user_id=u, card_id=c, deck=deck, position=start + i)
            for u in learners
            for i, c in enumerate(new)
        ],
        ignore_conflicts=True,
    )
    return len(new)


@transaction.atomic
def deck_update(
    *,
    deck: Deck,
    user: User,
    title: str | None = None,
    description: str | None = None,
    published: bool | None = None,
    options: Mapping[str, object] | None = None,
) -> Deck:
    """Change a deck's title, description, publication or default options (instructors only).
    Options take effect at each learner's next review. Raises ``StudyError`` for bad values."""
    _check_instructor(user, deck.course)
    changed: list[str] = []
    if title is not None:
        if not title.strip():
            raise StudyError("Give the deck a title.", field="title")
        deck.title = title.strip()[:200]
        changed.append("title")
    if description is not None:
        deck.description = description.strip()
        changed.append("description")
    if published is not None:
        deck.published = published
        changed.append("published")
    for name, value in _checked(options or {}).items():
        if value is None:
            raise StudyError("A deck's default option cannot be empty.", field=name)
        setattr(deck, name, value)
        changed.append(name)
    if changed:
        deck.save(update_fields=changed)
    return deck


@transaction.atomic
def deck_enrol(*, deck: Deck, user: User) -> DeckLearner:
    """Start ``user`` on ``deck``: every card becomes a new card of theirs (cards they already
    study elsewhere keep their schedule). Idempotent; a learner who set options before starting
    keeps them. The caller checks the user may study it."""
    learner, _ = DeckLearner.objects.get_or_create(deck=deck, user=user)
    if learner.started_at is None:
        learner.started_at = timezone.now()
        learner.save(update_fields=["started_at"])
    cards = DeckCard.objects.filter(deck=deck).values_list("card_id", "position")
    CardSchedule.objects.bulk_create(
        [
            CardSchedule(user=user, card_id=card_id, deck=deck, position=position)
            for card_id, position in cards
        ],
        ignore_conflicts=True,
    )
    return learner


def deck_study_batch(*, user: User, deck_id: int, limit: int, exclude: list[int]) -> StudyBatch:
    """The next cards of a deck (``selectors.next_cards.next_cards``), starting the learner on the
    deck the first time. Http404 for a deck the user may not study."""
    batch = next_cards(user, deck_id, limit=limit, exclude=exclude)
    if not batch.context.enrolled:
        deck_enrol(deck=batch.context.deck, user=user)
        batch = next_cards(user, deck_id, limit=limit, exclude=exclude)
    return batch


@transaction.atomic
def deck_learner_options_set(
    *, deck: Deck, user: User, options: Mapping[str, object]
) -> DeckLearner:
    """Set the user's own overrides of the deck's options; ``None`` for an option goes back to
    the instructor's default. Raises ``StudyError`` naming a bad option."""
    values = _checked(options)
    learner, _ = DeckLearner.objects.select_for_update().get_or_create(deck=deck, user=user)
    merged = {name: value for name, value in learner.options.items() if name in OPTION_NAMES}
    for name, value in values.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    learner.options = merged
    learner.save(update_fields=["options"])
    return learner
