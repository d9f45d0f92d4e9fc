"""Deep Linking 2.0: the instructor picks a Retain activity, Retain answers the platform with a
signed LtiDeepLinkingResponse holding one resource link (and a line item when it is graded).

The resource link's URL is Retain's launch endpoint; its custom parameter ``retain_placement``
names the ``LtiPlacement`` recorded here, which says what the link opens and how it is graded.
The response JWT is built and signed by pylti1p3 (``DeepLink``) with Retain's current key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from lti_tool.models import LtiRegistration
from pylti1p3.deep_link import DeepLink, TDeepLinkData
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from quizzes.lti.errors import LtiError
from quizzes.lti.services.keys import key_current
from quizzes.lti.services.launches import PLACEMENT_PARAMETER, DeepLinkRequest
from quizzes.models import (
    Course,
    Deck,
    DeckRule,
    LtiPlacement,
    PlacementKind,
    Quiz,
    Source,
    SourceStatus,
)

SCORE_MAXIMUM = 100  # scores go to the gradebook as percentages


@transaction.atomic
def placement_create(
    *,
    user: User,
    course: Course,
    kind: str,
    target_id: int | None = None,
    deck_rule: str = "",
    reviews_target: int | None = None,
    reviews_due_at: datetime | None = None,
) -> LtiPlacement:
    """Record what a deep link will open: a published quiz, a published deck (with what its grade
    counts), an article, or the course's progress page. ``user`` teaches ``course`` (the caller
    checked). Raises ``LtiError`` naming the field at fault."""
    placement = LtiPlacement(course=course, kind=kind, created_by=user)
    if kind != PlacementKind.PROGRESS and target_id is None:
        raise LtiError("Choose an activity to add.", field="target")
    match kind:
        case PlacementKind.QUIZ:
            quiz = Quiz.objects.filter(pk=target_id or 0, course=course).first()
            if quiz is None:
                raise LtiError("Choose one of this course's quizzes.", field="target")
            if quiz.published_at is None:
                raise LtiError("Publish the quiz before adding it to the LMS.", field="target")
            placement.quiz, placement.title = quiz, quiz.title
        case PlacementKind.DECK:
            deck = Deck.objects.filter(pk=target_id or 0, course=course).first()
            if deck is None:
                raise LtiError("Choose one of this course's decks.", field="target")
            if not deck.published:
                raise LtiError("Publish the deck before adding it to the LMS.", field="target")
            placement.deck, placement.title = deck, deck.title
            _deck_rule(placement, deck_rule, reviews_target, reviews_due_at)
        case PlacementKind.ARTICLE:
            source = Source.objects.filter(pk=target_id or 0, course=course).first()
            if source is None:
                raise LtiError("Choose one of this course's articles.", field="target")
            if source.status != SourceStatus.READY:
                raise LtiError("This article is not ready yet.", field="target")
            placement.source, placement.title = source, source.title
        case PlacementKind.PROGRESS:
            placement.title = f"Progress in {course.title}"[:200]
        case _:
            raise LtiError("Choose a quiz, a deck, an article or the progress page.", field="kind")
    placement.save()
    return placement


def _deck_rule(
    placement: LtiPlacement,
    rule: str,
    reviews_target: int | None,
    reviews_due_at: datetime | None,
) -> None:
    if rule not in DeckRule.values:
        raise LtiError(
            "Choose what the deck's grade counts: claims mastered, or reviews by a due date.",
            field="deck_rule",
        )
    placement.deck_rule = rule
    if rule == DeckRule.REVIEWS:
        if not reviews_target or reviews_target < 1:
            raise LtiError(
                "Give the number of reviews expected (at least 1).", field="reviews_target"
            )
        if reviews_due_at is None:
            raise LtiError("Give the date the reviews are due.", field="reviews_due_at")
        placement.reviews_target = reviews_target
        placement.reviews_due_at = reviews_due_at


@dataclass(frozen=True)
class DeepLinkAnswer:
    """The signed LtiDeepLinkingResponse and where the browser must POST it (as ``JWT``)."""

    return_url: str
    jwt: str


def deep_link_answer(
    *, request: DeepLinkRequest, placement: LtiPlacement, launch_url: str
) -> DeepLinkAnswer:
    """Sign the deep-linking response returning ``placement`` as an LTI resource link (with a
    line item — label, scoreMaximum 100 — when it is graded)."""
    if "ltiResourceLink" not in request.accept_types:
        raise LtiError("The LMS does not accept LTI links here.")
    registration = LtiRegistration.objects.get(pk=request.registration_id)
    key_current()  # the response is signed with Retain's newest key; make one if there is none
    resource = (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(placement.title)
        .set_custom_params({PLACEMENT_PARAMETER: str(placement.pk)})
    )
    if placement.gradable:
        resource.set_lineitem(
            LineItem()
            .set_label(placement.title)
            .set_score_maximum(SCORE_MAXIMUM)
            .set_resource_id(str(placement.pk))
            .set_tag("retain")
        )
    settings: TDeepLinkData = {
        "deep_link_return_url": request.return_url,
        # The platform's strings, checked above; pylti1p3 types them as its two literals.
        "accept_types": request.accept_types,  # type: ignore[typeddict-item]
        "accept_presentation_document_targets": ["iframe", "window"],
    }
    if request.data is not None:
        settings["data"] = request.data
    deep_link = DeepLink(registration.to_registration(), request.deployment_id, settings)
    return DeepLinkAnswer(return_url=request.return_url, jwt=deep_link.get_response_jwt([resource]))
