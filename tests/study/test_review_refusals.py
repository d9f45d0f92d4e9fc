"""Reviews Retain refuses (#18): a deck the learner does not study or that does not hold the card,
a card the instructor withdrew, a review time outside the documented bounds, numbers out of range
and hostile bodies. Each is a 4xx naming the field, on both ways the review POST is answered
(the lean path for plain JSON, DRF's dispatch for ``?format=json``), and stores nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.bank.services.items import item_reject
from quizzes.courses.services import course_join
from quizzes.models import CardSchedule, Review
from quizzes.study.services.decks import deck_create, deck_enrol
from quizzes.study.services.reviews import MAX_REVIEW_AGE

REVIEWS = "/api/v1/reviews/"
PATHS = {"lean": REVIEWS, "drf": f"{REVIEWS}?format=json"}


def body(card, **extra):
    return {
        "id": str(uuid.uuid4()),
        "card": card if isinstance(card, int) else card.pk,
        "rating": 3,
        "reviewed_at": timezone.now().isoformat(),
        "duration_ms": 900,
        **extra,
    }


@pytest.fixture(params=sorted(PATHS))
def post(request, api_as, student):
    """POST a review body as the student, through the lean path or DRF's dispatch."""
    api, url = api_as(student), PATHS[request.param]
    return lambda payload: api.post(url, payload, format="json")


def schedule_values(user, card):
    return CardSchedule.objects.filter(user=user, card=card).values().first()


# --- The deck a review names (#18 item 4) ---


def test_a_review_naming_its_deck_is_recorded_with_it(post, enrolled, approved_cards):
    response = post(body(approved_cards[0], deck=enrolled.pk))
    assert response.status_code == 201, response.json()
    assert Review.objects.get().deck_id == enrolled.pk


def test_a_review_naming_a_deck_of_another_course_is_refused(
    post, student, enrolled, approved_cards, other_course, outsider, other_source
):
    from quizzes.models import Card, ItemStatus

    theirs = Card.objects.create(
        course=other_course, source=other_source, front="f", back="b", status=ItemStatus.APPROVED
    )
    foreign = deck_create(course=other_course, user=outsider, title="Theirs", published=True)
    assert foreign.deck_cards.get().card_id == theirs.pk
    before = schedule_values(student, approved_cards[0])
    response = post(body(approved_cards[0], deck=foreign.pk))
    assert response.status_code == 400
    assert response.json()["field"] == "deck"
    assert not Review.objects.exists()
    assert schedule_values(student, approved_cards[0]) == before


@pytest.mark.parametrize("deck_id", [999_999, 2**63 - 1])
def test_a_review_naming_a_deck_that_does_not_exist_is_a_400_not_a_500(
    post, enrolled, approved_cards, deck_id
):
    response = post(body(approved_cards[0], deck=deck_id))
    assert response.status_code == 400
    assert response.json()["field"] == "deck"
    assert not Review.objects.exists()


def test_a_review_naming_a_deck_that_does_not_hold_the_card_is_refused(
    post, instructor, course, enrolled, approved_cards
):
    narrow = deck_create(
        course=course, user=instructor, title="Two", card_ids=[c.pk for c in approved_cards[:2]]
    )
    narrow.published = True
    narrow.save()
    response = post(body(approved_cards[4], deck=narrow.pk))
    assert response.status_code == 400
    assert response.json()["field"] == "deck"
    assert "not a deck you study that holds card" in response.json()["detail"]
    assert not Review.objects.exists()


def test_a_student_cannot_name_an_unpublished_deck(
    post, instructor, course, enrolled, approved_cards
):
    draft = deck_create(course=course, user=instructor, title="Draft", published=False)
    response = post(body(approved_cards[0], deck=draft.pk))
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_first_review_naming_a_deck_not_studied_does_not_enrol_the_learner(
    post, student, instructor, course, deck, approved_cards
):
    """The locked way (no schedule yet: the learner is started on a deck) checks the deck too."""
    draft = deck_create(course=course, user=instructor, title="Draft", published=False)
    response = post(body(approved_cards[0], deck=draft.pk))
    assert response.status_code == 400
    assert response.json()["field"] == "deck"
    assert not CardSchedule.objects.filter(user=student).exists()


def test_an_unknown_deck_in_a_batch_refuses_that_review_only(
    api_as, student, enrolled, approved_cards
):
    good, bad = body(approved_cards[0], deck=enrolled.pk), body(approved_cards[1], deck=424242)
    response = api_as(student).post(REVIEWS, [good, bad], format="json")
    assert response.status_code == 200
    statuses = {r["id"]: r["status"] for r in response.json()["results"]}
    assert statuses == {good["id"]: 201, bad["id"]: 400}
    assert list(Review.objects.values_list("card_id", flat=True)) == [approved_cards[0].pk]


# --- A card the instructor withdrew (#18 item 6) ---


def test_a_rejected_card_cannot_be_reviewed_through_the_api(
    post, student, instructor, enrolled, approved_cards
):
    card = approved_cards[0]
    assert post(body(card, deck=enrolled.pk)).status_code == 201
    item_reject(item=card, user=instructor, reason="Wrong")
    before = schedule_values(student, card)
    response = post(body(card, deck=enrolled.pk))
    assert response.status_code == 409
    assert response.json()["field"] == "card"
    assert "withdrawn" in response.json()["detail"]
    assert Review.objects.count() == 1
    assert schedule_values(student, card) == before


def test_a_rejected_card_never_studied_cannot_be_reviewed(
    post, student, instructor, deck, approved_cards
):
    """Its first review would start the learner on the deck (the locked way): refused too."""
    item_reject(item=approved_cards[0], user=instructor)
    response = post(body(approved_cards[0]))
    assert response.status_code == 409
    assert not Review.objects.exists()
    assert not CardSchedule.objects.filter(user=student).exists()


def test_a_rejected_card_cannot_be_reviewed_from_the_study_page(
    student, instructor, enrolled, approved_cards
):
    """The study page posts its queue with the browser's session (and CSRF token)."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    csrf = browser.get(f"/decks/{enrolled.pk}/study/").cookies["csrftoken"].value
    item_reject(item=approved_cards[0], user=instructor)
    reviews = [body(approved_cards[0], deck=enrolled.pk), body(approved_cards[1], deck=enrolled.pk)]
    response = browser.post(
        REVIEWS, reviews, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == [409, 201]
    assert list(Review.objects.values_list("card_id", flat=True)) == [approved_cards[1].pk]
    # …and the page's next cards leave it out.
    shown = browser.get(f"/api/v1/decks/{enrolled.pk}/study/?limit=50").json()["cards"]
    assert approved_cards[0].pk not in {c["card"] for c in shown}


# --- When a review may be dated (#18 item 8) ---


def test_a_review_older_than_the_bound_is_refused_and_leaves_the_schedule(
    post, student, enrolled, approved_cards
):
    card = approved_cards[4]
    assert post(body(card)).status_code == 201
    before = schedule_values(student, card)
    for at in ("1970-01-01T00:00:00Z", (timezone.now() - MAX_REVIEW_AGE - timedelta(hours=1))):
        stamp = at if isinstance(at, str) else at.isoformat()
        response = post(body(card, reviewed_at=stamp))
        assert response.status_code == 400, stamp
        assert response.json()["field"] == "reviewed_at"
        assert f"more than {MAX_REVIEW_AGE.days} days ago" in response.json()["detail"]
    assert Review.objects.count() == 1
    assert schedule_values(student, card) == before


def test_a_late_review_within_the_bound_is_still_slotted_in(
    post, student, enrolled, approved_cards
):
    card = approved_cards[4]
    assert post(body(card)).status_code == 201
    late = timezone.now() - MAX_REVIEW_AGE + timedelta(hours=1)
    response = post(body(card, reviewed_at=late.isoformat()))
    assert response.status_code == 201
    assert Review.objects.filter(card=card).count() == 2


def test_a_review_beyond_the_clock_skew_in_the_future_is_refused(post, enrolled, approved_cards):
    ahead = timezone.now() + timedelta(minutes=30)
    response = post(body(approved_cards[0], reviewed_at=ahead.isoformat()))
    assert response.status_code == 400
    assert response.json()["field"] == "reviewed_at"
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "stamp",
    ["0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00"],
)
def test_year_one_or_ten_thousand_with_an_offset_is_a_400_not_a_500(
    post, enrolled, approved_cards, stamp
):
    response = post(body(approved_cards[0], reviewed_at=stamp))
    assert response.status_code == 400
    assert response.json()["field"] == "reviewed_at"
    assert not Review.objects.exists()


# --- Numbers and bodies (#18: bounded integers, JSON depth, NUL) ---


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"card": 2**63}, "card"),
        ({"card": 0}, "card"),
        ({"card": "²"}, "card"),
        ({"deck": 2**63}, "deck"),
        ({"deck": -1}, "deck"),
        ({"rating": 2**64}, "rating"),
        ({"rating": -(2**64)}, "rating"),
        ({"duration_ms": 2**63}, "duration_ms"),
        ({"duration_ms": -1}, "duration_ms"),
    ],
)
def test_out_of_range_numbers_in_a_review_are_a_400_naming_the_field(
    post, enrolled, approved_cards, change, field
):
    response = post({**body(approved_cards[0]), **change})
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field
    assert not Review.objects.exists()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "raw",
    [
        nested(100_000),  # past Python's recursion limit
        nested(33),  # past the documented nesting limit
        '{"id": "a\\u0000b", "card": 1}',
        '{"card": NaN}',
        b"\xff\xfe{}",
    ],
    ids=["deep", "33-levels", "nul", "nan", "not-utf8"],
)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_hostile_bodies_are_a_400_on_the_review_post(api_as, student, enrolled, raw, path):
    response = api_as(student).post(PATHS[path], raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "query", ["limit=99999999999999999999", "limit=²", "exclude=9223372036854775808", "limit=0"]
)
def test_out_of_range_study_parameters_are_a_400(api_as, student, enrolled, query):
    response = api_as(student).get(f"/api/v1/decks/{enrolled.pk}/study/?{query}")
    assert response.status_code == 400
    assert response.json()["field"] in ("limit", "exclude")


def test_a_member_who_left_no_longer_reviews_but_one_who_joined_does(
    api_as, outsider, course, enrolled, approved_cards
):
    """A learner's deck check follows membership, as every deck read does."""
    api = api_as(outsider)
    refused = api.post(REVIEWS, body(approved_cards[0], deck=enrolled.pk), format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "deck"
    assert not Review.objects.exists()
    course_join(user=outsider, join_code=course.join_code)
    deck_enrol(deck=enrolled, user=outsider)
    response = api.post(REVIEWS, body(approved_cards[0], deck=enrolled.pk), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_body_over_the_size_limit_is_the_apis_json_400(api_as, student, enrolled, path, settings):
    raw = '{"card": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    response = api_as(student).post(PATHS[path], raw, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "larger than" in response.json()["detail"]


def test_a_rejected_card_cannot_be_graded_on_the_practice_page(
    web_as, student, instructor, course, enrolled, approved_cards
):
    """The other page that grades cards ("Study my weakest claims") goes through the same
    service: refused with the message, nothing stored."""
    from django.urls import reverse

    item_reject(item=approved_cards[0], user=instructor)
    url = reverse("practice:practice-review", args=[course.pk, approved_cards[0].pk])
    response = web_as(student).post(
        url, {"review_id": str(uuid.uuid4()), "rating": "3", "deck": enrolled.pk}, follow=True
    )
    assert response.status_code == 200
    assert "withdrawn this card" in response.content.decode()
    assert not Review.objects.exists()
